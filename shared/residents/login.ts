// Resident sign-in: by login (by default the account number) or by an account number linked to
// exactly one user. Wrong passwords from one address slow down, then shut that address out of
// the login for a while, mark the user suspicious and e-mail the owner.
import { FORGOT_PASSWORD_PATH } from '../vocabulary.ts';
import type { Knex } from 'knex';
import { z } from 'zod';
import { insertedId } from '../../db/dialect/inserted-id.ts';
import { writeAudit } from '../audit/write.ts';
import { hashPassword, needsRehash, verifyPassword } from '../auth/password.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import { formatDateTimeRu } from '../time.ts';
import { signInLockedEmail } from './lock-email.ts';
import { isBlocked } from './sessions.ts';

export const loginFormSchema = z.object({
  login: z.string().trim().min(1, 'Введите логин или номер лицевого счёта').max(100, 'Слишком длинный логин'),
  password: z.string().min(1, 'Введите пароль').max(200, 'Слишком длинный пароль'),
});
export type LoginForm = z.infer<typeof loginFormSchema>;

export interface LoginPolicy {
  maxFailures: number;
  lockMs: number;
  timeZone: string;
  /** Failed attempts from one address in 15 minutes before it is refused outright. */
  maxFailuresPerIp?: number;
  /** How far back wrong passwords count towards a lock; default 15 minutes. */
  windowMs?: number;
  /** The site's address, for the link in the lock letter. */
  siteUrl?: string;
}

export type LoginResult =
  | { ok: true; userId: number; accountId: number | null }
  | {
    ok: false;
    reason: 'bad_credentials' | 'locked' | 'blocked' | 'ip_throttled';
    message: string;
    /** This login's failures from this address in the window, this one included (what a lock counts). */
    failures?: number;
    /**
     * This address's failures in the window over every login, this one included: what the answer's
     * delay grows with. Counted alike whether or not the login exists, so the delay tells nothing
     * (a per-login count would: a known login's spellings and account number add up, an unknown's do not).
     */
    addressFailures?: number;
  };

/** What login_attempts.reason records for a refused attempt; the console names each in words. */
export const FAILURE_REASONS = ['ip_throttled', 'unknown_login', 'bad_password', 'blocked', 'locked'] as const;
type FailureReason = (typeof FAILURE_REASONS)[number];

const BAD_CREDENTIALS = 'Неверный логин или пароль';
const IP_WINDOW_MS = 15 * 60_000;
export const FAILURE_WINDOW_MS = 15 * 60_000;

// Verifying against a real hash keeps an unknown login as slow as a known one.
let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword('timing-equaliser-not-a-password'));

interface UserRow {
  id: number;
  login: string;
  email: string | null;
  password_hash: string;
  locked_until: number | null;
  blocked_at: number | null;
  blocked_until: number | null;
  blocked_reason: string | null;
}

async function findUserForLogin(db: Knex, login: string): Promise<UserRow | undefined> {
  const columns = ['u.id', 'u.login', 'u.email', 'u.password_hash', 'u.locked_until', 'u.blocked_at', 'u.blocked_until', 'u.blocked_reason'];
  const byLogin = await db('users as u').where('u.login', login.toLowerCase()).first(columns);
  if (byLogin || !/^\d+$/.test(login)) return byLogin;
  const viaAccount: UserRow[] = await db('users as u')
    .join('user_accounts as ua', 'ua.user_id', 'u.id')
    .join('accounts as a', 'a.id', 'ua.account_id')
    .where('a.number', login)
    .select(columns)
    .limit(2);
  return viaAccount.length === 1 ? viaAccount[0] : undefined;
}

