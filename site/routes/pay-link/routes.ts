// Paying a receipt by its link, without signing in: /p/<token> (shared/payments/pay-link.ts).
// The signed token is the proof of which account and period; the payment itself goes through
// the same startPayment / handleReturn / retryPayment as /pay, with a link payer, and is credited
// to the account like any other (settle.ts). The hand-over, return and retry pages hang under
// the token, so they work without a session and only for that account's attempts (addressed by
// their unguessable ids). Forms carry the anonymous CSRF token like every form of the site.
import Router from '@koa/router';
import { DomainError, rateLimited, type FieldError } from '../../../shared/errors.ts';
import { kopecksToFormAmount } from '../../../shared/money.ts';
import { activeProvider } from '../../../shared/payments/configure.ts';
import { payLinkState, type PayLinkFacts } from '../../../shared/payments/pay-link-page.ts';
import { readPayLinkToken, type PayLink } from '../../../shared/payments/pay-link.ts';
import { handleReturn, payerAttempt, receiptEmailNeeded, retryPayment, startPayment, type StartResult } from '../../../shared/payments/pay.ts';
import type { PaymentMethod } from '../../../shared/payments/provider.ts';
import { payFormSchema } from '../../../shared/payments/schemas.ts';
import type { Payer } from '../../../shared/payments/attempts.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { createSourceLimiter } from '../../source-limiter.ts';
import { handOverView, outcomeView, startFailedView } from '../pay/views.ts';
import { invalidLinkView, linkPayView, outdatedView } from './views.ts';
import { typedPayForm } from '../pay/typed-form.ts';

// Requests per address over all /p/ pages: plenty for a payer (the return page reloads itself up
// to 24 times), few for someone trying tokens; in memory, so a stranger's requests write nothing.
const REQUESTS_PER_WINDOW = 60;
const WINDOW_MS = 10 * 60_000;
// As on /pay: the return page reloads itself while the bank has not answered, for two minutes.
const REFRESH_SECONDS = 5;
const MAX_REFRESHES = 24;

