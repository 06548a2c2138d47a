// A staff member changing their own password: the current one proves it is them, the new one
// follows the same rules as residents' (shared/profile/password.ts), and every other session
// of theirs ends. Clears the "must change" flag a generated password carries.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { notFound, rateLimited, validationFailed } from '../errors.ts';
import { newPasswordProblem } from '../profile/password.ts';
import { endAllStaffSessions } from './sessions.ts';
import { findStaffById } from './users.ts';

export const STAFF_PASSWORD_CHANGE_MAX_FAILURES = 5;
export const STAFF_PASSWORD_CHANGE_WINDOW_MS = 15 * 60_000;

export interface OwnPasswordChange {
  staffId: number;
  /** The session making the change: it stays; every other one ends. */
  token: string | null;
  currentPassword: string;
  newPassword: string;
  ip: string;
  now: number;
}

export async function changeOwnStaffPassword(db: Knex, change: OwnPasswordChange): Promise<void> {
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
  await db.transaction(async (trx) => {
    await trx('staff_users')
      .where({ id: staffId })
      .update({ password_hash: passwordHash, must_change_password: false, password_changed_at: now, updated_at: now });
    await endAllStaffSessions(trx, staffId, change.token ?? undefined);
    await writeAudit(trx, {
      actorType: 'staff', actorId: staffId, action: 'staff.password_changed',
      subjectType: 'staff_user', subjectId: staffId, ip, at: now, details: { otherSessionsEnded: true },
    });
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
