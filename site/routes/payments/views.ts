import { AWAITING_BILLING_NOTE, awaitsBilling, PAYMENT_SOURCE_LABELS, PAYMENT_STATUS_LABELS, type PaymentRow } from '../../../shared/billing/payments.ts';
import { formatDateTimeRu, formatPeriodRu, formatRubles } from '../../views/format.ts';
import { html, type SafeHtml } from '../../views/html.ts';

export function paymentsView(o: { payments: PaymentRow[]; page: number; pages: number; timeZone: string }): SafeHtml {
  const payLink = html`<p><a class="button" href="/pay">Оплатить онлайн</a></p>`;
  if (o.payments.length === 0) return html`<h1>Платежи</h1><p>Платежей по этому лицевому счёту пока нет.</p>${payLink}`;
  return html`<h1>Платежи</h1>
  ${payLink}
  <div class="table-wrap" role="region" tabindex="0" aria-label="Платежи"><table data-testid="payments" class="table--stack">
    <thead><tr><th scope="col">Дата</th><th scope="col" class="num">Сумма</th><th scope="col">Способ</th><th scope="col">Учтён в периоде</th><th scope="col">Статус</th></tr></thead>
    <tbody>
      ${o.payments.map(
        (p) => html`<tr>
          <td data-label="Дата">${formatDateTimeRu(p.paidAt, o.timeZone)}</td>
          <td class="num" data-label="Сумма">${formatRubles(p.amount)}</td>
          <td data-label="Способ">${PAYMENT_SOURCE_LABELS[p.source] ?? p.source}</td>
          <td data-label="Период">${p.period ? formatPeriodRu(p.period) : '—'}</td>
          <td data-label="Статус">${awaitsBilling(p) ? `${PAYMENT_STATUS_LABELS[p.status]}: ${AWAITING_BILLING_NOTE}` : PAYMENT_STATUS_LABELS[p.status] ?? p.status}</td>
        </tr>`,
      )}
    </tbody>
  </table></div>
  ${o.pages > 1
    ? html`<nav aria-label="Страницы истории платежей" class="inline-form">
        ${o.page > 1 ? html`<a href="/payments?page=${o.page - 1}">← Новее</a>` : ''}
        <span>Страница ${o.page} из ${o.pages}</span>
        ${o.page < o.pages ? html`<a href="/payments?page=${o.page + 1}">Старее →</a>` : ''}
      </nav>`
    : ''}`;
}
