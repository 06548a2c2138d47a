// Resident sessions live in the database so several site instances can share them. The cookie
// carries a random token; the table keeps only its SHA-256, so a copied table opens nothing.
import * as crypto from 'node:crypto';
import type { Knex } from 'knex';
import { prepared, runPrepared } from '../../db/prepared.ts';
import type { JsonSql } from '../../db/dialect/index.ts';
import type { AccountSummary } from './accounts.ts';

export interface SessionUser {
  sessionId: string;
  userId: number;
  login: string;
  fullName: string | null;
  csrfToken: string;
  currentAccountId: number | null;
  expiresAt: number;
  lastSeenAt: number;
  mustChangePassword: boolean;
  /** The accounts linked to the user, by number: every page shows them in its header. */
  accounts: AccountSummary[];
}

// Every request hashes its cookie's token: crypto.hash (Node ≥ 20.12) does it in one call,
// without a Hash object each time.
const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;
export const hashToken: (token: string) => string = oneShotHash
  ? (token) => oneShotHash('sha256', token, 'hex')
  : (token) => crypto.createHash('sha256').update(token).digest('hex');
export const randomToken = () => crypto.randomBytes(32).toString('base64url');

/**
 * However active, a resident signs in again after this long: a stolen cookie kept alive by a
 * script's requests stops working within a month. A resident visits a few times a month, so a
 * month of convenience is what a phone left signed in should give.
 *
 * Enforced through `expires_at` itself: createSession and touchSession never set it past
 * `created_at` + this, so the lookup's one comparison (on the row found by primary key) covers
 * both lifetimes, and the purge finds such sessions by the same column.
 */
export const SESSION_MAX_AGE_MS = 30 * 24 * 3_600_000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

