// A resident who holds several accounts pays some or all of them in one online payment: one
// provider payment for the total, and, once the provider confirms it, each account credited its
// own part (settle.ts writes one payments row per part). Only a signed-in resident may: the
// accounts are those linked to the user, whatever ids the form posted.
import { conflict, notFound, validationFailed, type FieldError } from '../errors.ts';
import { formatRubles } from '../money.ts';
import type { PaymentDeps } from './configure.ts';
import { ownAccountNumbers, paymentDescription, type AttemptPart } from './parts.ts';
import { openAttempt, providerFor, type StartResult } from './pay.ts';
import type { PaymentMethod } from './provider.ts';
import { MAX_PAYMENT_KOPECKS, MIN_PAYMENT_KOPECKS, partField } from './schemas.ts';

export interface SeveralInput {
  userId: number;
  /** Kopecks per account id as posted; 0 leaves that account out. The ids are checked here. */
  parts: { accountId: number; amountKopecks: number }[];
  method?: PaymentMethod;
  receiptEmail?: string | null;
  ip?: string | null;
}

export const NOT_YOUR_ACCOUNT = 'Лицевой счёт не найден среди ваших счетов';

export async function startSeveralPayment(deps: PaymentDeps, input: SeveralInput): Promise<StartResult> {
  const ids = input.parts.map((p) => p.accountId);
  if (new Set(ids).size !== ids.length) throw conflict('Каждый лицевой счёт можно указать один раз');
  const numberOf = await ownAccountNumbers(deps.db, input.userId, ids);
  if (ids.some((id) => !numberOf.has(id))) throw notFound(NOT_YOUR_ACCOUNT);

  const parts: AttemptPart[] = input.parts
    .map((p) => ({ accountId: p.accountId, accountNumber: numberOf.get(p.accountId) ?? '', amount: p.amountKopecks }))
    .sort((a, b) => (a.accountNumber < b.accountNumber ? -1 : a.accountNumber > b.accountNumber ? 1 : 0));
  const errors = partErrors(parts);
  if (errors.length > 0) throw validationFailed(errors);

  const paid = parts.filter((p) => p.amount > 0);
  const method = input.method ?? 'card';
  const setup = await providerFor(deps, method);
  return openAttempt(deps, setup, {
    payer: { userId: input.userId }, parts: paid, method, receiptEmail: input.receiptEmail, ip: input.ip,
    description: paymentDescription(paid.map((p) => p.accountNumber)),
  });
}

/**
 * Each part 0 (left out) or within one payment's limits, at least one not 0, and the total within
 * one payment's limit too: it is one payment at the provider.
 */
export function partErrors(parts: readonly AttemptPart[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const p of parts) {
    const field = partField(p.accountId);
    const label = `Лицевой счёт ${p.accountNumber}`;
    if (!Number.isSafeInteger(p.amount) || p.amount < 0) errors.push({ field, message: `${label}: укажите сумму в рублях, например 1500,50` });
    else if (p.amount > 0 && p.amount < MIN_PAYMENT_KOPECKS) errors.push({ field, message: `${label}: сумма — не меньше 1 ₽ (или 0, чтобы не платить по этому счёту)` });
    else if (p.amount > MAX_PAYMENT_KOPECKS) errors.push({ field, message: `${label}: сумма — не больше 500 000 ₽ за один раз` });
  }
  if (errors.length > 0) return errors;
  const paid = parts.filter((p) => p.amount > 0);
  const [first] = paid;
  if (!first) {
    return parts[0] ? [{ field: partField(parts[0].accountId), message: 'Укажите сумму хотя бы по одному лицевому счёту' }] : [{ field: 'form', message: 'Выберите лицевые счета для оплаты' }];
  }
  const total = paid.reduce((sum, p) => sum + p.amount, 0);
  if (total > MAX_PAYMENT_KOPECKS) {
    return [{ field: partField(first.accountId), message: `Всего ${formatRubles(total)}, а за один платёж можно не больше 500 000 ₽. Оплатите счета несколькими платежами.` }];
  }
  return [];
}
