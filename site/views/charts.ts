// Bar charts as inline SVG, drawn on the server, so they show without JavaScript and within
// the strict CSP (presentation attributes only, no style attributes or scripts). Every chart
// carries a text summary for screen readers and its figures as a table under «Данные графика».
import { niceScale } from '../../shared/charts/scale.ts';
import { html, type SafeHtml } from './html.ts';

export interface BarSeries {
  name: string;
  /** One value per label; null = no data for that month. Stacked in the order given. */
  values: (number | null)[];
}

export interface BarChart {
  id: string;
  title: string;
  /** A sentence for screen readers, e.g. the average and the largest month. */
  summary: string;
  labels: string[];
  /** Short labels under the bars (e.g. «янв»), same length as labels. */
  shortLabels: string[];
  series: BarSeries[];
  /** Formats a value for axis and table, e.g. kopecks → «1 234,56 ₽». */
  format: (value: number) => string;
  /** Formats an axis tick, shorter than `format` (e.g. whole rubles). */
  formatTick?: (value: number) => string;
}

// Distinguishable for colour-blind readers (Okabe–Ito), dark enough against white.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7F7F00', '#5B5B9F', '#8C564B'];
export const seriesColor = (index: number) => PALETTE[index % PALETTE.length] as string;

const WIDTH = 640;
const HEIGHT = 240;
// Labels 14–15 units high: on a phone the chart is at least 520 px wide (it scrolls sideways in
// its box), so they read at 11–12 px; on a wide screen it stops at 720 px. Month labels are the
// smaller so that «окт 25» fits its bar's width.
const PLOT = { left: 84, right: 8, top: 12, bottom: 34 };
const LABEL_SIZE = 14;
const TICK_SIZE = 15;

export function barChart(c: BarChart): SafeHtml {
  const stackTotals = c.labels.map((_, i) => c.series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0));
  const { max, step } = niceScale(Math.max(0, ...stackTotals));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(1, c.labels.length);
  const barWidth = Math.max(4, slot * 0.64);
  const y = (v: number) => PLOT.top + plotHeight - (v / max) * plotHeight;
  const tick = c.formatTick ?? c.format;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(v);
  const titleId = `${c.id}-title`;
  const descId = `${c.id}-desc`;

  const bars = c.labels.map((label, i) => {
    const x = PLOT.left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    const missing = c.series.every((s) => s.values[i] === null);
    const parts = c.series.map((s, si) => {
      const v = Math.max(0, s.values[i] ?? 0);
      if (v === 0) return '';
      const top = y(base + v);
      const height = y(base) - top;
      base += v;
      return html`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(0.5, height).toFixed(1)}" fill="${seriesColor(si)}"><title>${label}: ${s.name} — ${c.format(v)}</title></rect>`;
    });
    const text = html`<text x="${(x + barWidth / 2).toFixed(1)}" y="${HEIGHT - 12}" text-anchor="middle" font-size="${LABEL_SIZE}" fill="#3e4c59">${c.shortLabels[i] ?? ''}</text>`;
    const gap = missing
      ? html`<text x="${(x + barWidth / 2).toFixed(1)}" y="${(PLOT.top + plotHeight - 4).toFixed(1)}" text-anchor="middle" font-size="${LABEL_SIZE}" fill="#7b8794">—</text>`
      : '';
    return html`${parts}${gap}${text}`;
  });

  return html`<figure class="chart" id="${c.id}">
    <div class="chart__plot" role="region" tabindex="0" aria-label="${c.title}">
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" focusable="false">
      <title id="${titleId}">${c.title}</title>
      <desc id="${descId}">${c.summary}</desc>
      ${ticks.map((v) => html`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d9e2ec" stroke-width="1"/>
        <text x="${PLOT.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="${TICK_SIZE}" fill="#3e4c59">${tick(v)}</text>`)}
      ${bars}
    </svg>
    </div>
    <figcaption>
      ${c.series.length > 1
        ? html`<ul class="chart__legend">${c.series.map((s, si) => html`<li><svg width="12" height="12" aria-hidden="true" focusable="false"><rect width="12" height="12" fill="${seriesColor(si)}"/></svg> ${s.name}</li>`)}</ul>`
        : ''}
      <details><summary>Данные графика</summary>
        <div class="table-wrap" role="region" tabindex="0" aria-label="Таблица значений графика"><table>
          <thead><tr><th scope="col">Месяц</th>${c.series.map((s) => html`<th scope="col" class="num">${s.name}</th>`)}</tr></thead>
          <tbody>${c.labels.map((label, i) => html`<tr><th scope="row">${label}</th>${c.series.map((s) => html`<td class="num">${s.values[i] === null ? '—' : c.format(s.values[i] as number)}</td>`)}</tr>`)}</tbody>
        </table></div>
      </details>
    </figcaption>
  </figure>`;
}
