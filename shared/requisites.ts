// Bank and tax details of a company (реквизиты), checked the way banks and the tax service do:
// INN and OGRN check digits, the account key computed with the bank's BIC (ЦБ РФ rule from
// Положение № 579-П / 385-П). Pure functions: settings validate with them now, receipts later.
// Each check returns null when the value is right, else a Russian message for the field.
import { z } from 'zod';

const digits = (value: string) => [...value].map(Number);

function weightedSum(values: number[], weights: number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * (values[i] ?? 0), 0);
}

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** ИНН: 10 digits for an organisation, 12 for a person or sole trader, with check digits. */
export function innError(inn: string): string | null {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return 'ИНН состоит из 10 цифр (организация) или 12 цифр (ИП)';
  const d = digits(inn);
  const check = (weights: number[], at: number) => (weightedSum(d, weights) % 11) % 10 === d[at];
  const valid = inn.length === 10 ? check(INN10_WEIGHTS, 9) : check(INN12_WEIGHTS_11, 10) && check(INN12_WEIGHTS_12, 11);
  return valid ? null : 'ИНН указан с ошибкой: не сходится контрольная цифра';
}

/** КПП: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits. */
export function kppError(kpp: string): string | null {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp) ? null : 'КПП состоит из 9 знаков: 4 цифры, 2 цифры или латинские буквы, 3 цифры';
}

/** ОГРН (13 digits) or ОГРНИП (15 digits), with the check digit. */
export function ogrnError(ogrn: string): string | null {
  if (!/^\d{13}$|^\d{15}$/.test(ogrn)) return 'ОГРН состоит из 13 цифр (ОГРНИП — из 15)';
  const body = BigInt(ogrn.slice(0, -1));
  const modulus = ogrn.length === 13 ? 11n : 13n;
  const valid = Number((body % modulus) % 10n) === Number(ogrn.at(-1));
  return valid ? null : 'ОГРН указан с ошибкой: не сходится контрольная цифра';
}

/** БИК: 9 digits; Russian banks' codes start with 04. */
export function bicError(bic: string): string | null {
  if (!/^\d{9}$/.test(bic)) return 'БИК состоит из 9 цифр';
  return bic.startsWith('04') ? null : 'БИК российского банка начинается с 04';
}

const ACCOUNT_KEY_WEIGHTS = [7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1];

/** The ЦБ key check: three digits from the BIC, then the 20-digit account, weights 7-1-3. */
function accountKeyValid(prefix: string, account: string): boolean {
  const values = digits(prefix + account);
  return values.reduce((sum, digit, i) => sum + ((digit * (ACCOUNT_KEY_WEIGHTS[i] ?? 0)) % 10), 0) % 10 === 0;
}

/** Расчётный счёт: 20 digits whose key agrees with the bank's BIC (the BIC's last 3 digits). */
export function settlementAccountError(account: string, bic: string): string | null {
  if (!/^\d{20}$/.test(account)) return 'Расчётный счёт состоит из 20 цифр';
  if (bicError(bic)) return 'Сначала укажите правильный БИК банка: по нему проверяется расчётный счёт';
  return accountKeyValid(bic.slice(-3), account) ? null : 'Расчётный счёт не сходится с БИК банка: проверьте оба значения';
}

/** Корреспондентский счёт: 20 digits, starts with 30101, key with «0» and BIC digits 5–6. */
export function correspondentAccountError(account: string, bic: string): string | null {
  if (!/^\d{20}$/.test(account)) return 'Корреспондентский счёт состоит из 20 цифр';
  if (!account.startsWith('30101')) return 'Корреспондентский счёт банка начинается с 30101';
  if (bicError(bic)) return 'Сначала укажите правильный БИК банка: по нему проверяется корреспондентский счёт';
  return accountKeyValid(`0${bic.slice(4, 6)}`, account) ? null : 'Корреспондентский счёт не сходится с БИК банка';
}

/** A zod string checked by one of the functions above (after trimming). */
export function requisite(check: (value: string) => string | null) {
  return z.string().trim().superRefine((value, ctx) => {
    const message = check(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
}
