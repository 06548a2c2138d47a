// Passport data (series and number of the Russian internal passport) is collected only to
// identify a resident and is never stored: only a keyed hash for matching against billing data
// (accounts.owner_passport_hash, made by the same function) and a mask for the clerk's eyes.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AppConfig } from '../config/env.ts';
import { formText } from '../profile/form-text.ts';

export interface Passport {
  /** Four digits, e.g. '6612' (written «66 12»). */
  series: string;
  /** Six digits. */
  number: string;
}

/** Spaces, dashes and the «№» sign people type between the digits. */
const SEPARATORS = /[\s\-–№]/g;

const digitsField = (digits: number, missing: string, wrong: string) =>
  formText(wrong)
    .transform((v) => v.replace(SEPARATORS, ''))
    .pipe(z.string().min(1, { message: missing, abort: true }).regex(new RegExp(`^\\d{${digits}}$`), wrong));

export const passportSeriesSchema = digitsField(4, 'Укажите серию паспорта', 'Серия паспорта — 4 цифры, например 66 12');
export const passportNumberSchema = digitsField(6, 'Укажите номер паспорта', 'Номер паспорта — 6 цифр, например 345678');

/** Form fields `passportSeries` and `passportNumber`, normalised to digits only. */
export const passportFields = { passportSeries: passportSeriesSchema, passportNumber: passportNumberSchema };

// Used only when APP_SECRET is not set, which the config allows outside production only
// (loadConfig refuses to start in production without it). Hashes made with it are worthless
// as protection, which is fine for the demo and tests, and they never match production data.
const DEVELOPMENT_KEY = 'kkp-development-passport-key-not-for-production';

/** The key for keyed hashes of personal data: APP_SECRET, or the development key outside production. */
export function personalDataKey(config: Pick<AppConfig, 'appSecret' | 'env'>): string {
  if (config.appSecret) return config.appSecret;
  if (config.env === 'production') throw new Error('APP_SECRET is required in production to hash personal data');
  return DEVELOPMENT_KEY;
}

/**
 * HMAC-SHA256 of the ten digits, hex (64 characters). Keyed, so a leaked table cannot be
 * reversed by hashing all 10¹⁰ possible passports without the secret.
 */
export function hashPassport(passport: Passport, config: Pick<AppConfig, 'appSecret' | 'env'>): string {
  return createHmac('sha256', personalDataKey(config)).update(`ru-passport:${passport.series}${passport.number}`).digest('hex');
}

/** «66 ** ****12»: enough for a clerk to compare with the document in hand, too little to misuse. */
export function maskPassport(passport: Passport): string {
  return `${passport.series.slice(0, 2)} ** ****${passport.number.slice(-2)}`;
}
