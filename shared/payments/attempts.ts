// Reading card-payment attempts: the row, a resident's view of one (only through the accounts
// linked to that user), and what the pages show.
import type { Knex } from 'knex';
import type { PaymentMethod, ProviderStatus } from './provider.ts';
import { ATTEMPT_ID } from './schemas.ts';

export type AttemptStatus = 'created' | ProviderStatus | 'failed';

export interface AttemptRow {
  id: string;
  account_id: number;
  user_id: number | null;
  amount: number;
  description: string;
  idempotence_key: string;
  provider: string;
  provider_payment_id: string | null;
  status: AttemptStatus;
  confirmation_url: string | null;
  cancellation_reason: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  last_checked_at: number | null;
  next_check_at: number | null;
  check_attempts: number;
  credited_payment_id: number | null;
  /** The 54-ФЗ receipt sent with the payment (JSON of FiscalReceipt), or null. */
  receipt: string | null;
  /** Chosen on the pay form; sent again as it was on a retry. */
  method: PaymentMethod;
}

/** bigint columns come back as strings from PostgreSQL. */
export function normalizeAttempt(row: Record<string, unknown>): AttemptRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    ...(row as unknown as AttemptRow),
    amount: Number(row.amount),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    last_checked_at: num(row.last_checked_at),
    next_check_at: num(row.next_check_at),
    check_attempts: Number(row.check_attempts ?? 0),
    credited_payment_id: num(row.credited_payment_id),
    receipt: typeof row.receipt === 'string' ? row.receipt : null,
    method: row.method === 'sbp' ? 'sbp' : 'card',
  };
}

export async function findAttempt(db: Knex, id: string): Promise<AttemptRow | null> {
  if (!ATTEMPT_ID.test(id)) return null;
  const row = await db('card_payment_attempts').where({ id }).first();
  return row ? normalizeAttempt(row) : null;
}

/**
 * Who pays: a signed-in resident, or whoever holds the receipt's pay link for the account
 * (pay-link.ts; the site has checked its signature and put the account and token here).
 */
export type Payer = { userId: number } | { link: { accountId: number; token: string } };

/** The attempt as this payer may see it: a resident's through their accounts, a link's on its account only. */
export async function findPayerAttempt(db: Knex, payer: Payer, id: string): Promise<AttemptRow | null> {
  if ('userId' in payer) return findResidentAttempt(db, payer.userId, id);
  if (!ATTEMPT_ID.test(id)) return null;
  const row = await db('card_payment_attempts').where({ id, account_id: payer.link.accountId }).first();
  return row ? normalizeAttempt(row) : null;
}

/** The attempt if it belongs to an account linked to this user; otherwise null («не найдено»). */
export async function findResidentAttempt(db: Knex, userId: number, id: string): Promise<AttemptRow | null> {
  if (!ATTEMPT_ID.test(id)) return null;
  const row = await db('card_payment_attempts as c')
    .join('user_accounts as ua', 'ua.account_id', 'c.account_id')
    .where({ 'ua.user_id': userId, 'c.id': id })
    .first('c.*');
  return row ? normalizeAttempt(row) : null;
}

export interface AttemptView {
  id: string;
  amount: number;
  status: AttemptStatus;
  credited: boolean;
  sandbox: boolean;
  method: PaymentMethod;
  createdAt: number;
  /** Only while the resident may still pay on the provider's page. */
  confirmationUrl: string | null;
  /** A retry with the same idempotence key makes sense (the provider was not reached). */
  canRetry: boolean;
  lastError: string | null;
  /** In an account's list, that account's part of a payment for several accounts; null otherwise. */
  share: number | null;
}

export function attemptView(a: AttemptRow): AttemptView {
  return {
    id: a.id,
    amount: a.amount,
    status: a.status,
    credited: a.credited_payment_id !== null,
    sandbox: a.provider === 'sandbox',
    method: a.method,
    createdAt: a.created_at,
    confirmationUrl: a.status === 'pending' ? a.confirmation_url : null,
    canRetry: a.status === 'created',
    lastError: a.last_error,
    share: null,
  };
}

/**
 * The account's latest attempts, newest first (the account is already the resident's), with the
 * payments for several accounts that it had a part in.
 */
export async function recentAttempts(db: Knex, accountId: number, limit = 5): Promise<AttemptView[]> {
  const rows = await db('card_payment_attempts as c')
    .leftJoin('card_payment_parts as p', function onPart() {
      this.on('p.attempt_id', '=', 'c.id').andOn('p.account_id', '=', db.raw('?', [accountId]));
    })
    .where('c.account_id', accountId)
    .orWhereIn('c.id', db('card_payment_parts').where({ account_id: accountId }).select('attempt_id'))
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .select('c.*', 'p.amount as part_amount');
  return rows.map((r: Record<string, unknown>) => ({
    ...attemptView(normalizeAttempt(r)),
    share: r.part_amount === null || r.part_amount === undefined ? null : Number(r.part_amount),
  }));
}
