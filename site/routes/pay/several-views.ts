// The form paying several of a resident's accounts in one payment: each account with its amount
// due filled in (editable; 0 leaves it out), the total, the method, then the same hand-over and
// return pages as /pay. Works without JavaScript; site.js only keeps the total up to date.
import type { FieldError } from '../../../shared/errors.ts';
import { parseRubles } from '../../../shared/money.ts';
import type { PaymentMethod } from '../../../shared/payments/provider.ts';
import { partField } from '../../../shared/payments/schemas.ts';
import type { AccountSummary } from '../../../shared/residents/accounts.ts';
import { PAY_ONLINE_UNAVAILABLE } from '../../../shared/vocabulary.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, notice } from '../../views/components.ts';
import { formatRubles } from '../../views/format.ts';
import { html, type SafeHtml } from '../../views/html.ts';
import { shortAddress } from '../../views/short-address.ts';
import { payFormEnd, RESIDENT_EMAIL_HINT, sandboxBanner } from './views.ts';

export interface SeveralRow {
  account: AccountSummary;
  /** Kopecks due now; 0 when nothing is. */
  totalDue: number;
  /** What the field shows: the amount due at first, what was typed after a refusal. */
  typed: string;
}

export interface SeveralFormView {
  csrfToken: string;
  provider: { label: string; sandbox: boolean; methods: readonly PaymentMethod[] } | null;
  rows: SeveralRow[];
  method: PaymentMethod;
  /** As on /pay: null when no e-mail is needed for the 54-ФЗ receipt. */
  receiptEmail: string | null;
  errors: FieldError[];
}

export function severalView(o: SeveralFormView): SafeHtml {
  if (!o.provider) return html`<h1>Оплата нескольких счетов</h1>${notice('info', PAY_ONLINE_UNAVAILABLE)}<p><a href="/">На главную</a></p>`;
  // The total of what is typed now (an amount that does not read as one counts as nothing).
  const total = o.rows.reduce((sum, r) => sum + (parseRubles(r.typed.trim() === '' ? '0' : r.typed) ?? 0), 0);
  return html`<h1>Оплата нескольких счетов</h1>
  ${o.provider.sandbox ? sandboxBanner() : ''}
  ${errorSummary(o.errors)}
  <p class="lead">Один платёж за несколько лицевых счетов: каждому счёту зачислится своя часть. Чтобы не платить по счёту, оставьте 0.</p>
  <form method="post" action="${errorsAnchor('/pay/several')}" novalidate>
    ${csrfInput(o.csrfToken)}
    <fieldset class="parts">
      <legend>Сколько заплатить по каждому счёту</legend>
      ${o.rows.map((r) => field({
        name: partField(r.account.id), label: `Лицевой счёт ${r.account.number}, ₽`, value: r.typed, inputmode: 'decimal', autocomplete: 'off',
        hint: `${shortAddress(r.account.address)}. ${r.totalDue > 0 ? `К оплате: ${formatRubles(r.totalDue)}` : 'Задолженности нет'}.`,
        error: errorFor(o.errors, partField(r.account.id)),
      }))}
    </fieldset>
    <p class="parts-total">Итого к оплате: <strong data-testid="parts-total" data-parts-total aria-live="polite">${formatRubles(total)}</strong></p>
    ${payFormEnd({
      receiptEmail: o.receiptEmail, emailHint: RESIDENT_EMAIL_HINT, errors: o.errors, providerLabel: o.provider.label, methods: o.provider.methods, method: o.method,
    })}
  </form>
  <p class="link-line"><a href="/pay">Оплатить только текущий счёт</a></p>`;
}
