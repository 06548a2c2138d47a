// «Обратная связь» at /feedback, open without signing in. Handlers read: validate → submit
// (throttle, moderation and storage inside submitFeedback) → redirect; a refusal keeps the text.
import Router from '@koa/router';
import { DomainError } from '../../../shared/errors.ts';
import { getProfile } from '../../../shared/profile/profile.ts';
import { feedbackFormSchema, submitFeedback } from '../../../shared/requests/feedback.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { EMPTY_FEEDBACK, feedbackSentView, feedbackView, type FeedbackPage, type FeedbackValues } from './views.ts';

const TITLE = 'Обратная связь';
const text = (value: unknown) => (typeof value === 'string' ? value : '');

function typedValues(body: Record<string, unknown>): FeedbackValues {
  return {
    name: text(body.name), email: text(body.email), phone: text(body.phone), topic: text(body.topic), body: text(body.body),
    consent: body.consent !== undefined && body.consent !== '',
  };
}

export function feedbackRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showForm(ctx: SiteContext, form: Omit<FeedbackPage, 'csrfToken' | 'signedIn'>, status = 200) {
    ctx.status = status;
    await renderPage(ctx, deps, { title: TITLE, content: feedbackView({ ...form, csrfToken: ctx.state.csrfToken, signedIn: ctx.state.session !== null }) });
  }

  router.get('/feedback', async (ctx) => {
    const session = ctx.state.session;
    if (!session) return showForm(ctx, { values: EMPTY_FEEDBACK, errors: [] });
    const profile = await getProfile(deps.db, session.userId);
    await showForm(ctx, { values: { ...EMPTY_FEEDBACK, name: profile.fullName ?? '', email: profile.email ?? '', phone: profile.phone ?? '' }, errors: [] });
  });

  router.post('/feedback', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const parsed = feedbackFormSchema.safeParse(body);
    if (!parsed.success) return showForm(ctx, { values, errors: fieldErrorsOf(parsed.error) }, 400);
    try {
      await submitFeedback(deps.db, {
        form: parsed.data, userId: ctx.state.session?.userId ?? null, ip: clientIp(ctx), userAgent: ctx.get('user-agent') || null, now: deps.now(),
      });
    } catch (err) {
      if (err instanceof DomainError && err.id === 'rate_limited') return showForm(ctx, { values, errors: [], message: err.message }, 429);
      throw err;
    }
    ctx.redirect('/feedback/sent');
  });

  router.get('/feedback/sent', async (ctx) => {
    await renderPage(ctx, deps, { title: 'Сообщение отправлено', content: feedbackSentView() });
  });

  return router;
}
