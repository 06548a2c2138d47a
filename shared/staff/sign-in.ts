// Staff sign-in. Wrong passwords count per staff member *and* address within a sliding window
// (the audit log's failed sign-ins); the fifth shuts that address out of the login for a while,
// so a stranger cannot lock an operator out from elsewhere. Every answer but a right password's
// is the same «Неверный логин или пароль» after one hash verification, so neither the answer nor
// its time tells which logins exist, are locked or disabled. Every attempt goes to the audit log.
import type { Knex } from 'knex';
import type { StaffPrincipal } from '../actor.ts';
import { writeAudit } from '../audit/write.ts';
import { hashPassword, needsRehash, verifyPassword } from '../auth/password.ts';
import { DomainError, rateLimited } from '../errors.ts';
import { formatDateTimeRu } from '../time.ts';
import { findStaffByLogin, toPrincipal, type StaffRow } from './users.ts';

export const STAFF_MAX_FAILURES = 5;
export const STAFF_LOCK_MS = 15 * 60_000;
export const STAFF_FAILURE_WINDOW_MS = 15 * 60_000;

export const BAD_CREDENTIALS = 'Неверный логин или пароль';

let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword('timing-equaliser-not-a-password'));

export interface SignInAttempt {
  login: string;
  password: string;
  /** Where from, for the audit log and the lock: an IP address or 'ipc'. */
  ip: string;
  now: number;
  timeZone: string;
}

/**
 * Wrong passwords for this member from this address within the window, since their last sign-in
 * from there (an unknown login: the address's, so both cost the same).
 */
async function earlierFailures(db: Knex, user: StaffRow | undefined, ip: string, now: number): Promise<number> {
  const query = db('audit_log').where({ action: 'staff.sign_in_failed', ip }).andWhere('at', '>', now - STAFF_FAILURE_WINDOW_MS);
  if (user) {
    const subject = { subject_type: 'staff_user', subject_id: String(user.id) };
    const lastSuccess = db('audit_log').where({ action: 'staff.sign_in', ip, ...subject }).select(db.raw('coalesce(max(id), 0)'));
    query.andWhere(subject).andWhere('id', '>', lastSuccess);
  } else {
    query.whereNull('subject_id');
  }
  const row = await query.count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** The address is shut out: a lock is in force (a password reset clears it) and its tries are used up. */
const lockedHere = (user: StaffRow, earlier: number, now: number) =>
  user.locked_until != null && user.locked_until > now && earlier >= STAFF_MAX_FAILURES;

/** Checks the credentials and returns who signed in, or throws a DomainError with a Russian message. */
export async function signInStaff(db: Knex, attempt: SignInAttempt): Promise<StaffPrincipal> {
  const { now, ip } = attempt;
  const user = await findStaffByLogin(db, attempt.login);
  const audit = (action: string, reason: string, subject?: StaffRow, details: Record<string, unknown> = {}) =>
    writeAudit(db, {
      actorType: 'system', action, ip, at: now,
      ...(subject ? { subjectType: 'staff_user', subjectId: subject.id } : {}),
      details: { login: attempt.login.slice(0, 100), reason, ...details },
    });

  const earlier = await earlierFailures(db, user, ip, now);
  const passwordRight = await verifyPassword(user?.password_hash ?? (await timingDummy()), attempt.password);
  if (!user || !passwordRight) {
    if (user) await registerFailure(db, user, attempt, earlier, audit);
    else await audit('staff.sign_in_failed', 'unknown_login');
    throw new DomainError('unauthenticated', BAD_CREDENTIALS);
  }

  // The password is right: now, and only now, the reason entry is refused may be told. Logged
  // apart from failures, so the owner's own tries do not count towards a lock.
  if (user.disabled_at != null) {
    await audit('staff.sign_in_refused', 'disabled', user);
    throw new DomainError('forbidden', 'Учётная запись отключена. Обратитесь к администратору консоли.');
  }
  if (lockedHere(user, earlier, now)) {
    await audit('staff.sign_in_refused', 'locked', user);
    throw rateLimited(lockedMessage(user.locked_until!, attempt.timeZone));
  }

  await db.transaction(async (trx) => {
    // A lock still in force was set by another address's failures: it stays, for that address.
    const update: Record<string, unknown> = { failed_logins: 0, last_login_at: now, updated_at: now };
    if (!(user.locked_until != null && user.locked_until > now)) update.locked_until = null;
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
  earlier: number,
  audit: (action: string, reason: string, subject: StaffRow, details: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  const { now } = attempt;
  const failures = earlier + 1;
  const lockedUntil = now + STAFF_LOCK_MS;
  // Guessing on at a shut address keeps it shut; reaching the limit shuts it.
  const locks = lockedHere(user, earlier, now) || failures >= STAFF_MAX_FAILURES;
  await db('staff_users')
    .where({ id: user.id })
    .update(locks ? { failed_logins: failures, locked_until: lockedUntil, updated_at: now } : { failed_logins: failures, updated_at: now });
  await audit('staff.sign_in_failed', 'bad_password', user, locks ? { failures, lockedUntil } : { failures });
}

function lockedMessage(until: number, timeZone: string): string {
  return `Вход заблокирован после ${STAFF_MAX_FAILURES} неверных попыток. Попробуйте снова после ${formatDateTimeRu(until, timeZone)} или попросите администратора сбросить пароль.`;
}
