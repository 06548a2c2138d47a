// Online payments on the site (card or СБП): the amount form, handing over to the provider, the
// return page, a retry with the same idempotence key, and the sandbox's pretend bank page. The
// form paying several accounts at once is several.ts; it hands over to the same pages. The provider's
// notification webhook lives in notifications.ts (no session, no CSRF).
import Router from '@koa/router';
import { getOverview } from '../../../shared/billing/overview.ts';
import { kopecksToFormAmount } from '../../../shared/money.ts';
import { activeProvider } from '../../../shared/payments/configure.ts';
import { recentAttempts } from '../../../shared/payments/attempts.ts';
import { handleReturn, payerAttempt, receiptEmailNeeded, retryPayment, startPayment, type StartResult } from '../../../shared/payments/pay.ts';
import { completeSandboxPayment, findSandboxPayment } from '../../../shared/payments/sandbox.ts';
import type { PaymentMethod } from '../../../shared/payments/provider.ts';
import { payFormSchema } from '../../../shared/payments/schemas.ts';
import { DomainError, notFound, type FieldError } from '../../../shared/errors.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp, requireResident, type Resident } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { handOverView, outcomeView, payView, sandboxPageView, startFailedView } from './views.ts';
import { typedPayForm } from './typed-form.ts';

// The return page reloads itself every few seconds while the bank has not answered, for two minutes.
const REFRESH_SECONDS = 5;
const MAX_REFRESHES = 24;

/** After a start (or a retry): on to our hand-over page, or the reason it did not start. */
export async function afterStart(ctx: SiteContext, deps: SiteDeps, result: StartResult): Promise<void> {
  if (result.ok) {
    // Our own hand-over page, not a redirect straight to the provider: CSP form-action 'self'
    // would block a form's redirect to another site in Chromium, and widening it would need
    // the provider's page address before we know it.
    ctx.status = 303;
    ctx.redirect(`/pay/go/${result.attemptId}`);
    return;
  }
  ctx.status = 503;
  await renderPage(ctx, deps, { title: 'Платёж не начат', content: startFailedView({ csrfToken: ctx.state.csrfToken, ...result }) });
}

export function payRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showForm(ctx: SiteContext, resident: Resident, form: { amount: string; email: string; method: PaymentMethod; errors: FieldError[] } | null) {
    const [setup, overview, attempts, askEmail] = await Promise.all([
      activeProvider(deps),
      getOverview(deps.db, resident.current.id, deps.now(), deps.config.timeZone),
      recentAttempts(deps.db, resident.current.id),
      receiptEmailNeeded(deps, { userId: resident.userId }),
    ]);
    await renderPage(ctx, deps, {
      title: 'Оплата',
      content: payView({
        csrfToken: ctx.state.csrfToken,
        account: resident.current,
        several: resident.accounts.length > 1,
        provider: setup ? { label: setup.provider.label, sandbox: setup.provider.sandbox, methods: setup.provider.methods } : null,
        amount: form?.amount ?? (overview.totalDue > 0 ? kopecksToFormAmount(overview.totalDue) : ''),
        totalDue: overview.totalDue,
        receiptEmail: askEmail ? (form?.email ?? '') : null,
        method: form?.method ?? 'card',
        errors: form?.errors ?? [],
        attempts,
        timeZone: deps.config.timeZone,
      }),
    });
  }

  router.get('/pay', async (ctx) => {
    const resident = requireResident(ctx);
    await showForm(ctx, resident, null);
  });

  router.post('/pay', async (ctx) => {
    const resident = requireResident(ctx);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const typed = typedPayForm(body);
    const parsed = payFormSchema.safeParse(body);
    if (!parsed.success) {
      ctx.status = 400;
      return showForm(ctx, resident, { ...typed, errors: fieldErrorsOf(parsed.error) });
    }
    let result: StartResult;
    try {
      result = await startPayment(deps, {
        payer: { userId: resident.userId }, accountId: resident.current.id, amountKopecks: parsed.data.amount, receiptEmail: parsed.data.email ?? null, method: parsed.data.method, ip: clientIp(ctx),
      });
    } catch (err) {
      // No e-mail for the 54-ФЗ receipt: back to the form with what was typed, nothing started.
      if (!(err instanceof DomainError) || err.id !== 'validation') throw err;
      ctx.status = 400;
      return showForm(ctx, resident, { ...typed, errors: err.fieldErrors });
    }
    await afterStart(ctx, deps, result);
  });

  router.post('/pay/retry/:id', async (ctx) => {
    const resident = requireResident(ctx);
    await afterStart(ctx, deps, await retryPayment(deps, { userId: resident.userId }, ctx.params.id ?? ''));
  });

  router.get('/pay/go/:id', async (ctx) => {
    const resident = requireResident(ctx);
    const attempt = await payerAttempt(deps, { userId: resident.userId }, ctx.params.id ?? '');
    if (!attempt.confirmationUrl) return ctx.redirect(`/pay/return/${attempt.id}`);
    await renderPage(ctx, deps, {
      title: 'Переход к оплате',
      content: handOverView({ confirmationUrl: attempt.confirmationUrl, sandbox: attempt.sandbox }),
      refresh: { seconds: 0, url: attempt.confirmationUrl },
    });
  });

  router.get('/pay/return/:id', async (ctx) => {
    const resident = requireResident(ctx);
    const outcome = await handleReturn(deps, { userId: resident.userId }, ctx.params.id ?? '');
    const waiting = outcome.attempt.status === 'pending' || outcome.attempt.status === 'waiting_for_capture';
    const n = Math.max(0, Number.parseInt(String(ctx.query.n ?? '0'), 10) || 0);
    const refreshing = waiting && n < MAX_REFRESHES;
    await renderPage(ctx, deps, {
      title: outcome.attempt.status === 'succeeded' ? 'Платёж прошёл' : waiting ? 'Ожидаем подтверждение банка' : 'Платёж отменён',
      content: outcomeView({ ...outcome, refreshing }),
      refresh: refreshing ? { seconds: REFRESH_SECONDS, url: `/pay/return/${outcome.attempt.id}?n=${n + 1}` } : undefined,
    });
  });

  // The sandbox's «bank page»: reachable by its unguessable id, like a provider's checkout page.
  router.get('/pay/sandbox/:id', async (ctx) => {
    if (!deps.config.paymentsSandbox) throw notFound();
    const payment = await findSandboxPayment(deps.db, ctx.params.id ?? '');
    if (!payment) throw notFound('Тестовый платёж не найден');
    await renderPage(ctx, deps, { title: 'Тестовая оплата', content: sandboxPageView({ csrfToken: ctx.state.csrfToken, payment }) });
  });

  router.post('/pay/sandbox/:id', async (ctx) => {
    if (!deps.config.paymentsSandbox) throw notFound();
    const outcome = (ctx.request.body as Record<string, unknown> | undefined)?.outcome;
    if (outcome !== 'succeeded' && outcome !== 'canceled') throw notFound();
    const payment = await completeSandboxPayment(deps.db, ctx.params.id ?? '', outcome, deps.now());
    if (!payment) throw notFound('Тестовый платёж не найден');
    ctx.status = 303;
    ctx.redirect(payment.returnUrl);
  });

  return router;
}
