// Forgot password: a one-time link by e-mail. The answer to a request is the same whether or not
// the user exists; only the SHA-256 of the link's token is stored; a link lasts an hour, works
// once, and a newer link voids the older ones. Setting the new password ends every session and
// lifts the lock from failed sign-ins, but never a block set by staff.
import type { Knex } from 'knex';
import { z } from 'zod';
import { writeAudit } from '../audit/write.ts';
import { hashPassword } from '../auth/password.ts';
import { DomainError, rateLimited, validationFailed, type FieldError } from '../errors.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { formText } from '../profile/form-text.ts';
import { newPasswordProblem, PASSWORD_FIELDS } from '../profile/password.ts';
import { destroyUserSessions, hashToken, randomToken } from '../residents/sessions.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import { formatDateTimeRu } from '../time.ts';
import { passwordChangedEmail, passwordResetEmail } from './self-service-emails.ts';

export const RESET_TOKEN_TTL_MS = 60 * 60_000;
/** Requests from one address, and links issued to one user, per window. */
export const RESET_MAX_REQUESTS_PER_IP = 10;
export const RESET_MAX_LINKS_PER_USER = 3;
export const RESET_WINDOW_MS = 60 * 60_000;

export const RESET_REQUESTED_MESSAGE =
  'Если такой пользователь есть и у него указан адрес электронной почты, мы отправили письмо со ссылкой для смены пароля. ' +
  'Ссылка действует 1 час. Если письма нет, проверьте папку «Спам» или обратитесь в абонентский отдел.';

export const RESET_FIELDS = { identifier: 'login', next: PASSWORD_FIELDS.next, repeat: PASSWORD_FIELDS.repeat } as const;

export const resetRequestSchema = z.object({
  [RESET_FIELDS.identifier]: formText('Неверное значение поля')
    .pipe(z.string().trim().min(1, 'Укажите логин, номер лицевого счёта или адрес электронной почты').max(254, 'Слишком длинное значение')),
});

export interface ResetRequestInput {
  /** A login, an account number linked to one user, or an e-mail address. */
  identifier: string;
  ip: string;
  now: number;
  siteUrl: string;
}

/**
 * Issues a link to every user the identifier names (an e-mail may be shared by a family's two
 * logins) and queues the e-mails. Returns how many were queued — for logs and tests, never for
 * the page. Throws rate_limited after too many requests from one address.
 */
export async function requestPasswordReset(db: Knex, input: ResetRequestInput): Promise<number> {
  const { now, ip } = input;
  const recent = await db('audit_log')
    .where({ action: 'password_reset.requested', ip })
    .andWhere('at', '>', now - RESET_WINDOW_MS)
    .count({ n: '*' })
    .first();
  if (Number(recent?.n ?? 0) >= RESET_MAX_REQUESTS_PER_IP) {
    throw rateLimited('Слишком много запросов на смену пароля с вашего адреса. Попробуйте через час или обратитесь в абонентский отдел.');
  }

  const users = await findUsers(db, input.identifier.trim());
  const company = await loadCompanyInfo(db);
  let queued = 0;
  await db.transaction(async (trx) => {
    for (const user of users) {
      if (!user.email || (await linksIssuedRecently(trx, user.id, now)) >= RESET_MAX_LINKS_PER_USER) continue;
      const token = randomToken();
      await trx('password_reset_tokens').where({ user_id: user.id }).whereNull('used_at').andWhere('expires_at', '>', now).update({ expires_at: now });
      await trx('password_reset_tokens').insert({ id: hashToken(token), user_id: user.id, created_at: now, expires_at: now + RESET_TOKEN_TTL_MS, ip: ip.slice(0, 64) });
      const link = `${input.siteUrl}/reset-password/${token}`;
      await enqueueEmail(trx, passwordResetEmail({ to: user.email, login: user.login, link, validMinutes: RESET_TOKEN_TTL_MS / 60_000, company }), now);
      queued++;
    }
    // One row per request, found or not: it counts towards the address's limit and, when a
    // user was found, shows in the user's history. The identifier itself is not kept.
    await writeAudit(trx, {
      actorType: 'system', action: 'password_reset.requested', ip, at: now,
      ...(users.length === 1 ? { subjectType: 'user', subjectId: users[0]?.id } : {}),
      details: { linksSent: queued },
    });
  });
  return queued;
}

interface ResetUser {
  id: number;
  login: string;
  email: string | null;
}

