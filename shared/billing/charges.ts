// Charges by service for one period, with the balance lines of the receipt, and the list of
// periods that have data for an account.
import type { Knex } from 'knex';
import type { Period } from '../period.ts';

export interface ChargeLine {
  serviceCode: string;
  serviceName: string;
  unit: string;
  volumeMilli: number | null;
  volumeCommonMilli: number | null;
  tariffMkop: number | null;
  charged: number;
  recalculation: number;
  recalculationReason: string | null;
  benefits: number;
  penalties: number;
  total: number;
}

export interface PeriodStatement {
  period: Period;
  lines: ChargeLine[];
  totals: { charged: number; recalculation: number; benefits: number; penalties: number; total: number };
  balance: {
    openingBalance: number;
    charged: number;
    paid: number;
    penalties: number;
    totalDue: number;
    paidUntil: string | null;
    dueDate: string | null;
  } | null;
}

export async function listPeriodsWithData(db: Knex, accountId: number): Promise<Period[]> {
  const rows: { period: string }[] = await db('balances').where({ account_id: accountId }).orderBy('period', 'desc').select('period');
  return rows.map((r) => r.period);
}

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

/** A period's statement from its lines and balance: the totals are the lines' sums. */
export function periodStatement(period: Period, lines: ChargeLine[], balance: PeriodStatement['balance']): PeriodStatement {
  const sum = (pick: (l: ChargeLine) => number) => lines.reduce((acc, l) => acc + pick(l), 0);
  return {
    period,
    lines,
    totals: {
      charged: sum((l) => l.charged),
      recalculation: sum((l) => l.recalculation),
      benefits: sum((l) => l.benefits),
      penalties: sum((l) => l.penalties),
      total: sum((l) => l.total),
    },
    balance,
  };
}
