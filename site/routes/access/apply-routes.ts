// The application for access, open without signing in. Handlers read: rate limit and
// validation (inside submitApplication) → transaction → present; POST redirects on success.
import Router from '@koa/router';
import { asksForPassport } from '../../../shared/access/application-schema.ts';
import { submitApplication } from '../../../shared/access/submit-application.ts';
import { DomainError } from '../../../shared/errors.ts';
import { getSetting } from '../../../shared/settings/settings.ts';
import { isIsoDate } from '../../../shared/time.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { EMPTY_APPLY_VALUES, applySentView, applyView, type ApplyPage, type ApplyValues } from './apply-views.ts';

const TITLE = 'Заявка на получение доступа';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** What the applicant typed, to put back in the form after a refusal. */
function typedValues(body: Record<string, unknown>): ApplyValues {
  return {
    fullName: text(body.fullName),
    address: text(body.address),
    accountNumber: text(body.accountNumber),
    email: text(body.email),
    phone: text(body.phone),
    passport: text(body.passport),
    consent: body.consent !== undefined && body.consent !== '',
  };
}

export function applyRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showForm(ctx: SiteContext, form: Omit<ApplyPage, 'csrfToken' | 'askPassport'>, status = 200) {
    const mode = await getSetting(deps.db, 'registration.mode');
    ctx.status = status;
    await renderPage(ctx, deps, { title: TITLE, content: applyView({ ...form, csrfToken: ctx.state.csrfToken, askPassport: asksForPassport(mode) }) });
  }

  router.get('/apply', async (ctx) => {
    await showForm(ctx, { values: EMPTY_APPLY_VALUES, errors: [] });
  });

  router.post('/apply', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    try {
      const sent = await submitApplication(deps, { fields: body, ip: clientIp(ctx), userAgent: ctx.get('user-agent') || null, now: deps.now() });
      ctx.redirect(`/apply/sent?until=${sent.deadlineOn}`);
    } catch (err) {
      if (!(err instanceof DomainError) || (err.id !== 'validation' && err.id !== 'rate_limited')) throw err;
      const values = typedValues(body);
      if (err.id === 'rate_limited') return showForm(ctx, { values, errors: [], message: err.message }, 429);
      return showForm(ctx, { values, errors: err.fieldErrors }, 400);
    }
  });

  router.get('/apply/sent', async (ctx) => {
    const until = text(ctx.query.until);
    await renderPage(ctx, deps, { title: 'Заявка отправлена', content: applySentView({ deadlineOn: isIsoDate(until) ? until : null }) });
  });

  return router;
}
