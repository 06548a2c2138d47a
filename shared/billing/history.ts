// The charge history of an account by service over the last months, for the charges chart: its
// shape and how rows become it (the charges page reads the rows, charges-page.ts).
import { addMonths, type Period } from '../period.ts';

export interface ChargeHistory {
  periods: Period[];
  /** Services in receipt order, each with its total per period (kopecks; null = not charged). */
  services: { code: string; name: string; totals: (number | null)[] }[];
}

/** How many months the charges chart shows. */
export const HISTORY_MONTHS = 13;

/** The `months` periods ending with `last`, oldest first. */
export function monthsEndingWith(last: Period, months: number): Period[] {
  const first = addMonths(last, -(months - 1));
  return Array.from({ length: months }, (_, i) => addMonths(first, i));
}

/** Charge rows in receipt order, put together by service with a total per period (null: none). */
export function historyByService(periods: Period[], rows: Iterable<{ period: string; code: string; name: string; total: number }>): ChargeHistory {
  const byService = new Map<string, { code: string; name: string; totals: (number | null)[] }>();
  for (const r of rows) {
    let service = byService.get(r.code);
    if (!service) byService.set(r.code, (service = { code: r.code, name: r.name, totals: periods.map(() => null) }));
    service.totals[periods.indexOf(r.period)] = Number(r.total);
  }
  return { periods, services: [...byService.values()] };
}
