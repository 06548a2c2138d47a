// The resident's overview of one account: balance, amount due and due date, last payment,
// and whether this period's readings are in. One statement: this is the most visited page.
import type { Knex } from 'knex';
import type { JsonSql } from '../../db/dialect/index.ts';
import { batched, prepared, runPrepared } from '../../db/prepared.ts';
import { periodOf, type Period } from '../period.ts';
import { shownSourceSql } from './payments.ts';
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

/** The overview's figures as overviewFields lists them. */
type OverviewTuple = [
  balance: [period: string, totalDue: number, dueDate: string | null, charged: number, paidSince: number] | null,
  lastPayment: [amount: number, paidAt: number, source: string, status: string, period: string | null] | null,
  meters: [meters: number, submitted: number, expired: number],
  accountId: number | null,
];

/**
 * The overview of the account `${at}.account_id` as JSON expressions (an OverviewTuple), with
 * `${at}.period` the current period and `${at}.today`. Each part is one correlated subquery
 * that seeks its rows by account through an index, whatever the engine's planner thinks of
 * the rows around it: the latest balance with the payments since it, the latest payment, and
 * one pass over the account's live meters for the readings status.
 *
 * A payment counts as "since the receipt" when billing has not placed it in a period up to the
 * receipt's: either its period is later, or it has none yet (a card payment billing has not
 * counted). Readings status counts the live meters with a zone-1 value this period.
 */
function overviewFields(json: JsonSql, at: string): string[] {
  // Two sums, each a range of the (account, period) index; one with OR scans every payment of
  // the account on SQLite.
  const paidSince = `((select coalesce(sum(x.amount), 0) from payments x
      where x.account_id = b.account_id and x.period is null and x.status = 'succeeded')
    + (select coalesce(sum(x.amount), 0) from payments x
      where x.account_id = b.account_id and x.period > b.period and x.status = 'succeeded'))`;
  const submitted = `exists (select 1 from readings r where r.meter_id = m.id and r.period = ${at}.period and r.zone = 1)`;
  return [
    json.nested(`select ${json.array('b.period', 'b.total_due', 'b.due_date', 'b.charged', paidSince)}
      from balances b where b.account_id = ${at}.account_id order by b.period desc limit 1`),
    json.nested(`select ${json.array('p.amount', 'p.paid_at', shownSourceSql('p'), 'p.status', 'p.period')}
      from payments p where p.account_id = ${at}.account_id and p.status <> 'canceled' order by p.paid_at desc, p.id desc limit 1`),
    json.nested(`select ${json.array(
      'count(*)',
      `coalesce(sum(case when ${submitted} then 1 else 0 end), 0)`,
      `coalesce(sum(case when m.verification_due < ${at}.today then 1 else 0 end), 0)`,
    )}
      from meters m where m.account_id = ${at}.account_id and m.archived_at is null`),
    `${at}.account_id`,
  ];
}

// Parameters: account, current period, today.
const OVERVIEW = prepared('overview', (json) => `
with cur as (select cast(? as integer) as account_id, ${json.param('text')} as period, ${json.param('date')} as today)
select ${json.array(...overviewFields(json, 'cur'))} as j
from cur`);

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
    const accountId = overview[3];
    answers[row.i] = { session, accountId, overview: accountId == null ? null : toOverview(overview, ask.period) };
  }
  return answers;
});

const SESSION_FIELDS = 12;

// One parameter: a JSON array of asks [i, token hash, now, period, today]. `s` is each live
// session asked for, with the account its page shows: the session's current one if still
// linked (a primary-key seek), else the first by number; null when none is linked.
// Materialized, so that account is picked once, not in every subquery of the overview.
// One row per live session: its `i` and one JSON array, the session's fields, then the
// overview's.
export const SESSIONS_OVERVIEW = prepared('sessions_overview', (json, dialect) => `
with asks as materialized (${json.rows([['i', 'integer'], ['hash', 'text'], ['now', 'bigint'], ['period', 'text'], ['today', 'date']])}),
s as materialized (
  select asks.i, asks.period, asks.today,
    ss.id as session_id, ss.user_id, ss.csrf_token, ss.current_account_id, ss.expires_at, ss.last_seen_at,
    u.login, u.full_name, u.blocked_at, u.blocked_until, u.must_change_password,
    coalesce(
      (select ua.account_id from user_accounts ua where ua.user_id = ss.user_id and ua.account_id = ss.current_account_id),
      (select ua.account_id from user_accounts ua join accounts a on a.id = ua.account_id
        where ua.user_id = ss.user_id order by a.number limit 1)) as account_id
  from asks
  ${dialect.seekJoin('sessions', 'ss', 'ss.id = asks.hash and ss.expires_at > asks.now')}
  ${dialect.seekJoin('users', 'u', 'u.id = ss.user_id')})
select s.i, ${json.array(...sessionJsonFields(json), ...overviewFields(json, 's'))} as j
from s`);

// The local date changes once a day, and Intl is the slowest part of this module: one answer
// per second and zone. Exact, since zone offsets are whole seconds.
let lastToday: { second: number; timeZone: string; date: IsoDate } | undefined;

function todayIn(now: number, timeZone: string): IsoDate {
  const second = Math.floor(now / 1000);
  if (lastToday?.second !== second || lastToday.timeZone !== timeZone) lastToday = { second, timeZone, date: localDate(now, timeZone) };
  return lastToday.date;
}

function toOverview(t: OverviewTuple, period: Period): Overview {
  const [billed, last, [meters, submitted, expired]] = t;
  const paidSinceBilling = Number(billed?.[4] ?? 0);
  const balance = (billed?.[1] ?? 0) - paidSinceBilling;
  return {
    period: billed?.[0] ?? null,
    balance,
    totalDue: Math.max(0, balance),
    dueDate: billed?.[2] ?? null,
    charged: billed?.[3] ?? 0,
    paidSinceBilling,
    lastPayment: last ? { amount: last[0], paidAt: last[1], source: last[2] ?? '', status: last[3] ?? '', period: last[4] ?? null } : null,
    readings: { period, meters: Number(meters), submitted: Number(submitted), expired: Number(expired) },
  };
}
