// /pay/several: a resident who holds several accounts pays them in one payment
// (shared/payments/several.ts). Only the resident's own accounts are listed and accepted; the
// hand-over, return and retry pages are /pay's.
import Router from '@koa/router';
import { getOverview } from '../../../shared/billing/overview.ts';
import { DomainError, notFound, type FieldError } from '../../../shared/errors.ts';
import { kopecksToFormAmount } from '../../../shared/money.ts';
import { activeProvider } from '../../../shared/payments/configure.ts';
import { receiptEmailNeeded } from '../../../shared/payments/pay.ts';
import type { PaymentMethod } from '../../../shared/payments/provider.ts';
import { partField, readPostedParts, severalFormSchema } from '../../../shared/payments/schemas.ts';
import { NOT_YOUR_ACCOUNT, startSeveralPayment } from '../../../shared/payments/several.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp, requireResident, type Resident } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { afterStart } from './routes.ts';
import { severalView } from './several-views.ts';
import { typedPayForm } from './typed-form.ts';

interface TypedSeveral {
  /** As typed, by account id. */
  amounts: Map<number, string>;
  email: string;
  method: PaymentMethod;
  errors: FieldError[];
}

export function severalPayRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showForm(ctx: SiteContext, resident: Resident, form: TypedSeveral | null) {
    const [setup, askEmail, overviews] = await Promise.all([
      activeProvider(deps),
      receiptEmailNeeded(deps, { userId: resident.userId }),
      Promise.all(resident.accounts.map((a) => getOverview(deps.db, a.id, deps.now(), deps.config.timeZone))),
    ]);
    const rows = resident.accounts.map((account, i) => {
      const totalDue = Math.max(0, overviews[i]?.totalDue ?? 0);
      const prefilled = totalDue > 0 ? kopecksToFormAmount(totalDue) : '0';
      return { account, totalDue, typed: form ? (form.amounts.get(account.id) ?? '') : prefilled };
    });
    await renderPage(ctx, deps, {
      title: 'Оплата нескольких счетов',
      content: severalView({
        csrfToken: ctx.state.csrfToken,
        provider: setup ? { label: setup.provider.label, sandbox: setup.provider.sandbox, methods: setup.provider.methods } : null,
        rows,
        method: form?.method ?? 'card',
        receiptEmail: askEmail ? (form?.email ?? '') : null,
        errors: form?.errors ?? [],
      }),
    });
  }

  router.get('/pay/several', async (ctx) => {
    const resident = requireResident(ctx);
    if (resident.accounts.length < 2) return ctx.redirect('/pay');
    await showForm(ctx, resident, null);
  });

  router.post('/pay/several', async (ctx) => {
    const resident = requireResident(ctx);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const { parts, errors } = readPostedParts(body, resident.accounts);
    // Only a tampered form names another account: refused outright (the payment checks again).
    if (parts.some((p) => !resident.accounts.some((a) => a.id === p.accountId))) throw notFound(NOT_YOUR_ACCOUNT);
    const rest = severalFormSchema.safeParse(body);
    const { email, method } = typedPayForm(body);
    const typed = (fieldErrors: FieldError[]): TypedSeveral => ({
      amounts: new Map(resident.accounts.map((a) => [a.id, typeof body[partField(a.id)] === 'string' ? String(body[partField(a.id)]) : ''])),
      email, method, errors: fieldErrors,
    });
    const refused = [...errors, ...(rest.success ? [] : fieldErrorsOf(rest.error))];
    if (refused.length > 0 || !rest.success) {
      ctx.status = 400;
      return showForm(ctx, resident, typed(refused));
    }
    try {
      const result = await startSeveralPayment(deps, {
        userId: resident.userId, parts, method: rest.data.method, receiptEmail: rest.data.email ?? null, ip: clientIp(ctx),
      });
      await afterStart(ctx, deps, result);
    } catch (err) {
      // Amounts out of range, all zero, or no e-mail for the receipt: back to the form as typed.
      if (!(err instanceof DomainError) || err.id !== 'validation') throw err;
      ctx.status = 400;
      await showForm(ctx, resident, typed(err.fieldErrors));
    }
  });

  return router;
}
