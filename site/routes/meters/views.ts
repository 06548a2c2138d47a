import { monthlyConsumption } from '../../../shared/meters/consumption.ts';
import type { MeterHistory, MeterView } from '../../../shared/meters/list.ts';
import type { Period } from '../../../shared/period.ts';
import { formatReading, readingFieldName, readingSourceLabel, zoneName, zoneNumbers, type ReadingError, type ReadingWarning, type WindowDates } from '../../../shared/readings/index.ts';
import { csrfInput, ERRORS_ID, errorsAnchor, fieldId, notice } from '../../views/components.ts';
import { barChart } from '../../views/charts.ts';
import { formatDateRu, formatDateTimeRu, formatMilli, formatPeriodRu } from '../../views/format.ts';
import { longPeriodLabels, shortPeriodLabels } from '../../views/period-labels.ts';
import { html, type SafeHtml } from '../../views/html.ts';

export interface FormState {
  meterId: number;
  values: Record<number, string>;
  errors: ReadingError[];
  warnings: ReadingWarning[];
}

export interface MetersPage {
  csrfToken: string;
  period: Period;
  windowOpen: boolean;
  window: WindowDates;
  windowText: string;
  meters: MeterView[];
  form: FormState | null;
  done: { meterId: number; correction: boolean } | null;
  timeZone: string;
}


export function metersView(p: MetersPage): SafeHtml {
  const live = p.meters.filter((m) => !m.archived);
  const archived = p.meters.filter((m) => m.archived);
  return html`<h1>Счётчики и показания</h1>
  ${p.windowOpen
    ? notice('info', html`Приём показаний за ${formatPeriodRu(p.period)} открыт до <strong>${formatDateRu(p.window.end)}</strong> включительно.`)
    : notice('warning', p.windowText)}
  ${p.done ? notice('success', p.done.correction ? 'Показания исправлены. Учитывается последнее переданное значение.' : 'Показания приняты. Спасибо!') : ''}
  ${live.length === 0 ? html`<p>На лицевом счёте нет действующих приборов учёта.</p>` : ''}
  ${live.map((m) => meterCard(m, p))}
  ${archived.length > 0
    ? html`<h2>Снятые с учёта</h2><ul>${archived.map((m) => html`<li><a href="/meters/${m.id}">${m.serviceName}, № ${m.serial}</a>${m.archivedReason ? ` — ${m.archivedReason}` : ''}</li>`)}</ul>`
    : ''}`;
}

function meterCard(m: MeterView, p: MetersPage): SafeHtml {
  const form = p.form?.meterId === m.id ? p.form : null;
  const meterErrors = form?.errors.filter((e) => e.zone === undefined) ?? [];
  const headingId = `meter-${m.id}-title`;
  return html`<section class="card meter" aria-labelledby="${headingId}" data-meter="${m.serial}">
    <h2 id="${headingId}">${m.serviceName}, № ${m.serial}</h2>
    <p>${m.location ? html`${m.location}. ` : ''}Поверка до ${formatDateRu(m.verificationDue)}
      ${m.verificationExpired ? html`<span class="badge badge--danger">срок поверки истёк</span>` : html`<span class="badge badge--ok">поверен</span>`}</p>
    ${m.previous.length > 0
      ? html`<p>Предыдущие показания: ${m.previous.map((v, i) => html`${i > 0 ? '; ' : ''}${zoneLabel(m.zones, v.zone)}<strong>${formatReading(v.valueMilli, m.precision)}</strong> ${m.unit} (${formatPeriodRu(v.period)})`)}</p>`
      : ''}
    ${m.current.length > 0
      ? html`<p data-testid="current-reading">Переданы за ${formatPeriodRu(p.period)}: ${m.current.map((v, i) => html`${i > 0 ? '; ' : ''}${zoneLabel(m.zones, v.zone)}<strong>${formatReading(v.valueMilli, m.precision)}</strong> ${m.unit}`)}
          (${formatDateTimeRu(m.current[0]?.submittedAt ?? 0, p.timeZone)}, ${m.current[0] ? readingSourceLabel(m.current[0].source) : ''})</p>`
      : ''}
    ${meterErrors.length > 0 || (form?.errors.length ?? 0) > 0
      ? html`<div id="${ERRORS_ID}" class="error-summary" role="alert" tabindex="-1" data-error-summary>
          <h3 class="error-summary__title">Показания не приняты</h3>
          <ul>${form?.errors.map((e) => html`<li>${e.zone ? html`<a href="#${inputId(m, e.zone)}">${e.message}</a>` : e.message}</li>`)}</ul>
        </div>`
      : ''}
    ${form && form.warnings.length > 0
      ? html`<div ${meterErrors.length > 0 || form.errors.length > 0 ? '' : html`id="${ERRORS_ID}"`} class="notice notice--warning" role="alert">
          <p><strong>Проверьте показания.</strong></p>
          <ul>${form.warnings.map((w) => html`<li>${w.message}</li>`)}</ul>
          <p>Если всё верно, отметьте «Показания верны» и отправьте ещё раз.</p>
        </div>`
      : ''}
    ${m.verificationExpired
      ? html`<p class="warning-text">Показания по этому счётчику не принимаются: истёк срок поверки. Закажите поверку или замену счётчика и передайте документы в абонентский отдел.</p>`
      : readingForm(m, p, form)}
    <p class="link-line"><a href="/meters/${m.id}">История показаний</a></p>
  </section>`;
}

