// Month labels for charts: «янв» under a bar, «январь 2026» in tables and tooltips.
import { formatPeriodRu, type Period } from '../../shared/period.ts';

const SHORT = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];

/** The month's abbreviation; January and the first bar also carry the year's last two digits. */
export function shortPeriodLabels(periods: readonly Period[]): string[] {
  return periods.map((p, i) => {
    const month = Number(p.slice(5, 7));
    const short = SHORT[month - 1] ?? p;
    return month === 1 || i === 0 ? `${short} ${p.slice(2, 4)}` : short;
  });
}

export const longPeriodLabels = (periods: readonly Period[]) => periods.map((p) => formatPeriodRu(p));
