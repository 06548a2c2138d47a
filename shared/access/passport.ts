// Passport data (series and number of the Russian internal passport) is collected only to
// identify a resident and is never stored: only a keyed hash for matching against billing data
// (accounts.owner_passport_hash must be made by `passportHash` too) and a mask for a clerk's eyes.
// One copy serves the access application and self-registration.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AppConfig } from '../config/env.ts';
import { formText } from '../profile/form-text.ts';

export const PASSPORT_EXAMPLE = '66 04 123456';

/** Series and number as typed («66 04 123456», «6604 №123456») → the 10 digits. */
export const passportSchema = formText('Неверное значение серии и номера паспорта')
  .pipe(z.string().transform((v) => v.replace(/[\s№\-.]/g, '')))
  .refine((v) => v !== '', 'Укажите серию и номер паспорта')
  .refine((v) => v === '' || /^\d{10}$/.test(v), `Серия и номер паспорта — 10 цифр, например ${PASSPORT_EXAMPLE}`);

// Used only when APP_SECRET is not set, which the config allows outside production only
// (loadConfig refuses to start in production without it). Hashes made with it protect nothing,
// which is fine for the demo and tests, and they never match production data.
const DEVELOPMENT_KEY = 'kkp-development-passport-key-not-for-production';

/** The key for keyed hashes of personal data: APP_SECRET, or the development key outside production. */
export function personalDataKey(config: Pick<AppConfig, 'appSecret' | 'env'>): string {
  if (config.appSecret) return config.appSecret;
  if (config.env === 'production') throw new Error('APP_SECRET is required in production to hash personal data');
  return DEVELOPMENT_KEY;
}

/**
 * HMAC-SHA256 of the ten digits, hex (64 characters): the value stored in
 * accounts.owner_passport_hash and access_applications.passport_hash. Keyed, so a leaked table
 * cannot be reversed by hashing all 10¹⁰ possible passports without the secret.
 */
export function passportHash(secret: string, passport: string): string {
  return createHmac('sha256', secret).update(`passport:${passport.replace(/\D/g, '')}`).digest('hex');
}

/** `passportHash` with the key from the configuration. */
export function hashPassport(passport: string, config: Pick<AppConfig, 'appSecret' | 'env'>): string {
  return passportHash(personalDataKey(config), passport);
}

/** «6604123456» → «66 ** ****56»: enough to compare with the document in hand, too little to misuse. */
export function maskPassport(passport: string): string {
  const digits = passport.replace(/\D/g, '');
  return `${digits.slice(0, 2)} ** ****${digits.slice(-2)}`;
}
