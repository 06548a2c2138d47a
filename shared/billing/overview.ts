// The resident's overview of one account: balance, amount due and due date, last payment,
// and whether this period's readings are in. One statement: this is the most visited page.
import type { Knex } from 'knex';
import { prepared, runPrepared } from '../../db/prepared.ts';
import { currentPeriod, type Period } from '../period.ts';
import { localDate } from '../time.ts';

export interface Overview {
  /** The latest billed period, or null when billing has sent nothing yet. */
  period: Period | null;
  /** Positive: debt; negative: advance. The latest receipt less payments made since. */
  balance: number;
  totalDue: number;
  dueDate: string | null;
  charged: number;
  /** Payments made after the latest receipt, already subtracted from `balance`. */
  paidSinceBilling: number;
  lastPayment: { amount: number; paidAt: number; source: string; status: string } | null;
  readings: { period: Period; meters: number; submitted: number; expired: number };
}

interface OverviewRow {
  period: string | null;
  total_due: number | null;
  due_date: string | null;
  charged: number | null;
  last_amount: number | null;
  last_paid_at: number | null;
  last_source: string | null;
  last_status: string | null;
  paid_since: number | null;
  meters: number | string;
  submitted: number | string;
  expired: number | string;
}

// A payment counts as "since the receipt" when billing has not placed it in a period up to the
// receipt's: either its period is later, or it has none yet (a card payment billing has not
// counted). Readings status counts the live meters with a zone-1 value this period.
// Parameters, in order: account, account, period, account, account, today, account, account.
const OVERVIEW = prepared('overview', `
select b.period, b.total_due, b.due_date, b.charged,
  p.amount as last_amount, p.paid_at as last_paid_at, p.source as last_source, p.status as last_status,
  (select coalesce(sum(x.amount), 0) from payments x
     where x.account_id = ? and x.status = 'succeeded'
       and b.period is not null and (x.period is null or x.period > b.period)) as paid_since,
  (select count(*) from meters m where m.account_id = ? and m.archived_at is null) as meters,
  (select count(*) from meters m join readings r on r.meter_id = m.id and r.period = ? and r.zone = 1
     where m.account_id = ? and m.archived_at is null) as submitted,
  (select count(*) from meters m
     where m.account_id = ? and m.archived_at is null and m.verification_due < ?) as expired
from (select 1 as one) one
left join balances b on b.id = (
  select id from balances where account_id = ? order by period desc limit 1)
left join payments p on p.id = (
  select id from payments where account_id = ? and status <> 'canceled' order by paid_at desc, id desc limit 1)`);

export async function getOverview(db: Knex, accountId: number, now: number, timeZone: string): Promise<Overview> {
  const period = currentPeriod(now, timeZone);
  const a = accountId;
  const [row] = await runPrepared<OverviewRow>(db, OVERVIEW, [a, a, period, a, a, localDate(now, timeZone), a, a]);
  if (!row) throw new Error('overview query returned no row');
  const paidSinceBilling = Number(row.paid_since ?? 0);
  const balance = (row.total_due ?? 0) - paidSinceBilling;
  return {
    period: row.period,
    balance,
    totalDue: Math.max(0, balance),
    dueDate: row.due_date,
    charged: row.charged ?? 0,
    paidSinceBilling,
    lastPayment:
      row.last_amount !== null && row.last_paid_at !== null
        ? { amount: row.last_amount, paidAt: row.last_paid_at, source: row.last_source ?? '', status: row.last_status ?? '' }
        : null,
    readings: { period, meters: Number(row.meters), submitted: Number(row.submitted), expired: Number(row.expired) },
  };
}