async function recentIpFailures(db: Knex, ip: string, now: number): Promise<number> {
  const row = await db('login_attempts')
    .where({ ip, succeeded: false })
    .andWhere('at', '>', now - IP_WINDOW_MS)
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/**
 * Wrong passwords for this user (an unknown login: for this text) from this address within the
 * window, since its last success there and before attempt `beforeId`. Only this address's: a
 * stranger elsewhere cannot add to it.
 */
async function earlierFailures(db: Knex, o: { user: UserRow | undefined; login: string; ip: string; since: number; beforeId: number }): Promise<number> {
  const query = db('login_attempts')
    .where(o.user ? { user_id: o.user.id, reason: 'bad_password' } : { login: o.login, reason: 'unknown_login' })
    .andWhere({ ip: o.ip, succeeded: false })
    .andWhere('at', '>', o.since)
    .andWhere('id', '<', o.beforeId);
  if (o.user) {
    const lastSuccess = db('login_attempts').where({ user_id: o.user.id, ip: o.ip, succeeded: true }).select(db.raw('coalesce(max(id), 0)'));
    query.andWhere('id', '>', lastSuccess);
  }
  const row = await query.count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/**
 * Every answer but a right password's is the same «Неверный логин или пароль», after the same
 * work (one hash verification), so neither the text nor the time tells a stranger whether a
 * login exists, is blocked or is locked. Locks are per login and address: the owner elsewhere
 * signs in while a guesser's address stays shut.
 */
export async function authenticate(
  db: Knex,
  input: LoginForm & { ip: string; now?: number },
  policy: LoginPolicy,
): Promise<LoginResult> {
  const now = input.now ?? Date.now();
  const login = input.login.trim().slice(0, 100);

  const addressFailures = await recentIpFailures(db, input.ip, now);
  if (addressFailures >= (policy.maxFailuresPerIp ?? 30)) {
    await db('login_attempts').insert({ login, user_id: null, ip: input.ip, succeeded: false, reason: 'ip_throttled' satisfies FailureReason, at: now });
    return { ok: false, reason: 'ip_throttled', message: 'Слишком много неудачных попыток входа с вашего адреса. Попробуйте через 15 минут.' };
  }

  const user = await findUserForLogin(db, login);
  // Written as a failure before the hash is checked, so a burst of parallel guesses counts
  // each other; put right below when the password turns out right.
  const [inserted] = await db('login_attempts')
    .insert({ login, user_id: user?.id ?? null, ip: input.ip, succeeded: false, reason: (user ? 'bad_password' : 'unknown_login') satisfies FailureReason, at: now })
    .returning('id');
  const attemptId = insertedId(inserted);
  const earlier = await earlierFailures(db, { user, login, ip: input.ip, since: now - (policy.windowMs ?? FAILURE_WINDOW_MS), beforeId: attemptId });
  const passwordRight = await verifyPassword(user?.password_hash ?? (await timingDummy()), input.password);

  if (!user || !passwordRight) {
    // A hash of weaker settings (a demo password before its first sign-in) verifies faster than
    // the full-cost dummy an unknown login gets: add the dummy's time so the two cannot be told apart.
    if (user && needsRehash(user.password_hash)) await verifyPassword(await timingDummy(), input.password);
    if (user) await registerFailure(db, user, { ip: input.ip, now, failures: earlier + 1, wasLocked: lockedHere(user, earlier, now, policy) }, policy);
    return { ok: false, reason: 'bad_credentials', message: BAD_CREDENTIALS, failures: earlier + 1, addressFailures: addressFailures + 1 };
  }

  // The password is right: now, and only now, the reason entry is refused may be told.
  const refuse = (reason: FailureReason & ('blocked' | 'locked')) => db('login_attempts').where({ id: attemptId }).update({ reason });
  if (isBlocked(user, now)) {
    await refuse('blocked');
    const until = user.blocked_until ? ` до ${formatDateTimeRu(user.blocked_until, policy.timeZone)}` : '';
    return { ok: false, reason: 'blocked', message: `Доступ к личному кабинету заблокирован${until}. Обратитесь в абонентский отдел.` };
  }
  if (lockedHere(user, earlier, now, policy)) {
    await refuse('locked');
    return { ok: false, reason: 'locked', message: lockedMessage(user.locked_until!, policy.timeZone) };
  }

  await db.transaction(async (trx) => {
    // A lock still in force was set by another address's failures: it stays, for that address.
    const update: Record<string, unknown> = { failed_logins: 0, last_login_at: now, updated_at: now };
    if (!(user.locked_until && user.locked_until > now)) update.locked_until = null;
    if (needsRehash(user.password_hash)) update.password_hash = await hashPassword(input.password);
    await trx('users').where({ id: user.id }).update(update);
    await trx('login_attempts').where({ id: attemptId }).update({ succeeded: true, reason: null });
  });
  const first = await db('user_accounts as ua')
    .join('accounts as a', 'a.id', 'ua.account_id')
    .where('ua.user_id', user.id)
    .orderBy('a.number')
    .first('a.id');
  return { ok: true, userId: user.id, accountId: first?.id ?? null };
}

/**
 * This address is shut out of this login: a lock is in force (staff's «Открыть вход» and a
 * password reset clear it) and the address has used up its tries within the window.
 */
function lockedHere(user: UserRow, earlierFailures: number, now: number, policy: LoginPolicy): boolean {
  return user.locked_until != null && user.locked_until > now && earlierFailures >= policy.maxFailures;
}

async function registerFailure(
  db: Knex,
  user: UserRow,
  o: { ip: string; now: number; failures: number; wasLocked: boolean },
  policy: LoginPolicy,
): Promise<void> {
  const { now } = o;
  const lockedUntil = now + policy.lockMs;
  // Guessing on at a shut address keeps it shut; the first lock is the event worth telling.
  if (o.wasLocked) {
    await db('users').where({ id: user.id }).update({ locked_until: lockedUntil, failed_logins: o.failures, updated_at: now });
    return;
  }
  if (o.failures < policy.maxFailures) {
    await db('users').where({ id: user.id }).update({ failed_logins: o.failures, updated_at: now });
    return;
  }
  const lockInForce = user.locked_until != null && user.locked_until > now;
  await db.transaction(async (trx) => {
    await trx('users').where({ id: user.id }).update({ failed_logins: o.failures, locked_until: lockedUntil, suspicious_at: now, updated_at: now });
    await writeAudit(trx, {
      actorType: 'system', action: 'login.locked', subjectType: 'user', subjectId: user.id, ip: o.ip, at: now,
      details: { failures: o.failures, lockedUntil },
    });
    // One letter per lock, not one per address of a guesser working from many.
    if (user.email && !lockInForce) {
      const company = await loadCompanyInfo(trx);
      await enqueueEmail(trx, signInLockedEmail({
        to: user.email, login: user.login, ip: o.ip, siteUrl: policy.siteUrl, company,
        at: formatDateTimeRu(now, policy.timeZone), until: formatDateTimeRu(lockedUntil, policy.timeZone),
      }), now);
    }
  });
}

function lockedMessage(until: number, timeZone: string): string {
  return `Вход временно заблокирован после нескольких неверных попыток. Попробуйте снова после ${formatDateTimeRu(until, timeZone)} или восстановите пароль на странице «Забыли пароль?» (${FORGOT_PASSWORD_PATH}).`;
}

/** Seconds to hold a failed answer back: grows with consecutive failures, at most 2 s. */
export function failureDelayMs(failures: number | undefined, baseMs = 250): number {
  return Math.min(8 * baseMs, baseMs * 2 ** Math.max(0, (failures ?? 1) - 1));
}
