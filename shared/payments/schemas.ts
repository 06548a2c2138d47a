// The pay form (/pay and a receipt's pay link): the amount in rubles as everywhere else, within the
// limits we accept, and how to pay; and the form paying several accounts at once.
import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { rublesInputSchema } from '../money.ts';
import { PAYMENT_METHODS } from './provider.ts';

export const MIN_PAYMENT_KOPECKS = 100; // 1 ₽
export const MAX_PAYMENT_KOPECKS = 50_000_000; // 500 000 ₽

export const paymentAmountSchema = rublesInputSchema.pipe(
  z
    .number()
    .min(MIN_PAYMENT_KOPECKS, 'Сумма платежа — не меньше 1 ₽')
    .max(MAX_PAYMENT_KOPECKS, 'Сумма платежа — не больше 500 000 ₽ за один раз'),
);

export const payFormSchema = z.object({
  amount: z.string({ error: 'Укажите сумму' }).trim().min(1, 'Укажите сумму').pipe(paymentAmountSchema),
  /** Only asked when a 54-ФЗ receipt needs an address the profile lacks (shared/payments/pay.ts). */
  email: z.string().trim().max(254, 'Адрес для чека — не длиннее 254 знаков').optional(),
  /** «Картой» or «СБП»; a form without the choice (a provider with cards only) means card. */
  method: z.enum(PAYMENT_METHODS, { error: 'Выберите способ оплаты' }).optional().default('card'),
});

/** Our attempt ids are UUIDs; anything else in a URL is simply not found. */
export const ATTEMPT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The form paying several of a resident's accounts at once (/pay/several): one amount per account
 * in `part-<account id>`, the method and the receipt e-mail as on /pay. Every `part-` field posted
 * is read, whoever's account its id names: several.ts refuses an id that is not the resident's.
 */
export const partField = (accountId: number) => `part-${accountId}`;
const PART_FIELD = /^part-(\d{1,15})$/;

export const severalFormSchema = payFormSchema.omit({ amount: true });

/** An amount as typed in the several-accounts form: empty is 0, «not paying this account». */
const partAmountSchema = z.string().trim().transform((v) => (v === '' ? '0' : v)).pipe(rublesInputSchema);

export interface PostedParts {
  /** Kopecks per posted account id (0 for the resident's accounts left out); ids not yet checked. */
  parts: { accountId: number; amountKopecks: number }[];
  errors: FieldError[];
}

/** The amounts of the several-accounts form; `accounts` are the resident's, to name them in messages. */
export function readPostedParts(body: Record<string, unknown>, accounts: readonly { id: number; number: string }[]): PostedParts {
  const typed = new Map<number, unknown>(accounts.map((a) => [a.id, '']));
  for (const [name, value] of Object.entries(body)) {
    const id = Number(PART_FIELD.exec(name)?.[1]);
    if (Number.isSafeInteger(id) && id > 0) typed.set(id, value);
  }
  const parts: PostedParts['parts'] = [];
  const errors: FieldError[] = [];
  for (const [accountId, value] of typed) {
    const parsed = partAmountSchema.safeParse(typeof value === 'string' ? value : '');
    if (parsed.success) {
      parts.push({ accountId, amountKopecks: parsed.data });
      continue;
    }
    const number = accounts.find((a) => a.id === accountId)?.number;
    errors.push({ field: partField(accountId), message: `${number ? `Лицевой счёт ${number}` : 'Лицевой счёт'}: укажите сумму в рублях, например 1500,50` });
  }
  return { parts, errors };
}