export async function createSession(
  db: Knex,
  input: { userId: number; accountId: number | null; ttlMs: number; ip?: string; userAgent?: string; now?: number },
): Promise<NewSession> {
  const now = input.now ?? Date.now();
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = now + Math.min(input.ttlMs, SESSION_MAX_AGE_MS);
  await db('sessions').insert({
    id: hashToken(token),
    user_id: input.userId,
    csrf_token: csrfToken,
    current_account_id: input.accountId,
    created_at: now,
    expires_at: expiresAt,
    last_seen_at: now,
    ip: input.ip?.slice(0, 64) ?? null,
    user_agent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

/**
 * The live session for a cookie token with its user and linked accounts, in one query: this
 * runs on every request. Null when unknown, expired or the user is blocked.
 */
export async function findSession(db: Knex, token: string, now = Date.now()): Promise<SessionUser | null> {
  const [row] = await runPrepared<{ j: unknown }>(db, FIND_SESSION, [hashToken(token), now]);
  return row ? toSessionUser(parseJson<SessionTuple>(row.j), now) : null;
}

/**
 * The live session by token hash and time (parameters 1 and 2), with its user, as a CTE `s`
 * (`expires_at` already holds the absolute lifetime, SESSION_MAX_AGE_MS)
 * for sessionJsonFields. The overview page's statement finds its sessions its own way (many at
 * once, shared/billing/overview.ts) and reads them through the same sessionJsonFields.
 */
const SESSION_CTE = `s as (
  select s.id as session_id, s.user_id, s.csrf_token, s.current_account_id, s.expires_at, s.last_seen_at,
    u.login, u.full_name, u.blocked_at, u.blocked_until, u.must_change_password
  from sessions s
  join users u on u.id = s.user_id
  where s.id = ? and s.expires_at > ?)`;

/**
 * The expressions of a session's JSON (a SessionTuple) over SESSION_CTE's `s`: its columns,
 * then the linked accounts by number. One value per session instead of one row per account:
 * the driver's per-column work is most of what reading a session costs the site.
 */
export function sessionJsonFields(json: JsonSql): string[] {
  const account = json.array('a.id', 'a.number', 'a.address', 'a.owner_name', 'a.total_area_cm2', 'a.residents', 'a.building_id');
  return [
    's.session_id', 's.user_id', 's.csrf_token', 's.current_account_id', 's.expires_at', 's.last_seen_at',
    's.login', 's.full_name', 's.blocked_at', 's.blocked_until', 's.must_change_password',
    json.nested(`select ${json.arrayAgg(account, 'a.number')}
      from user_accounts ua join accounts a on a.id = ua.account_id
      where ua.user_id = s.user_id`),
  ];
}

/** A session as sessionJsonFields lists it. */
export type SessionTuple = [
  sessionId: string,
  userId: number,
  csrfToken: string,
  currentAccountId: number | null,
  expiresAt: number,
  lastSeenAt: number,
  login: string,
  fullName: string | null,
  blockedAt: number | null,
  blockedUntil: number | null,
  mustChangePassword: boolean | number,
  accounts: AccountTuple[],
];

/** An account as sessionJsonFields lists its columns. */
type AccountTuple = [id: number, number: string, address: string, ownerName: string, totalAreaCm2: number, residents: number, buildingId: number];

const FIND_SESSION = prepared('find_session', (json) => `
with ${SESSION_CTE}
select ${json.array(...sessionJsonFields(json))} as j
from s`);

/** JSON from a statement: text on SQLite, already parsed by the driver on PostgreSQL. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** The session from its tuple (see sessionJsonFields); null when the user is blocked. */
export function toSessionUser(t: SessionTuple, now: number): SessionUser | null {
  if (isBlocked({ blocked_at: t[8], blocked_until: t[9] }, now)) return null;
  return {
    sessionId: t[0],
    userId: t[1],
    login: t[6],
    fullName: t[7],
    csrfToken: t[2],
    currentAccountId: t[3],
    expiresAt: t[4],
    lastSeenAt: t[5],
    mustChangePassword: Boolean(t[10]),
    accounts: t[11].map((a) => ({
      id: a[0], number: a[1], address: a[2], ownerName: a[3], totalAreaCm2: a[4], residents: a[5], buildingId: a[6],
    })),
  };
}

export function isBlocked(user: { blocked_at: number | null; blocked_until: number | null }, now: number): boolean {
  return user.blocked_at != null && (user.blocked_until == null || user.blocked_until > now);
}

// Sliding expiry without a write on every request: renew at most once per interval.
const RENEW_INTERVAL_MS = 5 * 60_000;

/**
 * Moves the session's expiry to `ttlMs` from now, but never past its absolute end (created_at +
 * SESSION_MAX_AGE_MS, worked out in the statement: the session as read carries no creation time).
 */
export async function touchSession(db: Knex, session: SessionUser, ttlMs: number, now = Date.now()): Promise<boolean> {
  if (now - session.lastSeenAt < RENEW_INTERVAL_MS) return false;
  const sliding = now + ttlMs;
  await db('sessions')
    .where({ id: session.sessionId })
    .update({
      last_seen_at: now,
      expires_at: db.raw('case when created_at + ? < ? then created_at + ? else ? end', [SESSION_MAX_AGE_MS, sliding, SESSION_MAX_AGE_MS, sliding]),
    });
  return true;
}

export async function setCurrentAccount(db: Knex, sessionId: string, accountId: number): Promise<void> {
  await db('sessions').where({ id: sessionId }).update({ current_account_id: accountId });
}

export async function destroySession(db: Knex, sessionId: string): Promise<void> {
  await db('sessions').where({ id: sessionId }).delete();
}

/** Ends every session of a user (password change, block), optionally keeping one. */
export async function destroyUserSessions(db: Knex, userId: number, exceptSessionId?: string): Promise<void> {
  const q = db('sessions').where({ user_id: userId });
  if (exceptSessionId) q.andWhereNot({ id: exceptSessionId });
  await q.delete();
}

/**
 * Removes sessions past their sliding or absolute end. The second condition matters only for rows
 * whose expiry was set before the absolute lifetime existed (touchSession caps every new one);
 * the purge runs at start, so those go at the first start of this version.
 */
export async function purgeExpiredSessions(db: Knex, now = Date.now()): Promise<number> {
  return db('sessions')
    .where('expires_at', '<=', now)
    .orWhere('created_at', '<=', now - SESSION_MAX_AGE_MS)
    .delete();
}
