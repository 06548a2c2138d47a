import { plural } from '../../../shared/plural.ts';
import type { Overview } from '../../../shared/billing/overview.ts';
import { AWAITING_BILLING_NOTE, awaitsBilling, PAYMENT_SOURCE_LABELS, PAYMENT_STATUS_LABELS } from '../../../shared/billing/payments.ts';
import type { AccountSummary } from '../../../shared/residents/accounts.ts';
import { formatArea, formatDateRu, formatDateTimeRu, formatPeriodRu, formatRubles } from '../../views/format.ts';
import { html, type SafeHtml } from '../../views/html.ts';
import { severalLink } from '../pay/views.ts';

export function overviewView(o: { account: AccountSummary; overview: Overview; timeZone: string; several: boolean }): SafeHtml {
  const { overview: ov, account } = o;
  const debt = ov.balance > 0;
  const advance = ov.balance < 0;
  return html`<h1>Лицевой счёт ${account.number}</h1>
  <p class="lead">${account.address}. ${account.ownerName}. Площадь ${formatArea(account.totalAreaCm2)}, проживает ${account.residents}.</p>

  <section class="card card--balance ${debt ? 'card--debt' : ''}" aria-labelledby="balance-title">
    <h2 id="balance-title">${debt ? 'К оплате' : advance ? 'Переплата (аванс)' : 'Задолженности нет'}</h2>
    <p class="amount" data-testid="balance">${formatRubles(Math.abs(ov.balance))}</p>
    ${ov.period && debt && ov.dueDate ? html`<p class="due">Оплатить до <strong>${formatDateRu(ov.dueDate)}</strong></p>` : ''}
    <p class="actions">
      ${ov.period && debt ? html`<a class="button" href="/pay">Оплатить</a>` : ''}
      ${ov.readings.meters > 0 ? html`<a class="button button--secondary" href="/meters">Передать показания</a>` : ''}
    </p>
    ${ov.period
      ? html`${ov.paidSinceBilling > 0
          ? html`<p data-testid="since-receipt">По квитанции за ${formatPeriodRu(ov.period)} — ${formatRubles(ov.balance + ov.paidSinceBilling)}; после неё вы оплатили
              ${formatRubles(ov.paidSinceBilling)}, поэтому здесь сумма ${debt ? 'меньше' : 'другая'}, чем в квитанции.</p>`
          : html`<p>По квитанции за ${formatPeriodRu(ov.period)}.</p>`}
          <p>Начислено за месяц: ${formatRubles(ov.charged)}.</p>
          <ul class="link-list">
            <li><a href="/charges?period=${ov.period}">Начисления за ${formatPeriodRu(ov.period)}</a></li>
            <li><a href="/receipts/${ov.period}.pdf" download data-testid="receipt-link">Скачать квитанцию (PDF)</a></li>
          </ul>`
      : html`<p>Расчётный центр ещё не передал начисления по этому счёту.</p>`}
    ${o.several ? severalLink() : ''}
  </section>

  <section class="card" aria-labelledby="payment-title">
    <h2 id="payment-title">Последний платёж</h2>
    ${ov.lastPayment
      ? html`<p><strong>${formatRubles(ov.lastPayment.amount)}</strong> — ${formatDateTimeRu(ov.lastPayment.paidAt, o.timeZone)},
          ${PAYMENT_SOURCE_LABELS[ov.lastPayment.source] ?? ov.lastPayment.source}
          ${ov.lastPayment.status !== 'succeeded' ? html`(${PAYMENT_STATUS_LABELS[ov.lastPayment.status] ?? ov.lastPayment.status})` : ''}${awaitsBilling(ov.lastPayment) ? html` — <span data-testid="awaiting-billing">${AWAITING_BILLING_NOTE}</span>` : ''}</p>`
      : html`<p>Платежей пока нет.</p>`}
    <ul class="link-list"><li><a href="/payments">История платежей</a></li></ul>
  </section>

  <section class="card" aria-labelledby="readings-title">
    <h2 id="readings-title">Показания за ${formatPeriodRu(ov.readings.period)}</h2>
    ${ov.readings.meters === 0
      ? html`<p>Приборы учёта не зарегистрированы.</p>`
      : html`<p data-testid="readings-status">Передано ${ov.readings.submitted} из ${ov.readings.meters}.</p>
          ${ov.readings.expired > 0 ? html`<p class="warning-text">У ${ov.readings.expired} ${plural(ov.readings.expired, 'счётчика', 'счётчиков', 'счётчиков')} истёк срок поверки.</p>` : ''}
          <ul class="link-list"><li><a href="/meters">Все счётчики и история показаний</a></li></ul>`}
  </section>`;
}
