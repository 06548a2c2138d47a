// The charges page's reads as they were before shared/billing/charges-page.ts put them in one
// prepared statement: plain knex queries, kept here as the oracle that statement is checked
// against (tests/integration/residents/charges-page.test.ts) and as a simple way for the import
// tests to read what a period now holds. No production code reads through these.
import type { Knex } from 'knex';
import { periodStatement, type ChargeLine, type PeriodStatement } from '../../../shared/billing/charges.ts';
import { HISTORY_MONTHS, historyByService, monthsEndingWith, type ChargeHistory } from '../../../shared/billing/history.ts';
import type { Period } from '../../../shared/period.ts';

/** The periods with a balance, newest first. */
export async function listPeriodsWithData(db: Knex, accountId: number): Promise<Period[]> {
  const rows: { period: string }[] = await db('balances').where({ account_id: accountId }).orderBy('period', 'desc').select('period');
  return rows.map((r) => r.period);
}

/** A period's charges by service with its balance lines; null when it has neither. */
export async function getPeriodStatement(db: Knex, accountId: number, period: Period): Promise<PeriodStatement | null> {
  const [rows, balance] = await Promise.all([
    db('charges as c')
      .join('services as s', 's.id', 'c.service_id')
      .where({ 'c.account_id': accountId, 'c.period': period })
      .orderBy([{ column: 's.sort_order' }, { column: 's.name' }])
      .select(
        's.code', 's.name', 's.unit', 'c.volume_milli', 'c.volume_common_milli', 'c.tariff_mkop', 'c.charged',
        'c.recalculation', 'c.recalculation_reason', 'c.benefits', 'c.penalties', 'c.total',
      ),
    db('balances').where({ account_id: accountId, period }).first(),
  ]);
  if (rows.length === 0 && !balance) return null;
  const lines: ChargeLine[] = rows.map((r) => ({
    serviceCode: r.code,
    serviceName: r.name,
    unit: r.unit,
    volumeMilli: r.volume_milli,
    volumeCommonMilli: r.volume_common_milli,
    tariffMkop: r.tariff_mkop,
    charged: r.charged,
    recalculation: r.recalculation,
    recalculationReason: r.recalculation_reason,
    benefits: r.benefits,
    penalties: r.penalties,
    total: r.total,
  }));
  return periodStatement(
    period,
    lines,
    balance
      ? {
          openingBalance: balance.opening_balance,
          charged: balance.charged,
          paid: balance.paid,
          penalties: balance.penalties,
          totalDue: balance.total_due,
          paidUntil: balance.paid_until,
          dueDate: balance.due_date,
        }
      : null,
  );
}

/** The charges chart: the `months` periods ending with `last`, oldest first, by service. */
export async function chargeHistory(db: Knex, accountId: number, last: Period, months = HISTORY_MONTHS): Promise<ChargeHistory> {
  const periods = monthsEndingWith(last, months);
  const first = periods[0] as Period;
  const rows: { period: string; code: string; name: string; total: number }[] = await db('charges as c')
    .join('services as s', 's.id', 'c.service_id')
    .where('c.account_id', accountId)
    .andWhere('c.period', '>=', first)
    .andWhere('c.period', '<=', last)
    .orderBy([{ column: 's.sort_order' }, { column: 's.name' }])
    .select('c.period', 's.code', 's.name', 'c.total');
  return historyByService(periods, rows);
}
