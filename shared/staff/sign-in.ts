// Staff sign-in. Failures count per staff member; the fifth in a row locks the login for a
// while. An unknown login costs one hash verification too, so timing does not tell which
// logins exist. Every attempt, good or bad, goes to the audit log.
import type { Knex } from 'knex';
import type { StaffPrincipal } from '../actor.ts';
import { writeAudit } from '../audit/write.ts';
import { hashPassword, needsRehash, verifyPassword } from '../auth/password.ts';
import { DomainError, rateLimited } from '../errors.ts';
import { formatDateTimeRu } from '../time.ts';
import { findStaffByLogin, toPrincipal, type StaffRow } from './users.ts';

export const STAFF_MAX_FAILURES = 5;
export const STAFF_LOCK_MS = 15 * 60_000;

export const BAD_CREDENTIALS = 'Неверный логин или пароль';

let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword('timing-equaliser-not-a-password'));

export interface SignInAttempt {
  login: string;
  password: string;
  /** Where from, for the audit log: an IP address or 'ipc'. */
  ip: string;
  now: number;
  timeZone: string;
}

/** Checks the credentials and returns who signed in, or throws a DomainError with a Russian message. */
export async function signInStaff(db: Knex, attempt: SignInAttempt): Promise<StaffPrincipal> {
  const { now, ip } = attempt;
  const user = await findStaffByLogin(db, attempt.login);
  const failed = (reason: string, subject?: StaffRow, details: Record<string, unknown> = {}) =>
    writeAudit(db, {
      actorType: 'system', action: 'staff.sign_in_failed', ip, at: now,
      ...(subject ? { subjectType: 'staff_user', subjectId: subject.id } : {}),
      details: { login: attempt.login.slice(0, 100), reason, ...details },
    });

  if (!user) {
    await verifyPassword(await timingDummy(), attempt.password);
    await failed('unknown_login');
    throw new DomainError('unauthenticated', BAD_CREDENTIALS);
  }
  if (user.locked_until != null && user.locked_until > now) {
    await failed('locked', user);
    throw rateLimited(lockedMessage(user.locked_until, attempt.timeZone));
  }
  if (!(await verifyPassword(user.password_hash, attempt.password))) {
    return registerFailure(db, user, attempt, failed);
  }
  if (user.disabled_at != null) {
    await failed('disabled', user);
    throw new DomainError('forbidden', 'Учётная запись отключена. Обратитесь к администратору консоли.');
  }

  await db.transaction(async (trx) => {
    const update: Record<string, unknown> = { failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now };
    if (needsRehash(user.password_hash)) update.password_hash = await hashPassword(attempt.password);
    await trx('staff_users').where({ id: user.id }).update(update);
    await writeAudit(trx, {
      actorType: 'staff', actorId: user.id, action: 'staff.sign_in', subjectType: 'staff_user', subjectId: user.id, ip, at: now,
    });
  });
  return toPrincipal(user);
}

async function registerFailure(
  db: Knex,
  user: StaffRow,
  attempt: SignInAttempt,
  failed: (reason: string, subject: StaffRow, details: Record<string, unknown>) => Promise<void>,
): Promise<never> {
  const { now } = attempt;
  // Counted in the database, so two consoles guessing at once cannot both get five tries.
  await db('staff_users').where({ id: user.id }).update({ failed_logins: db.raw('failed_logins + 1'), updated_at: now });
  const row: { failed_logins: number } | undefined = await db('staff_users').where({ id: user.id }).first('failed_logins');
  const failures = row?.failed_logins ?? user.failed_logins + 1;
  if (failures < STAFF_MAX_FAILURES) {
    await failed('bad_password', user, { failures });
    throw new DomainError('unauthenticated', BAD_CREDENTIALS);
  }
  const lockedUntil = now + STAFF_LOCK_MS;
  await db('staff_users').where({ id: user.id }).update({ failed_logins: 0, locked_until: lockedUntil, updated_at: now });
  await failed('bad_password', user, { failures, lockedUntil });
  throw rateLimited(lockedMessage(lockedUntil, attempt.timeZone));
}

function lockedMessage(until: number, timeZone: string): string {
  return `Вход заблокирован после ${STAFF_MAX_FAILURES} неверных попыток. Попробуйте снова после ${formatDateTimeRu(until, timeZone)} или попросите администратора сбросить пароль.`;
}