export function payLinkRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();
  const limiter = createSourceLimiter({ limit: REQUESTS_PER_WINDOW, windowMs: WINDOW_MS, now: deps.now });

  /**
   * First on every /p/ page: the address's budget, no referrer and no indexing (the address
   * carries the token), a valid signature. Null when «Ссылка не работает» has been rendered
   * instead. Whether the link is still current is each page's own question.
   */
  async function opened(ctx: SiteContext): Promise<PayLink | null> {
    if (!limiter.take(clientIp(ctx)).allowed) throw rateLimited('Слишком много запросов с вашего адреса. Попробуйте через несколько минут.');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Robots-Tag', 'noindex'); // a payer's page, never a search result
    const link = readPayLinkToken(deps.config, ctx.params.token ?? '');
    if (link) return link;
    await invalid(ctx);
    return null;
  }

  async function invalid(ctx: SiteContext) {
    ctx.status = 404;
    await renderPage(ctx, deps, { title: 'Ссылка не работает', content: invalidLinkView() });
  }

  const baseOf = (ctx: SiteContext) => `/p/${ctx.params.token}`;
  const payerOf = (ctx: SiteContext, link: PayLink): Payer => ({ link: { accountId: link.accountId, token: ctx.params.token ?? '' } });

  /** The link's facts while it is current; otherwise the page that says why not, and null. */
  async function currentFacts(ctx: SiteContext, link: PayLink): Promise<PayLinkFacts | null> {
    const state = await payLinkState(deps, link);
    if (state.state === 'current') return state.facts;
    // A closed account, or a period not billed: genuine-looking, but nothing to pay by it.
    if (state.state === 'unknown') {
      await invalid(ctx);
      return null;
    }
    ctx.status = 410;
    await renderPage(ctx, deps, { title: 'Ссылка устарела', content: outdatedView() });
    return null;
  }

  async function showForm(ctx: SiteContext, link: PayLink, facts: PayLinkFacts, form: { amount: string; email: string; method: PaymentMethod; errors: FieldError[] } | null) {
    const [setup, askEmail] = await Promise.all([activeProvider(deps), receiptEmailNeeded(deps, payerOf(ctx, link))]);
    await renderPage(ctx, deps, {
      title: `Оплата по лицевому счёту ${facts.accountNumber}`,
      content: linkPayView({
        csrfToken: ctx.state.csrfToken,
        base: baseOf(ctx),
        facts,
        provider: setup ? { label: setup.provider.label, sandbox: setup.provider.sandbox, methods: setup.provider.methods } : null,
        amount: form?.amount ?? (facts.totalDue > 0 ? kopecksToFormAmount(facts.totalDue) : ''),
        receiptEmail: askEmail ? (form?.email ?? '') : null,
        method: form?.method ?? 'card',
        errors: form?.errors ?? [],
      }),
    });
  }

  async function afterStart(ctx: SiteContext, result: StartResult) {
    if (result.ok) {
      ctx.status = 303;
      ctx.redirect(`${baseOf(ctx)}/go/${result.attemptId}`);
      return;
    }
    ctx.status = 503;
    await renderPage(ctx, deps, { title: 'Платёж не начат', content: startFailedView({ csrfToken: ctx.state.csrfToken, base: baseOf(ctx), ...result }) });
  }

  router.get('/p/:token', async (ctx) => {
    const link = await opened(ctx);
    const facts = link && (await currentFacts(ctx, link));
    if (link && facts) await showForm(ctx, link, facts, null);
  });

  router.post('/p/:token', async (ctx) => {
    const link = await opened(ctx);
    const facts = link && (await currentFacts(ctx, link));
    if (!link || !facts) return;
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const typed = typedPayForm(body);
    const parsed = payFormSchema.safeParse(body);
    if (!parsed.success) {
      ctx.status = 400;
      return showForm(ctx, link, facts, { ...typed, errors: fieldErrorsOf(parsed.error) });
    }
    let result: StartResult;
    try {
      result = await startPayment(deps, {
        payer: payerOf(ctx, link), accountId: link.accountId, amountKopecks: parsed.data.amount, receiptEmail: parsed.data.email ?? null, method: parsed.data.method, ip: clientIp(ctx),
      });
    } catch (err) {
      if (!(err instanceof DomainError) || err.id !== 'validation') throw err;
      ctx.status = 400;
      return showForm(ctx, link, facts, { ...typed, errors: err.fieldErrors });
    }
    await afterStart(ctx, result);
  });

  // Retry, hand-over and return need only a genuine link: a payment begun before the next
  // receipt came must still be finished and seen.
  router.post('/p/:token/retry/:id', async (ctx) => {
    const link = await opened(ctx);
    if (link) await afterStart(ctx, await retryPayment(deps, payerOf(ctx, link), ctx.params.id ?? ''));
  });

  router.get('/p/:token/go/:id', async (ctx) => {
    const link = await opened(ctx);
    if (!link) return;
    const attempt = await payerAttempt(deps, payerOf(ctx, link), ctx.params.id ?? '');
    if (!attempt.confirmationUrl) return ctx.redirect(`${baseOf(ctx)}/return/${attempt.id}`);
    await renderPage(ctx, deps, {
      title: 'Переход к оплате',
      content: handOverView({ confirmationUrl: attempt.confirmationUrl, sandbox: attempt.sandbox }),
      refresh: { seconds: 0, url: attempt.confirmationUrl },
    });
  });

  router.get('/p/:token/return/:id', async (ctx) => {
    const link = await opened(ctx);
    if (!link) return;
    const outcome = await handleReturn(deps, payerOf(ctx, link), ctx.params.id ?? '');
    const waiting = outcome.attempt.status === 'pending' || outcome.attempt.status === 'waiting_for_capture';
    const n = Math.max(0, Number.parseInt(String(ctx.query.n ?? '0'), 10) || 0);
    const refreshing = waiting && n < MAX_REFRESHES;
    await renderPage(ctx, deps, {
      title: outcome.attempt.status === 'succeeded' ? 'Платёж прошёл' : waiting ? 'Ожидаем подтверждение банка' : 'Платёж отменён',
      content: outcomeView({ ...outcome, refreshing, base: baseOf(ctx) }),
      refresh: refreshing ? { seconds: REFRESH_SECONDS, url: `${baseOf(ctx)}/return/${outcome.attempt.id}?n=${n + 1}` } : undefined,
    });
  });

  return router;
}
