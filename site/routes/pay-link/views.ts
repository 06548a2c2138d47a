// Pay-by-link pages (a receipt's «Оплатить онлайн» link, no sign-in): the amount form with what
// the link may show, the page of a link a newer receipt has replaced, and the page of a link
// that is not ours. The payment's own steps reuse the /pay views (site/routes/pay/views.ts).
import type { FieldError } from '../../../shared/errors.ts';
import type { PayLinkFacts } from '../../../shared/payments/pay-link-page.ts';
import type { PaymentMethod } from '../../../shared/payments/provider.ts';
import { formatPeriodRu } from '../../../shared/period.ts';
import { PAY_ONLINE_UNAVAILABLE } from '../../../shared/vocabulary.ts';
import { errorSummary, notice } from '../../views/components.ts';
import { formatRubles } from '../../views/format.ts';
import { html, type SafeHtml } from '../../views/html.ts';
import { payForm, sandboxBanner } from '../pay/views.ts';

const SIGN_IN = html`<p>Все квитанции и платежи — в <a href="/login">личном кабинете</a>.</p>`;

export interface LinkPayView {
  csrfToken: string;
  base: string;
  facts: PayLinkFacts;
  provider: { label: string; sandbox: boolean; methods: readonly PaymentMethod[] } | null;
  amount: string;
  method: PaymentMethod;
  receiptEmail: string | null;
  errors: FieldError[];
}

export function linkPayView(o: LinkPayView): SafeHtml {
  const f = o.facts;
  const heading = html`<h1>Оплата квитанции за ${formatPeriodRu(f.period)}</h1>
  <dl data-testid="pay-link-facts">
    <dt>Получатель</dt><dd>${f.company}</dd>
    <dt>Лицевой счёт</dt><dd>${f.accountNumber}</dd>
    <dt>Адрес</dt><dd>${f.address}</dd>
    <dt>К оплате</dt><dd><strong>${f.totalDue > 0 ? formatRubles(f.totalDue) : 'задолженности нет'}</strong></dd>
  </dl>`;
  if (!o.provider) {
    return html`${heading}
    ${notice('info', PAY_ONLINE_UNAVAILABLE)}
    ${SIGN_IN}`;
  }
  return html`${heading}
  ${o.provider.sandbox ? sandboxBanner() : ''}
  ${errorSummary(o.errors)}
  ${f.totalDue > 0 ? '' : html`<p>Можно внести аванс: он будет учтён в следующей квитанции.</p>`}
  ${payForm({
    action: o.base, csrfToken: o.csrfToken, amount: o.amount, receiptEmail: o.receiptEmail, errors: o.errors, providerLabel: o.provider.label,
    methods: o.provider.methods, method: o.method,
    emailHint: 'По закону (54-ФЗ) после оплаты вам придёт электронный чек: укажите, куда его прислать. Адрес нужен только для чека.',
  })}
  <p class="hint">Войти в личный кабинет для оплаты не нужно: ссылка из квитанции действует до следующей квитанции.</p>
  ${SIGN_IN}`;
}

export function outdatedView(): SafeHtml {
  return html`<div class="narrow">
  <h1>Ссылка устарела</h1>
  ${notice('info', 'Эта ссылка для оплаты действовала до следующей квитанции. Пришла новая квитанция: оплатите по ссылке из неё.')}
  ${SIGN_IN}
</div>`;
}

export function invalidLinkView(): SafeHtml {
  return html`<div class="narrow">
  <h1>Ссылка не работает</h1>
  <p class="lead">Ссылка для оплаты повреждена или неполна. Проверьте, что она скопирована целиком, или оплатите по QR-коду на квитанции.</p>
  ${SIGN_IN}
</div>`;
}
