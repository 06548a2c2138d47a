// The charge history of an account by service over the last months, for the charges chart.
import type { Knex } from 'knex';
import { addMonths, type Period } from '../period.ts';

export interface ChargeHistory {
  periods: Period[];
  /** Services in receipt order, each with its total per period (kopecks; null = not charged). */
  services: { code: string; name: string; totals: (number | null)[] }[];
}

/** The `months` periods ending with `last`, oldest first. */
export async function chargeHistory(db: Knex, accountId: number, last: Period, months = 13): Promise<ChargeHistory> {
  const first = addMonths(last, -(months - 1));
  const periods = Array.from({ length: months }, (_, i) => addMonths(first, i));
  const rows: { period: string; code: string; name: string; total: number }[] = await db('charges as c')
    .join('services as s', 's.id', 'c.service_id')
    .where('c.account_id', accountId)
    .andWhere('c.period', '>=', first)
    .andWhere('c.period', '<=', last)
    .orderBy([{ column: 's.sort_order' }, { column: 's.name' }])
    .select('c.period', 's.code', 's.name', 'c.total');
  const byService = new Map<string, { code: string; name: string; totals: (number | null)[] }>();
  for (const r of rows) {
    let service = byService.get(r.code);
    if (!service) byService.set(r.code, (service = { code: r.code, name: r.name, totals: periods.map(() => null) }));
    service.totals[periods.indexOf(r.period)] = Number(r.total);
  }
  return { periods, services: [...byService.values()] };
}
