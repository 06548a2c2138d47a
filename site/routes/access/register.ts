// Self-registration: GET/POST /register, then /register/done. Handlers read: mode → validate →
// command (throttling and matching live in the use-case) → present.
import Router from '@koa/router';
import { personalDataKey } from '../../../shared/access/passport.ts';
import { registerSelf, registrationFormSchema, selfRegistrationAllowed, REGISTER_FIELDS, type SelfRegistrationMode } from '../../../shared/access/register.ts';
import { DomainError, type FieldError } from '../../../shared/errors.ts';
import { getSetting } from '../../../shared/settings/settings.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { applicationOnlyView, EMPTY_REGISTER_VALUES, registeredView, registerView, type RegisterValues } from './register-views.ts';

const TITLE = 'Регистрация';
const text = (value: unknown) => (typeof value === 'string' ? value : '');

// Refusals of the whole form and their statuses; anything else goes to the error page.
const REFUSAL_STATUS: Partial<Record<DomainError['id'], number>> = { validation: 400, rate_limited: 429, conflict: 409 };

export function registerRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showForm(ctx: SiteContext, mode: SelfRegistrationMode, values: RegisterValues, errors: FieldError[], status = 200, message?: string) {
    ctx.status = status;
    await renderPage(ctx, deps, { title: TITLE, content: registerView({ csrfToken: ctx.state.csrfToken, mode, values, errors, message }) });
  }

  router.get('/register', async (ctx) => {
    if (ctx.state.session) return ctx.redirect('/');
    const mode = await getSetting(deps.db, 'registration.mode');
    if (!selfRegistrationAllowed(mode)) return renderPage(ctx, deps, { title: TITLE, content: applicationOnlyView() });
    await showForm(ctx, mode, EMPTY_REGISTER_VALUES, []);
  });

  router.post('/register', async (ctx) => {
    const mode = await getSetting(deps.db, 'registration.mode');
    if (!selfRegistrationAllowed(mode)) {
      ctx.status = 409;
      return renderPage(ctx, deps, { title: TITLE, content: applicationOnlyView() });
    }
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const values: RegisterValues = {
      accountNumber: text(body[REGISTER_FIELDS.account]),
      email: text(body[REGISTER_FIELDS.email]),
      amount: text(body[REGISTER_FIELDS.amount]),
      consent: body[REGISTER_FIELDS.consent] !== undefined,
    };
    const parsed = registrationFormSchema(mode).safeParse(body);
    if (!parsed.success) return showForm(ctx, mode, values, fieldErrorsOf(parsed.error), 400);

    try {
      await registerSelf(deps.db, {
        form: parsed.data,
        ip: clientIp(ctx),
        userAgent: ctx.get('user-agent') || null,
        now: deps.now(),
        passportKey: personalDataKey(deps.config),
        siteUrl: deps.config.publicUrl,
        timeZone: deps.config.timeZone,
      });
    } catch (err) {
      const status = err instanceof DomainError ? REFUSAL_STATUS[err.id] : undefined;
      if (status === undefined || !(err instanceof DomainError)) throw err;
      return showForm(ctx, mode, values, err.fieldErrors, status, err.message);
    }
    ctx.redirect('/register/done');
  });

  router.get('/register/done', async (ctx) => {
    await renderPage(ctx, deps, { title: 'Регистрация выполнена', content: registeredView() });
  });

  return router;
}