function readingForm(m: MeterView, p: MetersPage, form: FormState | null): SafeHtml {
  const zoneErrors = (zone: number) => form?.errors.filter((e) => e.zone === zone) ?? [];
  return html`<form method="post" action="${errorsAnchor('/meters/readings')}" class="inline-form" novalidate>
    ${csrfInput(p.csrfToken)}
    <input type="hidden" name="meterId" value="${m.id}">
    ${zoneNumbers(m.zones).map((zone) => {
      const errors = zoneErrors(zone);
      const id = inputId(m, zone);
      const current = m.current.find((v) => v.zone === zone);
      return html`<div class="field${errors.length ? ' field--error' : ''}">
        <label for="${id}">${zoneName(m.zones, zone) ? `Показание, ${zoneName(m.zones, zone)}` : 'Показание'}, ${m.unit}</label>
        ${errors.map((e) => html`<p class="field-error" id="${id}-error">${e.message}</p>`)}
        <input id="${id}" name="${readingFieldName(zone)}" inputmode="decimal" autocomplete="off"
          value="${form?.values[zone] ?? (current ? formatReading(current.valueMilli, m.precision) : '')}"
          ${errors.length ? html`aria-invalid="true" aria-describedby="${id}-error"` : ''}>
      </div>`;
    })}
    ${form && form.warnings.length > 0
      ? html`<div class="checkbox"><input type="checkbox" id="${fieldId(`confirm-${m.id}`)}" name="confirmJump" value="on"><label for="${fieldId(`confirm-${m.id}`)}">Показания верны</label></div>`
      : ''}
    <button type="submit" class="button" ${p.windowOpen ? '' : html`disabled aria-disabled="true"`}>${m.current.length > 0 ? 'Исправить' : 'Передать'}</button>
  </form>`;
}

/** Monthly consumption over 13 months; for several zones, stacked by zone. */
function consumptionChart(h: MeterHistory, period: Period): SafeHtml {
  const m = h.meter;
  const months = monthlyConsumption(h.readings, m.zones, period);
  if (months.every((c) => c.totalMilli === null)) return html``;
  const known = months.filter((c) => c.totalMilli !== null).map((c) => c.totalMilli as number);
  const average = Math.round(known.reduce((s, v) => s + v, 0) / known.length);
  const periods = months.map((c) => c.period);
  const format = (milli: number) => `${formatMilli(milli, m.precision)} ${m.unit}`;
  return html`<h2>Расход по месяцам</h2>
  ${barChart({
    id: `consumption-${m.id}`,
    title: `Расход по счётчику № ${m.serial} за ${months.length} месяцев, ${m.unit}`,
    summary: `Средний расход за месяц с показаниями — ${format(average)}; месяцев без показаний: ${months.length - known.length}.`,
    labels: longPeriodLabels(periods),
    shortLabels: shortPeriodLabels(periods),
    series: zoneNumbers(m.zones).map((zone) => ({ name: zoneName(m.zones, zone) || 'Расход', values: months.map((c) => c.zones[zone - 1] ?? null) })),
    format,
    formatTick: (milli) => formatMilli(milli, milli % 1000 === 0 ? 0 : Math.min(m.precision, 2)),
  })}
  <p class="hint">Расход — разница показаний соседних месяцев. «—» — в этом или предыдущем месяце показаний нет.</p>`;
}

const inputId = (m: MeterView, zone: number) => `reading-${m.id}-${zone}`;
const zoneLabel = (zones: number, zone: number) => (zoneName(zones, zone) ? `${zoneName(zones, zone)} — ` : '');

export function historyView(h: MeterHistory, period: Period): SafeHtml {
  const m = h.meter;
  return html`<h1>${m.serviceName}, № ${m.serial}</h1>
  <p>Поверка до ${formatDateRu(m.verificationDue)}${m.verificationExpired ? ' (срок истёк)' : ''}.${m.archived ? ' Счётчик снят с учёта.' : ''}</p>
  ${consumptionChart(h, period)}
  ${h.readings.length === 0
    ? html`<p>Показаний пока нет.</p>`
    : html`<div class="table-wrap" role="region" tabindex="0" aria-label="История показаний"><table data-testid="history">
        <thead><tr><th scope="col">Период</th>${m.zones > 1 ? html`<th scope="col">Зона</th>` : ''}<th scope="col" class="num">Показание, ${m.unit}</th><th scope="col">Дата</th><th scope="col">Источник</th></tr></thead>
        <tbody>${h.readings.map(
          (r) => html`<tr><td>${formatPeriodRu(r.period)}</td>${m.zones > 1 ? html`<td>${zoneName(m.zones, r.zone)}</td>` : ''}
            <td class="num">${formatReading(r.valueMilli, m.precision)}</td><td>${formatDateRu(r.takenOn)}</td><td>${readingSourceLabel(r.source)}</td></tr>`,
        )}</tbody>
      </table></div>`}
  <p><a href="/meters">← Все счётчики</a></p>`;
}
