// Staff sessions, in the database like residents' (several consoles may share a PostgreSQL).
// The transport keeps the token (HttpOnly cookie, or the Electron main process); the table
// keeps only its SHA-256.
import type { Knex } from 'knex';
import type { StaffPrincipal, StaffRole } from '../actor.ts';
import { hashToken, randomToken } from '../residents/sessions.ts';

/**
 * A working day, so a clerk signs in once a morning. It is also the absolute lifetime: a staff
 * session is never extended (nothing writes `expires_at` after createStaffSession), so however
 * busy the console, the clerk signs in again after 12 hours, and findStaffSession's `expires_at`
 * comparison is the whole check.
 */
export const STAFF_SESSION_TTL_MS = 12 * 3_600_000;

export async function createStaffSession(
  db: Knex,
  input: { staffId: number; client: 'ipc' | 'web'; ip?: string; now: number },
): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken();
  const expiresAt = input.now + STAFF_SESSION_TTL_MS;
  await db('staff_sessions').insert({
    id: hashToken(token),
    staff_id: input.staffId,
    client: input.client,
    created_at: input.now,
    expires_at: expiresAt,
    last_seen_at: input.now,
    ip: input.ip?.slice(0, 64) ?? null,
  });
  return { token, expiresAt };
}

interface StaffSessionRow {
  id: number;
  login: string;
  full_name: string;
  role: StaffRole;
  must_change_password: boolean | number;
}

/** The signed-in staff member for a token; null when unknown, expired or the staff member is disabled. */
export async function findStaffSession(db: Knex, token: string, now: number): Promise<StaffPrincipal | null> {
  const row: StaffSessionRow | undefined = await db('staff_sessions as s')
    .join('staff_users as u', 'u.id', 's.staff_id')
    .where('s.id', hashToken(token))
    .andWhere('s.expires_at', '>', now)
    .whereNull('u.disabled_at')
    .first('u.id', 'u.login', 'u.full_name', 'u.role', 'u.must_change_password');
  if (!row) return null;
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    role: row.role,
    mustChangePassword: Boolean(row.must_change_password),
  };
}

export async function endStaffSession(db: Knex, token: string): Promise<void> {
  await db('staff_sessions').where({ id: hashToken(token) }).delete();
}

/** Ends every session of a staff member: on disabling, role change and password change. */
export async function endAllStaffSessions(db: Knex, staffId: number, exceptToken?: string): Promise<void> {
  const query = db('staff_sessions').where({ staff_id: staffId });
  if (exceptToken) query.whereNot({ id: hashToken(exceptToken) });
  await query.delete();
}

/** Removes sessions past their expiry (findStaffSession already refuses them); returns how many. */
export async function purgeExpiredStaffSessions(db: Knex, now: number): Promise<number> {
  return db('staff_sessions').where('expires_at', '<=', now).delete();
}
