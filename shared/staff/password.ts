// A staff member changing their own password: the current one proves it is them, the new one
// follows the same rules as residents' (shared/profile/password.ts), and every session of theirs
// ends, the one making the change included: it is replaced by a new one, so a token copied before
// the change opens nothing after it. Clears the "must change" flag a generated password carries.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { notFound, rateLimited, validationFailed } from '../errors.ts';
import { newPasswordProblem } from '../profile/password.ts';
import { createStaffSession, endAllStaffSessions } from './sessions.ts';
import { findStaffById } from './users.ts';

export const STAFF_PASSWORD_CHANGE_MAX_FAILURES = 5;
export const STAFF_PASSWORD_CHANGE_WINDOW_MS = 15 * 60_000;

export interface OwnPasswordChange {
  staffId: number;
  /** The session making the change: it ends with every other one (the caller gets a new one). */
  token: string | null;
  /** The transport the new session is for, as the old one's. */
  client: 'ipc' | 'web';
  currentPassword: string;
  newPassword: string;
  ip: string;
  now: number;
}

/** Changes the password and returns the session that replaces the caller's (hand it to the transport). */
export async function changeOwnStaffPassword(db: Knex, change: OwnPasswordChange): Promise<{ token: string; expiresAt: number }> {
  const { staffId, now, ip } = change;
  const user = await findStaffById(db, staffId);
  if (!user) throw notFound('Сотрудник не найден');

  if ((await recentFailures(db, staffId, now)) >= STAFF_PASSWORD_CHANGE_MAX_FAILURES) {
    throw rateLimited('Слишком много попыток ввести текущий пароль. Попробуйте через 15 минут.');
  }
  if (!(await verifyPassword(user.password_hash, change.currentPassword))) {
    await writeAudit(db, {
      actorType: 'staff', actorId: staffId, action: 'staff.password_change_failed',
      subjectType: 'staff_user', subjectId: staffId, ip, at: now, details: { reason: 'wrong_current' },
    });
    throw validationFailed([{ field: 'currentPassword', message: 'Текущий пароль введён неверно' }], 'Пароль не изменён');
  }
  const problem = newPasswordProblem(change.newPassword, { login: user.login, current: change.currentPassword });
  if (problem) throw validationFailed([{ field: 'newPassword', message: problem }], 'Пароль не изменён');

  const passwordHash = await hashPassword(change.newPassword);
  return db.transaction(async (trx) => {
    await trx('staff_users')
      .where({ id: staffId })
      .update({ password_hash: passwordHash, must_change_password: false, password_changed_at: now, updated_at: now });
    await endAllStaffSessions(trx, staffId);
    const session = await createStaffSession(trx, { staffId, client: change.client, ip, now });
    await writeAudit(trx, {
      actorType: 'staff', actorId: staffId, action: 'staff.password_changed',
      subjectType: 'staff_user', subjectId: staffId, ip, at: now, details: { otherSessionsEnded: true, sessionRenewed: true },
    });
    return session;
  });
}

async function recentFailures(db: Knex, staffId: number, now: number): Promise<number> {
  const row = await db('audit_log')
    .where({ actor_type: 'staff', actor_id: staffId, action: 'staff.password_change_failed' })
    .andWhere('at', '>', now - STAFF_PASSWORD_CHANGE_WINDOW_MS)
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}
