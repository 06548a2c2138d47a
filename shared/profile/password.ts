// Changing one's own password: the current one proves it is the owner (not someone at an
// unlocked computer), the new one must be reasonably strong, and every other session ends. The
// session making the change is replaced by a new one too: a token copied before the change
// (the reason to change a password, often) opens nothing after it.
import type { Knex } from 'knex';
import { z } from 'zod';
import { writeAudit } from '../audit/write.ts';
import { PASSWORD_MIN_LENGTH, hashPassword, verifyPassword } from '../auth/password.ts';
import { notFound, rateLimited, validationFailed, type FieldError } from '../errors.ts';
import { createSession, destroyUserSessions, type NewSession } from '../residents/sessions.ts';
import { formText } from './form-text.ts';

/** Names of the password form's fields; field errors refer to them. */
export const PASSWORD_FIELDS = {
  current: 'current_password',
  next: 'new_password',
  repeat: 'repeat_password',
} as const;

export const PASSWORD_MAX_LENGTH = 200;

/** Wrong current passwords allowed in the window before the form stops checking for a while. */
export const PASSWORD_CHANGE_MAX_FAILURES = 5;
export const PASSWORD_CHANGE_WINDOW_MS = 15 * 60_000;

export const PASSWORD_HINT = `Не короче ${PASSWORD_MIN_LENGTH} символов, буквы и цифры. Не используйте логин или номер лицевого счёта.`;

/** What is wrong with a new password, or null. `login` and `current` are checked when given. */
export function newPasswordProblem(next: string, o: { login?: string; current?: string } = {}): string | null {
  if (next === '') return 'Введите новый пароль';
  if (next.length < PASSWORD_MIN_LENGTH) return `Новый пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов`;
  if (next.length > PASSWORD_MAX_LENGTH) return `Новый пароль слишком длинный: не больше ${PASSWORD_MAX_LENGTH} символов`;
  if (!/\p{L}/u.test(next) || !/\p{N}/u.test(next)) return 'Новый пароль должен содержать и буквы, и цифры';
  const login = o.login?.trim().toLowerCase();
  if (login && next.toLowerCase().includes(login)) return 'Новый пароль не должен совпадать с логином или содержать его';
  if (o.current !== undefined && o.current !== '' && next === o.current) return 'Новый пароль должен отличаться от текущего';
  return null;
}

/**
 * The password form, checked without the database: everything but "is the current password
 * right" and "does it contain the login". Every problem is reported at once.
 */
export const passwordFormSchema = z
  .object({
    [PASSWORD_FIELDS.current]: formText(),
    [PASSWORD_FIELDS.next]: formText(),
    [PASSWORD_FIELDS.repeat]: formText(),
  })
  .superRefine((form, ctx) => {
    const current = form[PASSWORD_FIELDS.current];
    for (const error of passwordFormErrors(current, form[PASSWORD_FIELDS.next], form[PASSWORD_FIELDS.repeat], { current })) {
      ctx.addIssue({ code: 'custom', path: [error.field], message: error.message });
    }
  });

function passwordFormErrors(current: string, next: string, repeat: string, rules: { login?: string; current?: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (current === '') errors.push({ field: PASSWORD_FIELDS.current, message: 'Введите текущий пароль' });
  const problem = newPasswordProblem(next, rules);
  if (problem) errors.push({ field: PASSWORD_FIELDS.next, message: problem });
  if (repeat === '') errors.push({ field: PASSWORD_FIELDS.repeat, message: 'Повторите новый пароль' });
  else if (next !== '' && repeat !== next) errors.push({ field: PASSWORD_FIELDS.repeat, message: 'Пароли не совпадают' });
  return errors;
}

export interface ChangePasswordInput {
  userId: number;
  /**
   * The session making the change: it ends with every other one, and a new session (new token,
   * new CSRF token) on the same account takes its place.
   */
  sessionId: string;
  /** The replacement session: its sliding lifetime, the account it shows, the browser. */
  ttlMs: number;
  accountId: number | null;
  userAgent?: string;
  current: string;
  next: string;
  repeat: string;
  ip?: string | null;
  now?: number;
}

/**
 * Verifies the current password, checks the new one, stores its hash, ends every session of the
 * user and starts the one the caller continues with, in one transaction; returns that session
 * for the cookie. Throws a validation error with field errors (names from PASSWORD_FIELDS), or
 * rate_limited after too many wrong current passwords.
 */
export async function changePassword(db: Knex, input: ChangePasswordInput): Promise<NewSession> {
  const now = input.now ?? Date.now();
  const user: { id: number; login: string; password_hash: string } | undefined = await db('users')
    .where({ id: input.userId })
    .first('id', 'login', 'password_hash');
  if (!user) throw notFound('Пользователь не найден');

  // "Must differ from the current one" is checked only once the current one is known to be right.
  const errors = passwordFormErrors(input.current, input.next, input.repeat, { login: user.login });
  if (input.current !== '') {
    if ((await recentFailures(db, user.id, now)) >= PASSWORD_CHANGE_MAX_FAILURES) {
      throw rateLimited('Слишком много попыток ввести текущий пароль. Попробуйте через 15 минут.');
    }
    if (!(await verifyPassword(user.password_hash, input.current))) {
      await writeAudit(db, {
        actorType: 'resident', actorId: user.id, action: 'profile.password_change_failed',
        subjectType: 'user', subjectId: user.id, ip: input.ip ?? null, at: now, details: { reason: 'wrong_current' },
      });
      errors.unshift({ field: PASSWORD_FIELDS.current, message: 'Текущий пароль введён неверно' });
    } else if (input.next === input.current && !errors.some((e) => e.field === PASSWORD_FIELDS.next)) {
      errors.push({ field: PASSWORD_FIELDS.next, message: 'Новый пароль должен отличаться от текущего' });
    }
  }
  if (errors.length > 0) throw validationFailed(inFormOrder(errors), 'Пароль не изменён');

  const passwordHash = await hashPassword(input.next);
  return db.transaction(async (trx) => {
    await trx('users')
      .where({ id: user.id })
      .update({ password_hash: passwordHash, password_changed_at: now, must_change_password: false, updated_at: now });
    await destroyUserSessions(trx, user.id);
    const session = await createSession(trx, {
      userId: user.id, accountId: input.accountId, ttlMs: input.ttlMs, ip: input.ip ?? undefined, userAgent: input.userAgent, now,
    });
    await writeAudit(trx, {
      actorType: 'resident', actorId: user.id, action: 'profile.password_changed',
      subjectType: 'user', subjectId: user.id, ip: input.ip ?? null, at: now, details: { otherSessionsEnded: true, sessionRenewed: true },
    });
    return session;
  });
}

const FIELD_ORDER: string[] = Object.values(PASSWORD_FIELDS);
const inFormOrder = (errors: FieldError[]) => [...errors].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));

async function recentFailures(db: Knex, userId: number, now: number): Promise<number> {
  const row = await db('audit_log')
    .where({ actor_type: 'resident', actor_id: userId, action: 'profile.password_change_failed' })
    .andWhere('at', '>', now - PASSWORD_CHANGE_WINDOW_MS)
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}
