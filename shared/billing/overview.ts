// The resident's overview of one account: balance, amount due and due date, last payment,
// and whether this period's readings are in. One statement: this is the most visited page.
import type { Knex } from 'knex';
import { batched, prepared, runPrepared } from '../../db/prepared.ts';
import { periodOf, type Period } from '../period.ts';
import { hashToken, parseJson, sessionJsonFields, toSessionUser, type SessionTuple, type SessionUser } from '../residents/sessions.ts';
import { localDate, type IsoDate } from '../time.ts';

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

/** The overview's figures as OVERVIEW_FIELDS lists them. */
type OverviewTuple = [
  period: string | null,
  totalDue: number | null,
  dueDate: string | null,
  charged: number | null,
  lastAmount: number | null,
  lastPaidAt: number | null,
  lastSource: string | null,
  lastStatus: string | null,
  lastPeriod: string | null,
  paidSince: number | null,
  meters: number,
  submitted: number,
  expired: number,
  accountId: number | null,
];

const OVERVIEW_FIELDS = [
  'ov.period', 'ov.total_due', 'ov.due_date', 'ov.charged', 'ov.last_amount', 'ov.last_paid_at', 'ov.last_source',
  'ov.last_status', 'ov.last_period', 'ov.paid_since', 'ov.meters', 'ov.submitted', 'ov.expired', 'ov.overview_account_id',
];

// A payment counts as "since the receipt" when billing has not placed it in a period up to the
// receipt's: either its period is later, or it has none yet (a card payment billing has not
// counted). Readings status counts the live meters with a zone-1 value this period.
// One row per row of a CTE `cur` the statement defines: `account_id`, the current `period`
// and `today`, and `i`, which the row keeps.
const OVERVIEW_CTE = `ov as (
select b.period, b.total_due, b.due_date, b.charged,
  p.amount as last_amount, p.paid_at as last_paid_at, p.source as last_source, p.status as last_status, p.period as last_period,
  (select coalesce(sum(x.amount), 0) from payments x
     where x.account_id = cur.account_id and x.status = 'succeeded'
       and b.period is not null and (x.period is null or x.period > b.period)) as paid_since,
  (select count(*) from meters m where m.account_id = cur.account_id and m.archived_at is null) as meters,
  (select count(*) from meters m join readings r on r.meter_id = m.id and r.period = cur.period and r.zone = 1
     where m.account_id = cur.account_id and m.archived_at is null) as submitted,
  (select count(*) from meters m
     where m.account_id = cur.account_id and m.archived_at is null and m.verification_due < cur.today) as expired,
  cur.account_id as overview_account_id, cur.i
from cur
left join balances b on b.id = (
  select id from balances where account_id = cur.account_id order by period desc limit 1)
left join payments p on p.id = (
  select id from payments where account_id = cur.account_id and status <> 'canceled' order by paid_at desc, id desc limit 1))`;

// Parameters: account, current period, today.
const OVERVIEW = prepared('overview', (json) => `
with cur as (select cast(? as integer) as account_id, ${json.param('text')} as period, ${json.param('date')} as today, 0 as i),
${OVERVIEW_CTE}
select ${json.array(...OVERVIEW_FIELDS)} as j
from ov`);

export async function getOverview(db: Knex, accountId: number, now: number, timeZone: string): Promise<Overview> {
  const today = todayIn(now, timeZone);
  const [row] = await runPrepared<{ j: unknown }>(db, OVERVIEW, [accountId, periodOf(today), today]);
  if (!row) throw new Error('overview query returned no row');
  return toOverview(parseJson<OverviewTuple>(row.j), periodOf(today));
}

export interface SessionWithOverview {
  session: SessionUser;
  overview: Overview | null;
  accountId: number | null;
}

/**
 * The overview page's data in one statement: the session (as findSession: user, accounts) and
 * the overview of the account the page shows, the session's current one if still linked, else
 * the first by number (as site/render.ts residentView picks it). The session is still read
 * from the database on every request; only the round trip for the figures is saved, and pages
 * asked for at the same moment share one statement (batched), each with its own token and time.
 */
