// Which accounts one online payment is for, and how much each gets. A resident who holds several
// accounts may pay them in one payment (several.ts); its attempt then has a part per account
// (card_payment_parts), and settle.ts credits each account its own part. An attempt without parts
// pays its own account the whole amount: that is its only part.
import type { Knex } from 'knex';
import { plural } from '../plural.ts';
import type { AttemptRow } from './attempts.ts';

export interface AttemptPart {
  accountId: number;
  accountNumber: string;
  /** Kopecks, > 0. */
  amount: number;
}

/** The attempt's parts, by account number (the order they were sent to the provider in). */
export async function attemptParts(db: Knex, attempt: Pick<AttemptRow, 'id' | 'account_id' | 'amount'>): Promise<AttemptPart[]> {
  const rows: { account_id: number; number: string; amount: number | string }[] = await db('card_payment_parts as p')
    .join('accounts as a', 'a.id', 'p.account_id')
    .where('p.attempt_id', attempt.id)
    .orderBy('a.number')
    .select('p.account_id', 'a.number', 'p.amount');
  if (rows.length > 0) return rows.map((r) => ({ accountId: Number(r.account_id), accountNumber: String(r.number), amount: Number(r.amount) }));
  return [{ accountId: attempt.account_id, accountNumber: (await accountNumberOf(db, attempt.account_id)) ?? '', amount: attempt.amount }];
}

/** The number of the account with this id (a pay link's, an attempt's own). */
export async function accountNumberOf(db: Knex, accountId: number): Promise<string | undefined> {
  const account = await db('accounts').where({ id: accountId }).first('number');
  return account ? String(account.number) : undefined;
}

/**
 * Of these account ids, the ones linked to the user, with their numbers: the accounts a signed-in
 * resident may pay, whatever ids a form posted.
 */
export async function ownAccountNumbers(db: Knex, userId: number, ids: readonly number[]): Promise<Map<number, string>> {
  const safe = ids.filter((id) => Number.isSafeInteger(id));
  if (safe.length === 0) return new Map();
  const rows: { id: number; number: string }[] = await db('accounts as a')
    .join('user_accounts as ua', 'ua.account_id', 'a.id')
    .where('ua.user_id', userId)
    .whereIn('a.id', safe)
    .select('a.id', 'a.number');
  return new Map(rows.map((a) => [Number(a.id), String(a.number)]));
}

/** What the provider's metadata names as the account: the numbers, comma-separated, for several. */
export const partsAccountLabel = (parts: readonly AttemptPart[]): string => parts.map((p) => p.accountNumber).join(',');

/** The attempt's description column and ЮKassa's `description` both stop at 128 characters. */
const DESCRIPTION_MAX = 128;

/**
 * Shown to the payer on the provider's page: «Оплата ЖКУ, лицевой счёт 00011008», or for several
 * «Оплата ЖКУ, лицевые счета 00011008, 00011009» (as many numbers as fit, then «и ещё N»).
 */
export function paymentDescription(numbers: readonly string[]): string {
  if (numbers.length === 1) return `Оплата ЖКУ, лицевой счёт ${numbers[0]}`.slice(0, DESCRIPTION_MAX);
  const listed = (n: number) => `Оплата ЖКУ, лицевые счета ${numbers.slice(0, n).join(', ')}${n < numbers.length ? ` и ещё ${numbers.length - n}` : ''}`;
  for (let n = numbers.length; n > 0; n--) {
    const text = listed(n);
    if (text.length <= DESCRIPTION_MAX) return text;
  }
  return `Оплата ЖКУ, ${numbers.length} ${plural(numbers.length, 'лицевой счёт', 'лицевых счёта', 'лицевых счетов')}`.slice(0, DESCRIPTION_MAX);
}
