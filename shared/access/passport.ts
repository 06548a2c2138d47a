// Passport data is never stored: only a keyed hash (HMAC-SHA256 with APP_SECRET) for matching
// against the account owner's, and a masked form for a clerk's eyes (DESIGN.md, 152-ФЗ).
// NOTE: a stand-in with the API agreed with the application form's author (wt-apply); the
// merge keeps one copy.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { formText } from '../profile/form-text.ts';

export const PASSPORT_EXAMPLE = '66 04 123456';

/** Series and number of a Russian passport as typed («66 04 123456», «6604 №123456») → 10 digits. */
export const passportSchema = formText('Неверное значение серии и номера паспорта')
  .pipe(z.string().transform((v) => v.replace(/[\s№\-.]/g, '')))
  .refine((v) => v !== '', 'Укажите серию и номер паспорта')
  .refine((v) => v === '' || /^\d{10}$/.test(v), `Серия и номер паспорта — 10 цифр, например ${PASSPORT_EXAMPLE}`);

/** The keyed hash stored in accounts.owner_passport_hash and access_applications.passport_hash. */
export function passportHash(secret: string, passport: string): string {
  return createHmac('sha256', secret).update(`passport:${passport.replace(/\D/g, '')}`).digest('hex');
}

/** «6604123456» → «66 ** ****56». */
export function maskPassport(passport: string): string {
  const digits = passport.replace(/\D/g, '');
  return `${digits.slice(0, 2)} ** ****${digits.slice(-2)}`;
}
