// The resident's overview of one account: balance, amount due and due date, last payment,
// and whether this period's readings are in. One statement: this is the most visited page.
import type { Knex } from 'knex';
import { prepared, runPrepared } from '../../db/prepared.ts';
import { currentPeriod, type Period } from '../period.ts';
import { hashToken, SESSION_ACCOUNT_COLUMNS, SESSION_ACCOUNTS_FROM, SESSION_CTE, toSessionUser, type SessionAccountRow, type SessionUser } from '../residents/sessions.ts';
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
  lastPayment: { amount: number; paidAt: number; source: string; status: string; period: string | null } | null;
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
  last_period: string | null;
  paid_since: number | null;
  meters: number | string;
  submitted: number | string;
  expired: number | string;
  overview_account_id: number | null;
}

// A payment counts as "since the receipt" when billing has not placed it in a period up to the
// receipt's: either its period is later, or it has none yet (a card payment billing has not
// counted). Readings status counts the live meters with a zone-1 value this period.
// The account is `cur.account_id`, from a CTE `cur` the statement defines; parameters, in
// order: the current period, today.
const OVERVIEW_CTE = `ov as (
select b.period, b.total_due, b.due_date, b.charged,
  p.amount as last_amount, p.paid_at as last_paid_at, p.source as last_source, p.status as last_status, p.period as last_period,
  (select coalesce(sum(x.amount), 0) from payments x
     where x.account_id = cur.account_id and x.status = 'succeeded'
       and b.period is not null and (x.period is null or x.period > b.period)) as paid_since,
  (select count(*) from meters m where m.account_id = cur.account_id and m.archived_at is null) as meters,
  (select count(*) from meters m join readings r on r.meter_id = m.id and r.period = ? and r.zone = 1
     where m.account_id = cur.account_id and m.archived_at is null) as submitted,
  (select count(*) from meters m
     where m.account_id = cur.account_id and m.archived_at is null and m.verification_due < ?) as expired,
  cur.account_id as overview_account_id
from cur
left join balances b on b.id = (
  select id from balances where account_id = cur.account_id order by period desc limit 1)
left join payments p on p.id = (
  select id from payments where account_id = cur.account_id and status <> 'canceled' order by paid_at desc, id desc limit 1))`;

// Parameters: account, current period, today.
const OVERVIEW = prepared('overview', `
with cur as (select cast(? as integer) as account_id), ${OVERVIEW_CTE}
select * from ov`);

export async function getOverview(db: Knex, accountId: number, now: number, timeZone: string): Promise<Overview> {
  const period = currentPeriod(now, timeZone);
  const [row] = await runPrepared<OverviewRow>(db, OVERVIEW, [accountId, period, localDate(now, timeZone)]);
  if (!row) throw new Error('overview query returned no row');
  return toOverview(row, period);
}

/**
 * The overview page's data in one statement: the session (as findSession: user, accounts) and
 * the overview of the account the page shows, the session's current one if still linked, else
 * the first by number (as site/render.ts residentView picks it). The session is still read
 * from the database on every request; only the round trip for the figures is saved.
 */
export async function findSessionWithOverview(
  db: Knex,
  token: string,
  now: number,
  timeZone: string,
): Promise<{ session: SessionUser; overview: Overview | null; accountId: number | null } | null> {
  const period = currentPeriod(now, timeZone);
  const rows = await runPrepared<SessionAccountRow & OverviewRow>(db, SESSION_OVERVIEW, [
    hashToken(token), now, period, localDate(now, timeZone),
  ]);
  const session = toSessionUser(rows, now);
  const row = rows[0];
  if (!session || !row) return null;
  const accountId = row.overview_account_id;
  return { session, accountId, overview: accountId == null ? null : toOverview(row, period) };
}

// Parameters: token hash, now (SESSION_CTE); period, today (OVERVIEW_CTE). `cur` is one row,
// its account null when none is linked; materialized, so PostgreSQL picks it once, not in
// every subquery of the overview.
const SESSION_OVERVIEW = prepared('session_overview', `
with ${SESSION_CTE},
cur as materialized (
  select ua.account_id
  from s
  left join user_accounts ua on ua.user_id = s.user_id
  left join accounts a on a.id = ua.account_id
  order by case when ua.account_id = s.current_account_id then 0 else 1 end, a.number
  limit 1),
${OVERVIEW_CTE}
select ${SESSION_ACCOUNT_COLUMNS}, ov.*
from ${SESSION_ACCOUNTS_FROM}
cross join ov
order by a.number`);

function toOverview(row: OverviewRow, period: Period): Overview {
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
        ? { amount: row.last_amount, paidAt: row.last_paid_at, source: row.last_source ?? '', status: row.last_status ?? '', period: row.last_period ?? null }
        : null,
    readings: { period, meters: Number(row.meters), submitted: Number(row.submitted), expired: Number(row.expired) },
  };
}
