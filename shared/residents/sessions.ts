// Resident sessions live in the database so several site instances can share them. The cookie
// carries a random token; the table keeps only its SHA-256, so a copied table opens nothing.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { prepared, runPrepared } from '../../db/prepared.ts';
import { accountSummaryColumns, toAccountSummary, type AccountRow, type AccountSummary } from './accounts.ts';

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

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

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
  const expiresAt = now + input.ttlMs;
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
 * The live session for a cookie token with its user and linked accounts, in one query (one row
 * per account): this runs on every request. Null when unknown, expired or the user is blocked.
 */
export async function findSession(db: Knex, token: string, now = Date.now()): Promise<SessionUser | null> {
  const rows = await runPrepared<SessionAccountRow>(db, FIND_SESSION, [hashToken(token), now]);
  return toSessionUser(rows, now);
}

/**
 * The session with its user, from the first row of a session query; its accounts from every
 * row (none when the user has no linked account: one row with null account columns).
 */
export function toSessionUser(rows: SessionAccountRow[], now: number): SessionUser | null {
  const row = rows[0];
  if (!row || isBlocked(row, now)) return null;
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    login: row.login,
    fullName: row.full_name,
    csrfToken: row.csrf_token,
    currentAccountId: row.current_account_id,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
    mustChangePassword: Boolean(row.must_change_password),
    accounts: rows.filter((r): r is SessionRow & AccountRow => r.id != null).map(toAccountSummary),
  };
}

/**
 * The live session by token hash and time (parameters 1 and 2), with its user: a CTE that
 * other statements can start from (see shared/billing/overview.ts).
 */
export const SESSION_CTE = `s as (
  select s.id as session_id, s.user_id, s.csrf_token, s.current_account_id, s.expires_at, s.last_seen_at,
    u.login, u.full_name, u.blocked_at, u.blocked_until, u.must_change_password
  from sessions s
  join users u on u.id = s.user_id
  where s.id = ? and s.expires_at > ?)`;

/** Columns of SESSION_CTE and of the linked accounts, one row per account: a `from` clause. */
export const SESSION_ACCOUNTS_FROM = `s
left join user_accounts ua on ua.user_id = s.user_id
left join accounts a on a.id = ua.account_id`;

export const SESSION_ACCOUNT_COLUMNS = `s.*, ${accountSummaryColumns.join(', ')}`;

const FIND_SESSION = prepared('find_session', `
with ${SESSION_CTE}
select ${SESSION_ACCOUNT_COLUMNS}
from ${SESSION_ACCOUNTS_FROM}
order by a.number`);

export type SessionAccountRow = SessionRow & Partial<AccountRow>;

interface SessionRow {
  session_id: string;
  user_id: number;
  csrf_token: string;
  current_account_id: number | null;
  expires_at: number;
  last_seen_at: number;
  login: string;
  full_name: string | null;
  blocked_at: number | null;
  blocked_until: number | null;
  must_change_password: boolean | number;
}

export function isBlocked(user: { blocked_at: number | null; blocked_until: number | null }, now: number): boolean {
  return user.blocked_at != null && (user.blocked_until == null || user.blocked_until > now);
}

// Sliding expiry without a write on every request: renew at most once per interval.
const RENEW_INTERVAL_MS = 5 * 60_000;

export async function touchSession(db: Knex, session: SessionUser, ttlMs: number, now = Date.now()): Promise<boolean> {
  if (now - session.lastSeenAt < RENEW_INTERVAL_MS) return false;
  await db('sessions').where({ id: session.sessionId }).update({ last_seen_at: now, expires_at: now + ttlMs });
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

export async function purgeExpiredSessions(db: Knex, now = Date.now()): Promise<number> {
  return db('sessions').where('expires_at', '<=', now).delete();
}
