// The resident's profile: contacts, notification choices, password. Each form posts and
// redirects to /profile?done=…; a refused form comes back with status 400 and its errors.
import Router from '@koa/router';
import { DomainError, unauthenticated } from '../../../shared/errors.ts';
import { contactsFormSchema, updateContacts } from '../../../shared/profile/contacts.ts';
import { PASSWORD_FIELDS, changePassword, passwordFormSchema } from '../../../shared/profile/password.ts';
import { preferencesFromForm, updateNotificationPreferences } from '../../../shared/profile/preferences.ts';
import { getProfile } from '../../../shared/profile/profile.ts';
import type { NewSession, SessionUser } from '../../../shared/residents/sessions.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import { COOKIE_SESSION, type SiteContext, type SiteDeps, type SiteState } from '../../context.ts';
import { cookieOptions } from '../../cookies.ts';
import { clientIp } from '../../guards.ts';
import { renderPage, residentView } from '../../render.ts';
import { DONE_MESSAGES, profileView, type DoneKey, type FormState } from './views.ts';

// The profile needs a signed-in user, not an account: a user whose accounts were unlinked
// can still change the password and contacts.
function requireSession(ctx: SiteContext): SessionUser {
  if (!ctx.state.session) throw unauthenticated();
  return ctx.state.session;
}

const bodyOf = (ctx: SiteContext) => (ctx.request.body ?? {}) as Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

function doneKey(value: unknown): DoneKey | null {
  return typeof value === 'string' && Object.hasOwn(DONE_MESSAGES, value) ? (value as DoneKey) : null;
}

/** The status of a refusal the form shows itself; null for anything that goes to the error page. */
function formStatusOf(err: unknown): number | null {
  if (!(err instanceof DomainError)) return null;
  return err.id === 'validation' ? 400 : err.id === 'rate_limited' ? 429 : null;
}

export function profileRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showProfile(ctx: SiteContext, session: SessionUser, form: FormState | null, status = 200) {
    const [profile, view] = await Promise.all([getProfile(deps.db, session.userId), residentView(ctx)]);
    ctx.status = status;
    await renderPage(ctx, deps, {
      title: 'Профиль',
      content: profileView({
        csrfToken: ctx.state.csrfToken,
        profile,
        accounts: view?.accounts ?? [],
        currentAccountId: view?.current?.id ?? null,
        done: form ? null : doneKey(ctx.query.done),
        form,
        timeZone: deps.config.timeZone,
      }),
    });
  }

  router.get('/profile', async (ctx) => {
    const session = requireSession(ctx);
    await showProfile(ctx, session, null);
  });

  router.post('/profile/contacts', async (ctx) => {
    const session = requireSession(ctx);
    const body = bodyOf(ctx);
    const parsed = contactsFormSchema.safeParse(body);
    const typed = { email: text(body.email), phone: text(body.phone) };
    if (!parsed.success) return showProfile(ctx, session, { form: 'contacts', errors: fieldErrorsOf(parsed.error), values: typed }, 400);
    await updateContacts(deps.db, { userId: session.userId, ...parsed.data, ip: clientIp(ctx), now: deps.now() });
    ctx.redirect('/profile?done=contacts');
  });

  router.post('/profile/notifications', async (ctx) => {
    const session = requireSession(ctx);
    const choices = preferencesFromForm(bodyOf(ctx));
    try {
      await updateNotificationPreferences(deps.db, { userId: session.userId, choices, ip: clientIp(ctx), now: deps.now() });
    } catch (err) {
      const status = formStatusOf(err);
      if (status === null || !(err instanceof DomainError)) throw err;
      return showProfile(ctx, session, { form: 'notifications', errors: err.fieldErrors, choices }, status);
    }
    ctx.redirect('/profile?done=notifications');
  });

  router.post('/profile/password', async (ctx) => {
    const session = requireSession(ctx);
    const parsed = passwordFormSchema.safeParse(bodyOf(ctx));
    if (!parsed.success) return showProfile(ctx, session, { form: 'password', errors: fieldErrorsOf(parsed.error) }, 400);
    let renewed: NewSession;
    try {
      renewed = await changePassword(deps.db, {
        userId: session.userId,
        sessionId: session.sessionId,
        ttlMs: deps.config.sessionTtlMs,
        accountId: session.currentAccountId,
        userAgent: ctx.get('user-agent'),
        current: parsed.data[PASSWORD_FIELDS.current],
        next: parsed.data[PASSWORD_FIELDS.next],
        repeat: parsed.data[PASSWORD_FIELDS.repeat],
        ip: clientIp(ctx),
        now: deps.now(),
      });
    } catch (err) {
      const status = formStatusOf(err);
      if (status === null || !(err instanceof DomainError)) throw err;
      const form: FormState = err.id === 'rate_limited'
        ? { form: 'password', errors: [], message: err.message }
        : { form: 'password', errors: err.fieldErrors };
      return showProfile(ctx, session, form, status);
    }
    // The old token was ended with the password; the browser continues with the new one.
    ctx.cookies.set(COOKIE_SESSION, renewed.token, { ...cookieOptions(deps), maxAge: deps.config.sessionTtlMs });
    ctx.redirect('/profile?done=password');
  });

  return router;
}
