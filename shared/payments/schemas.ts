// The pay form (/pay and a receipt's pay link): the amount in rubles as everywhere else, within the
// limits we accept, and how to pay.
import { z } from 'zod';
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
