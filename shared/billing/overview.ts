// The resident's overview of one account: balance, amount due and due date, last payment,
// and whether this period's readings are in.
import type { Knex } from 'knex';
import { addMonths, currentPeriod, type Period } from '../period.ts';

export interface Overview {
  /** The latest billed period, or null when billing has sent nothing yet. */
  period: Period | null;
  /** Positive: debt; negative: advance. At the end of the latest billed period. */
  balance: number;
  totalDue: number;
  dueDate: string | null;
  charged: number;
  /** Payments made after the latest receipt, already subtracted from `balance`. */
  paidSinceBilling: number;
  lastPayment: { amount: number; paidAt: number; source: string; status: string } | null;
  readings: { period: Period; meters: number; submitted: number; expired: number };
}

export async function getOverview(db: Knex, accountId: number, now: number, timeZone: string): Promise<Overview> {
  const current = currentPeriod(now, timeZone);
  const [balance, lastPayment, readings] = await Promise.all([
    db('balances').where({ account_id: accountId }).orderBy('period', 'desc').first('period', 'total_due', 'due_date', 'charged'),
    db('payments')
      .where({ account_id: accountId })
      .whereNot({ status: 'canceled' })
      .orderBy('paid_at', 'desc')
      .first('amount', 'paid_at', 'source', 'status'),
    readingsStatus(db, accountId, current, now, timeZone),
  ]);
  const paidSinceBilling = balance
    ? await paymentsAfterPeriod(db, accountId, balance.period)
    : 0;
  const totalDue = (balance?.total_due ?? 0) - paidSinceBilling;
  return {
    period: balance?.period ?? null,
    balance: totalDue,
    totalDue: Math.max(0, totalDue),
    dueDate: balance?.due_date ?? null,
    charged: balance?.charged ?? 0,
    paidSinceBilling,
    lastPayment: lastPayment
      ? { amount: lastPayment.amount, paidAt: lastPayment.paid_at, source: lastPayment.source, status: lastPayment.status }
      : null,
    readings,
  };
}

/** Card payments made after billing closed the period are not in its balance yet: count them. */
async function paymentsAfterPeriod(db: Knex, accountId: number, billedPeriod: Period): Promise<number> {
  const row = await db('payments')
    .where({ account_id: accountId, status: 'succeeded' })
    .andWhere((q) => q.whereNull('period').orWhere('period', '>', billedPeriod))
    .andWhere('paid_at', '>=', periodStartUtc(addMonths(billedPeriod, 1)))
    .sum({ s: 'amount' })
    .first();
  return Number(row?.s ?? 0);
}

function periodStartUtc(period: Period): number {
  // A day's slack either side of the zone offset is harmless here: the bound only separates
  // payments billing has already counted (dated inside the billed month) from later ones.
  return Date.parse(`${period}-01T00:00:00Z`) - 24 * 3_600_000;
}

async function readingsStatus(db: Knex, accountId: number, period: Period, now: number, timeZone: string) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(now));
  const row = await db('meters as m')
    .leftJoin('readings as r', (j) => j.on('r.meter_id', 'm.id').andOn('r.period', db.raw('?', [period])).andOn('r.zone', db.raw('1')))
    .where('m.account_id', accountId)
    .whereNull('m.archived_at')
    .select(
      db.raw('count(*) as meters'),
      db.raw('count(r.id) as submitted'),
      db.raw('sum(case when m.verification_due < ? then 1 else 0 end) as expired', [today]),
    )
    .first();
  return { period, meters: Number(row?.meters ?? 0), submitted: Number(row?.submitted ?? 0), expired: Number(row?.expired ?? 0) };
}