export function findSessionWithOverview(db: Knex, token: string, now: number, timeZone: string): Promise<SessionWithOverview | null> {
  const today = todayIn(now, timeZone);
  return sessionsWithOverview(db, { hash: hashToken(token), now, period: periodOf(today), today });
}

interface SessionAsk {
  hash: string;
  now: number;
  period: Period;
  today: IsoDate;
}

const sessionsWithOverview = batched(async (db: Knex, asks: SessionAsk[]): Promise<(SessionWithOverview | null)[]> => {
  const param = JSON.stringify(asks.map((a, i) => [i, a.hash, a.now, a.period, a.today]));
  const rows = await runPrepared<{ j: unknown; i: number }>(db, SESSIONS_OVERVIEW, [param]);
  const answers: (SessionWithOverview | null)[] = asks.map(() => null);
  for (const row of rows) {
    const ask = asks[row.i];
    if (!ask) continue;
    const t = parseJson<[...SessionTuple, ...OverviewTuple]>(row.j);
    const session = toSessionUser(t.slice(0, SESSION_FIELDS) as SessionTuple, ask.now);
    if (!session) continue;
    const overview = t.slice(SESSION_FIELDS) as OverviewTuple;
    const accountId = overview[13];
    answers[row.i] = { session, accountId, overview: accountId == null ? null : toOverview(overview, ask.period) };
  }
  return answers;
});

const SESSION_FIELDS = 12;

// One parameter: a JSON array of asks [i, token hash, now, period, today]. `s` is each live
// session asked for (as SESSION_CTE), `cur` the account its page shows, null when none is
// linked; materialized, so PostgreSQL picks it once, not in every subquery of the overview.
// One row per live session: its `i` and one JSON array, the session's fields, then the
// overview's.
export const SESSIONS_OVERVIEW = prepared('sessions_overview', (json) => `
with asks as (${json.rows([['i', 'integer'], ['hash', 'text'], ['now', 'bigint'], ['period', 'text'], ['today', 'date']])}),
s as (
  select asks.i, asks.period, asks.today,
    s.id as session_id, s.user_id, s.csrf_token, s.current_account_id, s.expires_at, s.last_seen_at,
    u.login, u.full_name, u.blocked_at, u.blocked_until, u.must_change_password
  from asks
  join sessions s on s.id = asks.hash
  join users u on u.id = s.user_id
  where s.expires_at > asks.now),
cur as materialized (
  select s.i, s.period, s.today, (
    select ua.account_id
    from user_accounts ua
    join accounts a on a.id = ua.account_id
    where ua.user_id = s.user_id
    order by case when ua.account_id = s.current_account_id then 0 else 1 end, a.number
    limit 1) as account_id
  from s),
${OVERVIEW_CTE}
select s.i, ${json.array(...sessionJsonFields(json), ...OVERVIEW_FIELDS)} as j
from s
join ov on ov.i = s.i`);

// The local date changes once a day, and Intl is the slowest part of this module: one answer
// per second and zone. Exact, since zone offsets are whole seconds.
let lastToday: { second: number; timeZone: string; date: IsoDate } | undefined;

function todayIn(now: number, timeZone: string): IsoDate {
  const second = Math.floor(now / 1000);
  if (lastToday?.second !== second || lastToday.timeZone !== timeZone) lastToday = { second, timeZone, date: localDate(now, timeZone) };
  return lastToday.date;
}

function toOverview(t: OverviewTuple, period: Period): Overview {
  const [billed, totalDue, dueDate, charged, lastAmount, lastPaidAt, lastSource, lastStatus, lastPeriod, paidSince, meters, submitted, expired] = t;
  const paidSinceBilling = Number(paidSince ?? 0);
  const balance = (totalDue ?? 0) - paidSinceBilling;
  return {
    period: billed,
    balance,
    totalDue: Math.max(0, balance),
    dueDate,
    charged: charged ?? 0,
    paidSinceBilling,
    lastPayment:
      lastAmount !== null && lastPaidAt !== null
        ? { amount: lastAmount, paidAt: lastPaidAt, source: lastSource ?? '', status: lastStatus ?? '', period: lastPeriod ?? null }
        : null,
    readings: { period, meters: Number(meters), submitted: Number(submitted), expired: Number(expired) },
  };
}
