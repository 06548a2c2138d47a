// A resident's card for the console: the user, linked accounts, block and lockout state, recent
// sign-ins and failed attempts, disconnections. Opening it is audited ('resident.view').
import type { Knex } from 'knex';
import { notFound } from '../errors.ts';
import { isBlocked } from '../residents/sessions.ts';
import { auditStaffAction, type AdminContext } from './context.ts';
import { toListItems, userListColumns, type ResidentListItem, type UserListRow } from './residents-search.ts';

export interface ResidentCard extends ResidentListItem {
  phone: string | null;
  createdAt: number;
  lastLoginAt: number | null;
  /** The block in force now (null when none or when its time has passed). */
  block: { at: number; until: number | null; reason: string; by: string | null } | null;
  /** End of a lockout by failed sign-ins still in force, else null. */
  lockedUntil: number | null;
  failedLogins: number;
  /** Recent sign-ins and failed attempts, newest first. */
  signIns: { at: number; ip: string | null; succeeded: boolean; reason: string | null }[];
  disconnections: { accountNumber: string; reason: 'request' | 'owner_change'; documentRef: string; at: number; by: string }[];
}

const SIGN_INS_SHOWN = 20;

interface CardRow extends UserListRow {
  phone: string | null;
  created_at: number;
  last_login_at: number | null;
  blocked_reason: string | null;
  blocked_by_name: string | null;
  locked_until: number | null;
  failed_logins: number;
}

export async function loadResidentCard(db: Knex, userId: number, now: number): Promise<ResidentCard> {
  const row: CardRow | undefined = await db('users as u')
    .leftJoin('staff_users as s', 's.id', 'u.blocked_by')
    .where('u.id', userId)
    .first([...userListColumns, 'u.phone', 'u.created_at', 'u.last_login_at', 'u.blocked_reason', 's.full_name as blocked_by_name', 'u.locked_until', 'u.failed_logins']);
  if (!row) throw notFound('Пользователь не найден');
  const [item] = await toListItems(db, [row], now);
  const attempts: { at: number; ip: string | null; succeeded: boolean | number; reason: string | null }[] = await db('login_attempts')
    .where({ user_id: userId })
    .orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(SIGN_INS_SHOWN)
    .select('at', 'ip', 'succeeded', 'reason');
  const disconnections: { number: string; reason: 'request' | 'owner_change'; document_ref: string; at: number; by: string }[] = await db('account_disconnections as d')
    .join('accounts as a', 'a.id', 'd.account_id')
    .join('staff_users as s', 's.id', 'd.staff_id')
    .where('d.user_id', userId)
    .orderBy([{ column: 'd.at', order: 'desc' }, { column: 'd.id', order: 'desc' }])
    .select('a.number', 'd.reason', 'd.document_ref', 'd.at', 's.full_name as by');
  return {
    ...item!,
    phone: row.phone,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    // Only a block in force: an expired one no longer concerns the clerk.
    block: isBlocked(row, now)
      ? { at: row.blocked_at!, until: row.blocked_until, reason: row.blocked_reason ?? '', by: row.blocked_by_name }
      : null,
    lockedUntil: row.locked_until != null && row.locked_until > now ? row.locked_until : null,
    failedLogins: row.failed_logins,
    signIns: attempts.map((a) => ({ at: a.at, ip: a.ip, succeeded: Boolean(a.succeeded), reason: a.reason })),
    disconnections: disconnections.map((d) => ({ accountNumber: d.number, reason: d.reason, documentRef: d.document_ref, at: d.at, by: d.by })),
  };
}

export async function getResident(ctx: AdminContext, input: { userId: number }): Promise<ResidentCard> {
  const card = await loadResidentCard(ctx.db, input.userId, ctx.now());
  await auditStaffAction(ctx.db, ctx, { action: 'resident.view', subjectType: 'user', subjectId: input.userId });
  return card;
}
