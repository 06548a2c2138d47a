import type { PeriodStatement } from '../../../shared/billing/charges.ts';
import type { ChargeHistory } from '../../../shared/billing/history.ts';
import { barChart } from '../../views/charts.ts';
import { longPeriodLabels, shortPeriodLabels } from '../../views/period-labels.ts';
import type { Period } from '../../../shared/period.ts';
import { formatDateRu, formatMilli, formatPeriodRu, formatRubles, formatTariff } from '../../views/format.ts';
import { html, type SafeHtml } from '../../views/html.ts';

export function chargesView(o: { periods: Period[]; statement: PeriodStatement | null; selected: Period | null; history: ChargeHistory | null }): SafeHtml {
  if (o.periods.length === 0 || !o.selected) {
    return html`<h1>Начисления</h1><p>Начислений по этому лицевому счёту пока нет.</p>`;
  }
  return html`<h1>Начисления за ${formatPeriodRu(o.selected)}</h1>
  <form method="get" action="/charges" class="inline-form">
    <div class="field">
      <label for="period-select">Период</label>
      <select id="period-select" name="period" data-autosubmit>
        ${o.periods.map((p) => html`<option value="${p}" ${p === o.selected ? html`selected` : ''}>${formatPeriodRu(p)}</option>`)}
      </select>
    </div>
    <button type="submit" class="button button--secondary">Показать</button>
  </form>
  ${o.statement?.balance
    ? html`<p><a href="/receipts/${o.selected}.pdf" download data-testid="receipt-link">Скачать квитанцию (PDF) за ${formatPeriodRu(o.selected)}</a></p>`
    : ''}
  ${o.statement ? html`${settlement(o.statement)}${serviceTable(o.statement)}` : html`<p>За этот период данных нет.</p>`}
  ${o.history ? historyChart(o.history) : ''}`;
}

/** Charges per month over the last 13 months, stacked by service. */
function historyChart(h: ChargeHistory): SafeHtml {
  if (h.services.length === 0) return html``;
  const totals = h.periods.map((_, i) => h.services.reduce((s, svc) => s + (svc.totals[i] ?? 0), 0));
  const charged = totals.filter((t) => t > 0);
  const average = charged.length ? Math.round(charged.reduce((s, t) => s + t, 0) / charged.length) : 0;
  return html`<section aria-labelledby="history-title">
    <h2 id="history-title">Начисления по месяцам</h2>
    ${barChart({
      id: 'charges-history',
      title: `Начисления по услугам за ${h.periods.length} месяцев`,
      summary: `В среднем начислено ${formatRubles(average)} в месяц; больше всего — ${formatRubles(Math.max(0, ...totals))}.`,
      labels: longPeriodLabels(h.periods),
      shortLabels: shortPeriodLabels(h.periods),
      series: h.services.map((s) => ({ name: s.name, values: s.totals })),
      format: formatRubles,
      formatTick: (kopecks) => `${Math.round(kopecks / 100).toLocaleString('ru-RU')} ₽`,
    })}
  </section>`;
}

/** How the amount due is made: first, since it answers «почему столько». */
function settlement(s: PeriodStatement): SafeHtml {
  const b = s.balance;
  if (!b) return html``;
  return html`<section class="card" aria-labelledby="settlement-title">
    <h2 id="settlement-title">Расчёт суммы к оплате</h2>
    <table data-testid="settlement">
      <tbody>
        <tr><th scope="row">${b.openingBalance >= 0 ? 'Задолженность' : 'Аванс'} на начало периода</th><td class="num">${formatRubles(Math.abs(b.openingBalance))}</td></tr>
        <tr><th scope="row">Начислено за период</th><td class="num">${formatRubles(b.charged)}</td></tr>
        <tr><th scope="row">Оплачено${b.paidUntil ? ` (учтены платежи по ${formatDateRu(b.paidUntil)})` : ''}</th><td class="num">${formatRubles(b.paid)}</td></tr>
        <tr><th scope="row">${b.totalDue >= 0 ? 'Итого к оплате' : 'Переплата на конец периода'}</th><td class="num" data-testid="total-due"><strong>${formatRubles(Math.abs(b.totalDue))}</strong></td></tr>
        ${b.dueDate && b.totalDue > 0 ? html`<tr><th scope="row">Оплатить до</th><td class="num">${formatDateRu(b.dueDate)}</td></tr>` : ''}
      </tbody>
    </table>
  </section>`;
}

type Line = PeriodStatement['lines'][number];

/** A service with something to show: charged, recalculated, a benefit or a penalty. */
const hasData = (l: Line) => l.charged !== 0 || l.recalculation !== 0 || l.benefits !== 0 || l.penalties !== 0 || l.total !== 0;

/** A figure, or an empty cell that a phone's stacked rows leave out (no rows of «—»). */
const cell = (label: string, shown: SafeHtml | string | null) =>
  shown === null ? html`<td class="num stack-hide" data-label="${label}">—</td>` : html`<td class="num" data-label="${label}">${shown}</td>`;

function serviceRow(l: Line): SafeHtml {
  return html`<tr>
    <th scope="row">${l.serviceName}${l.recalculationReason ? html`<br><small>${l.recalculationReason}</small>` : ''}</th>
    ${cell('Объём', l.volumeMilli === null ? null : html`${formatMilli(l.volumeMilli)} ${l.unit}`)}
    ${cell('Тариф', l.tariffMkop === null ? null : formatTariff(l.tariffMkop))}
    ${cell('Начислено', formatRubles(l.charged))}
    ${cell('Перерасчёт', l.recalculation ? formatRubles(l.recalculation) : null)}
    ${cell('Льготы', l.benefits ? formatRubles(-l.benefits) : null)}
    ${cell('Пени', l.penalties ? formatRubles(l.penalties) : null)}
    ${cell('Итого', formatRubles(l.total))}
  </tr>`;
}

/** The period's services with figures; those with nothing this month folded under one line. */
function serviceTable(s: PeriodStatement): SafeHtml {
  const shown = s.lines.filter(hasData);
  const empty = s.lines.filter((l) => !hasData(l));
  return html`<h2>Начисления по услугам</h2>
  <div class="table-wrap" role="region" tabindex="0" aria-label="Начисления по услугам"><table data-testid="charges" class="table--stack">
    <caption class="visually-hidden">Начисления по услугам</caption>
    <thead><tr>
      <th scope="col">Услуга</th><th scope="col" class="num">Объём</th><th scope="col" class="num">Тариф</th>
      <th scope="col" class="num">Начислено</th><th scope="col" class="num">Перерасчёт</th><th scope="col" class="num">Льготы</th>
      <th scope="col" class="num">Пени</th><th scope="col" class="num">Итого</th>
    </tr></thead>
    <tbody>${shown.map(serviceRow)}</tbody>
    <tfoot><tr>
      <th scope="row">Всего за период</th><td class="stack-hide"></td><td class="stack-hide"></td>
      <td class="num" data-label="Начислено">${formatRubles(s.totals.charged)}</td><td class="num" data-label="Перерасчёт">${formatRubles(s.totals.recalculation)}</td>
      <td class="num" data-label="Льготы">${formatRubles(-s.totals.benefits)}</td><td class="num" data-label="Пени">${formatRubles(s.totals.penalties)}</td>
      <td class="num" data-label="Итого" data-testid="charges-total">${formatRubles(s.totals.total)}</td>
    </tr></tfoot>
  </table></div>
  ${empty.length > 0
    ? html`<details class="folded"><summary>Без начислений в этом месяце: ${empty.length}</summary><p>${empty.map((l) => l.serviceName).join(', ')}.</p></details>`
    : ''}`;
}
