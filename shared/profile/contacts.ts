// A resident's contacts: the e-mail address and phone number notifications go to. Both are
// optional; what is given is stored in one form (lower-case e-mail, phone as +7XXXXXXXXXX).
import type { Knex } from 'knex';
import { z } from 'zod';
import { writeAudit } from '../audit/write.ts';
import { notFound } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { formText } from './form-text.ts';

export const PHONE_EXAMPLE = '+7 915 123-45-67 или 8 (48153) 7-12-34';

// ASCII local part (what every mail server accepts), Unicode domain allowed (почта.рф).
const EMAIL_PATTERN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

// Separators people type inside a phone number: spaces, brackets, dashes of every width, dots.
const PHONE_SEPARATORS = /[\s()\-.\u2010-\u2015]/g;

export type PhoneProblem = 'characters' | 'country' | 'length';

/**
 * A Russian phone number in the forms people write it — `8 (48153) 7-12-34`, `+7 915 123-45-67`,
 * `89151234567`, `9151234567` — as `+7XXXXXXXXXX`; otherwise what is wrong with it.
 */
export function normalizeRussianPhone(input: string): { ok: true; phone: string } | { ok: false; problem: PhoneProblem } {
  const compact = input.trim().replace(PHONE_SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, problem: 'characters' };
  let national: string;
  if (compact.startsWith('+')) {
    if (!compact.startsWith('+7')) return { ok: false, problem: 'country' };
    national = compact.slice(2);
  } else if (compact.length === 11 && (compact.startsWith('8') || compact.startsWith('7'))) {
    national = compact.slice(1);
  } else {
    national = compact;
  }
  // Russian area and mobile codes start with 3, 4, 8 or 9 (+7 7xx is Kazakhstan).
  if (national.length !== 10) return { ok: false, problem: 'length' };
  if (!/^[3489]/.test(national)) return { ok: false, problem: 'country' };
  return { ok: true, phone: `+7${national}` };
}

const PHONE_MESSAGES: Record<PhoneProblem, string> = {
  characters: 'Номер телефона может содержать только цифры, пробелы, скобки, дефисы и знак «+» в начале',
  country: `Укажите российский номер телефона: он начинается с +7 или 8, например ${PHONE_EXAMPLE}`,
  length: `Укажите номер телефона полностью, с кодом города или оператора, например ${PHONE_EXAMPLE}`,
};

const emailField = formText('Неверное значение адреса электронной почты')
  .pipe(z.string().trim().toLowerCase().max(254, 'Адрес электронной почты слишком длинный'))
  .refine((v) => v === '' || EMAIL_PATTERN.test(v), 'Укажите адрес электронной почты в формате name@example.ru')
  .transform((v) => (v === '' ? null : v));

const phoneField = formText('Неверное значение номера телефона')
  .pipe(z.string().trim().max(40, 'Номер телефона слишком длинный'))
  .transform((v, ctx) => {
    if (v === '') return null;
    const result = normalizeRussianPhone(v);
    if (result.ok) return result.phone;
    ctx.addIssue({ code: 'custom', message: PHONE_MESSAGES[result.problem] });
    return z.NEVER;
  });

/** The contacts form (fields `email`, `phone`): empty means "not given" and is stored as NULL. */
export const contactsFormSchema = z.object({ email: emailField, phone: phoneField });
export type ContactsForm = z.output<typeof contactsFormSchema>;

export type ContactField = 'email' | 'phone';

export interface UpdateContactsInput {
  userId: number;
  /** As typed or already normalised; empty or null clears it. */
  email?: string | null;
  phone?: string | null;
  ip?: string | null;
  now?: number;
}

/**
 * Saves the contacts and says which of them changed. A new e-mail address is unconfirmed again.
 * The audit row names the changed fields, not their values: the log is not a second copy of
 * personal data.
 */
export async function updateContacts(db: Knex, input: UpdateContactsInput): Promise<{ changed: ContactField[]; contacts: ContactsForm }> {
  const contacts = parseInput(contactsFormSchema, { email: input.email ?? '', phone: input.phone ?? '' });
  const now = input.now ?? Date.now();
  return db.transaction(async (trx) => {
    const user: { email: string | null; phone: string | null } | undefined = await trx('users').where({ id: input.userId }).first('email', 'phone');
    if (!user) throw notFound('Пользователь не найден');
    const changed: ContactField[] = [];
    if ((user.email ?? null) !== contacts.email) changed.push('email');
    if ((user.phone ?? null) !== contacts.phone) changed.push('phone');
    if (changed.length === 0) return { changed, contacts };

    const update: Record<string, unknown> = { email: contacts.email, phone: contacts.phone, updated_at: now };
    if (changed.includes('email')) update.email_verified_at = null;
    await trx('users').where({ id: input.userId }).update(update);
    await writeAudit(trx, {
      actorType: 'resident',
      actorId: input.userId,
      action: 'profile.contacts_changed',
      subjectType: 'user',
      subjectId: input.userId,
      ip: input.ip ?? null,
      at: now,
      details: { changed, emailSet: contacts.email !== null, phoneSet: contacts.phone !== null },
    });
    return { changed, contacts };
  });
}
