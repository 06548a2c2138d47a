// Sign-in and sign-out. Handlers read: rate limit → validate → command → present.
import Router from '@koa/router';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeAudit } from '../../../shared/audit/write.ts';
import { authenticate, failureDelayMs, loginFormSchema } from '../../../shared/residents/login.ts';
import { createSession, destroySession } from '../../../shared/residents/sessions.ts';
import { getSetting } from '../../../shared/settings/settings.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import { COOKIE_SESSION, type SiteDeps, type SiteState } from '../../context.ts';
import { cookieOptions } from '../../cookies.ts';
import { clientIp, safeBackPath } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { loginView } from './views.ts';

export function authRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  router.get('/login', async (ctx) => {
    if (ctx.state.session) return ctx.redirect('/');
    await renderPage(ctx, deps, {
      title: 'Вход',
      content: loginView({
        csrfToken: ctx.state.csrfToken,
        login: '',
        next: safeBackPath(ctx.query.next),
        errors: [],
        loggedOut: ctx.query.done === 'logout',
        passwordReset: ctx.query.done === 'password-reset',
        registrationOpen: (await getSetting(deps.db, 'registration.mode')) !== 'application_only',
      }),
    });
  });

  router.post('/login', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const next = safeBackPath(body.next);
    const parsed = loginFormSchema.safeParse(body);
    const showForm = async (status: number, errors: ReturnType<typeof fieldErrorsOf>, message?: string) => {
      ctx.status = status;
      await renderPage(ctx, deps, {
        title: 'Вход',
        content: loginView({
          csrfToken: ctx.state.csrfToken, login: typeof body.login === 'string' ? body.login : '', next, errors, message,
          registrationOpen: (await getSetting(deps.db, 'registration.mode')) !== 'application_only',
        }),
      });
    };
    if (!parsed.success) return showForm(400, fieldErrorsOf(parsed.error));

    const ip = clientIp(ctx);
    const result = await authenticate(
      deps.db,
      { ...parsed.data, ip, now: deps.now() },
      { maxFailures: deps.config.loginMaxFailures, lockMs: deps.config.loginLockMs, timeZone: deps.config.timeZone, siteUrl: deps.config.publicUrl },
    );
    if (!result.ok) {
      if (result.reason === 'bad_credentials') await sleep(failureDelayMs(result.addressFailures, deps.config.loginFailureDelayMs));
      return showForm(result.reason === 'ip_throttled' ? 429 : 401, [], result.message);
    }

    // A fresh session (and CSRF token) at every sign-in: no fixation.
    const old = ctx.state.session;
    if (old) await destroySession(deps.db, old.sessionId);
    const session = await createSession(deps.db, {
      userId: result.userId,
      accountId: result.accountId,
      ttlMs: deps.config.sessionTtlMs,
      ip,
      userAgent: ctx.get('user-agent'),
      now: deps.now(),
    });
    await writeAudit(deps.db, { actorType: 'resident', actorId: result.userId, action: 'login', ip, accountId: result.accountId });
    ctx.cookies.set(COOKIE_SESSION, session.token, { ...cookieOptions(deps), maxAge: deps.config.sessionTtlMs });
    ctx.redirect(next);
  });

  router.post('/logout', async (ctx) => {
    const session = ctx.state.session;
    if (session) {
      await destroySession(deps.db, session.sessionId);
      await writeAudit(deps.db, { actorType: 'resident', actorId: session.userId, action: 'logout', ip: clientIp(ctx) });
    }
    ctx.cookies.set(COOKIE_SESSION, null, cookieOptions(deps));
    ctx.redirect('/login?done=logout');
  });

  return router;
}
