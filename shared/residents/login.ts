// Resident sign-in: by login (by default the account number) or by an account number linked to
// exactly one user. Failures slow down, then lock the user for a while and mark it suspicious.
import { FORGOT_PASSWORD_PATH } from '../vocabulary.ts';
import type { Knex } from 'knex';
import { z } from 'zod';
import { writeAudit } from '../audit/write.ts';
import { hashPassword, needsRehash, verifyPassword } from '../auth/password.ts';
import { formatDateTimeRu } from '../time.ts';
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
}

export type LoginResult =
  | { ok: true; userId: number; accountId: number | null }
  | { ok: false; reason: 'bad_credentials' | 'locked' | 'blocked' | 'ip_throttled'; message: string; failures?: number };

const BAD_CREDENTIALS = 'Неверный логин или пароль';
const IP_WINDOW_MS = 15 * 60_000;

// Verifying against a real hash keeps an unknown login as slow as a known one.
let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword('timing-equaliser-not-a-password'));

interface UserRow {
  id: number;
  login: string;
  password_hash: string;
  failed_logins: number;
  locked_until: number | null;
  blocked_at: number | null;
  blocked_until: number | null;
  blocked_reason: string | null;
}

async function findUserForLogin(db: Knex, login: string): Promise<UserRow | undefined> {
  const columns = ['u.id', 'u.login', 'u.password_hash', 'u.failed_logins', 'u.locked_until', 'u.blocked_at', 'u.blocked_until', 'u.blocked_reason'];
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

export async function authenticate(
  db: Knex,
  input: LoginForm & { ip: string; now?: number },
  policy: LoginPolicy,
): Promise<LoginResult> {
  const now = input.now ?? Date.now();
  const login = input.login.trim();
  const record = (userId: number | null, succeeded: boolean, reason: string | null) =>
    db('login_attempts').insert({ login: login.slice(0, 100), user_id: userId, ip: input.ip, succeeded, reason, at: now });

  if ((await recentIpFailures(db, input.ip, now)) >= (policy.maxFailuresPerIp ?? 30)) {
    await record(null, false, 'ip_throttled');
    return { ok: false, reason: 'ip_throttled', message: 'Слишком много неудачных попыток входа с вашего адреса. Попробуйте через 15 минут.' };
  }

  const user = await findUserForLogin(db, login);
  if (!user) {
    await verifyPassword(await timingDummy(), input.password);
    await record(null, false, 'unknown_login');
    return { ok: false, reason: 'bad_credentials', message: BAD_CREDENTIALS };
  }
  if (isBlocked(user, now)) {
    await record(user.id, false, 'blocked');
    const until = user.blocked_until ? ` до ${formatDateTimeRu(user.blocked_until, policy.timeZone)}` : '';
    return { ok: false, reason: 'blocked', message: `Доступ к личному кабинету заблокирован${until}. Обратитесь в абонентский отдел.` };
  }
  if (user.locked_until && user.locked_until > now) {
    await record(user.id, false, 'locked');
    return { ok: false, reason: 'locked', message: lockedMessage(user.locked_until, policy.timeZone) };
  }

  if (!(await verifyPassword(user.password_hash, input.password))) {
    return registerFailure(db, user, input.ip, now, policy, () => record(user.id, false, 'bad_password'));
  }

  await db.transaction(async (trx) => {
    const update: Record<string, unknown> = { failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now };
    if (needsRehash(user.password_hash)) update.password_hash = await hashPassword(input.password);
    await trx('users').where({ id: user.id }).update(update);
    await trx('login_attempts').insert({ login: login.slice(0, 100), user_id: user.id, ip: input.ip, succeeded: true, reason: null, at: now });
  });
  const first = await db('user_accounts as ua')
    .join('accounts as a', 'a.id', 'ua.account_id')
    .where('ua.user_id', user.id)
    .orderBy('a.number')
    .first('a.id');
  return { ok: true, userId: user.id, accountId: first?.id ?? null };
}

async function registerFailure(
  db: Knex,
  user: UserRow,
  ip: string,
  now: number,
  policy: LoginPolicy,
  record: () => Promise<unknown>,
): Promise<LoginResult> {
  const failures = user.failed_logins + 1;
  const locks = failures >= policy.maxFailures;
  await db.transaction(async (trx) => {
    await trx('users')
      .where({ id: user.id })
      .update(
        locks
          ? { failed_logins: 0, locked_until: now + policy.lockMs, suspicious_at: now, updated_at: now }
          : { failed_logins: failures, updated_at: now },
      );
    if (locks) {
      await writeAudit(trx, {
        actorType: 'system', action: 'login.locked', subjectType: 'user', subjectId: user.id, ip, at: now,
        details: { failures, lockedUntil: now + policy.lockMs },
      });
    }
  });
  await record();
  if (locks) return { ok: false, reason: 'locked', message: lockedMessage(now + policy.lockMs, policy.timeZone), failures };
  return { ok: false, reason: 'bad_credentials', message: BAD_CREDENTIALS, failures };
}

function lockedMessage(until: number, timeZone: string): string {
  return `Вход временно заблокирован после нескольких неверных попыток. Попробуйте снова после ${formatDateTimeRu(until, timeZone)} или восстановите пароль на странице «Забыли пароль?» (${FORGOT_PASSWORD_PATH}).`;
}

/** Seconds to hold a failed answer back: grows with consecutive failures, at most 2 s. */
export function failureDelayMs(failures: number | undefined): number {
  return Math.min(2000, 250 * 2 ** Math.max(0, (failures ?? 1) - 1));
}