async function findUsers(db: Knex, identifier: string): Promise<ResetUser[]> {
  const columns = ['u.id', 'u.login', 'u.email'];
  if (identifier.includes('@')) {
    return db('users as u').where('u.email', identifier.toLowerCase()).orderBy('u.id').limit(5).select(columns);
  }
  const byLogin: ResetUser | undefined = await db('users as u').where('u.login', identifier.toLowerCase()).first(columns);
  if (byLogin || !/^\d+$/.test(identifier)) return byLogin ? [byLogin] : [];
  // As at sign-in: an account number stands for its user only when exactly one holds it.
  const viaAccount: ResetUser[] = await db('users as u')
    .join('user_accounts as ua', 'ua.user_id', 'u.id')
    .join('accounts as a', 'a.id', 'ua.account_id')
    .where('a.number', identifier)
    .limit(2)
    .select(columns);
  return viaAccount.length === 1 ? viaAccount : [];
}

async function linksIssuedRecently(db: Knex, userId: number, now: number): Promise<number> {
  const row = await db('password_reset_tokens').where({ user_id: userId }).andWhere('created_at', '>', now - RESET_WINDOW_MS).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export type ResetLinkState = { ok: true; userId: number; login: string } | { ok: false };

/** Whether a link's token may still set a password (for showing the form). */
export async function checkResetToken(db: Knex, token: string, now: number): Promise<ResetLinkState> {
  const row: { user_id: number; login: string } | undefined = await liveToken(db, token, now).first('t.user_id', 'u.login');
  return row ? { ok: true, userId: row.user_id, login: row.login } : { ok: false };
}

function liveToken(db: Knex, token: string, now: number) {
  return db('password_reset_tokens as t')
    .join('users as u', 'u.id', 't.user_id')
    .where('t.id', hashToken(token))
    .whereNull('t.used_at')
    .andWhere('t.expires_at', '>', now);
}

export const INVALID_LINK = 'Ссылка для смены пароля недействительна: она уже использована, устарела или набрана с ошибкой.';

export const resetPasswordSchema = z.object({
  [RESET_FIELDS.next]: formText(),
  [RESET_FIELDS.repeat]: formText(),
});

export interface ResetPasswordInput {
  token: string;
  next: string;
  repeat: string;
  ip: string;
  now: number;
  timeZone: string;
}

/**
 * Sets the new password by a live link, once: in one transaction the token is spent, the
 * password stored, the lock lifted, every session and every other link of the user ended, the
 * notice queued. Throws validation with field errors, or not_found for a dead link.
 */
export async function resetPassword(db: Knex, input: ResetPasswordInput): Promise<{ userId: number; login: string }> {
  const { now } = input;
  const link = await checkResetToken(db, input.token, now);
  if (!link.ok) throw new DomainError('not_found', INVALID_LINK);

  const errors: FieldError[] = [];
  const problem = newPasswordProblem(input.next, { login: link.login });
  if (problem) errors.push({ field: RESET_FIELDS.next, message: problem });
  if (input.repeat === '') errors.push({ field: RESET_FIELDS.repeat, message: 'Повторите новый пароль' });
  else if (input.next !== '' && input.repeat !== input.next) errors.push({ field: RESET_FIELDS.repeat, message: 'Пароли не совпадают' });
  if (errors.length > 0) throw validationFailed(errors, 'Пароль не изменён');

  const passwordHash = await hashPassword(input.next);
  const company = await loadCompanyInfo(db);
  return db.transaction(async (trx) => {
    // Spending the token is the guard: of two submits of one link, only one updates a row.
    const spent = await trx('password_reset_tokens').where({ id: hashToken(input.token) }).whereNull('used_at').andWhere('expires_at', '>', now).update({ used_at: now });
    if (spent !== 1) throw new DomainError('not_found', INVALID_LINK);
    const user: { id: number; login: string; email: string | null } = await trx('users').where({ id: link.userId }).first('id', 'login', 'email');
    await trx('users').where({ id: user.id }).update({
      password_hash: passwordHash, password_changed_at: now, must_change_password: false,
      failed_logins: 0, locked_until: null, updated_at: now,
    });
    await trx('password_reset_tokens').where({ user_id: user.id }).whereNull('used_at').andWhere('expires_at', '>', now).update({ expires_at: now });
    await destroyUserSessions(trx, user.id);
    await writeAudit(trx, {
      actorType: 'resident', actorId: user.id, action: 'password_reset.completed', subjectType: 'user', subjectId: user.id,
      ip: input.ip, at: now, details: { sessionsEnded: true },
    });
    if (user.email) {
      await enqueueEmail(trx, passwordChangedEmail({ to: user.email, login: user.login, at: formatDateTimeRu(now, input.timeZone), company }), now);
    }
    return { userId: user.id, login: user.login };
  });
}
