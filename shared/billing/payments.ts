// The payments history of an account, newest first, a page at a time.
import type { Knex } from 'knex';

export interface PaymentRow {
  id: number;
  amount: number;
  paidAt: number;
  period: string | null;
  source: string;
  status: string;
}

export const PAYMENT_SOURCE_LABELS: Record<string, string> = {
  billing: 'Касса / банк (по данным расчётного центра)',
  bank: 'Банк',
  cashier: 'Касса',
  card: 'Картой на сайте',
};

export const PAYMENT_STATUS_LABELS: Record<string, string> = {
  pending: 'Обрабатывается',
  succeeded: 'Зачислен',
  canceled: 'Отменён',
};

/** A card payment we credited that billing has not yet placed in a period. */
export { PAYMENT_AWAITING_FIGURES as AWAITING_BILLING_NOTE } from '../vocabulary.ts';

export function awaitsBilling(p: { source: string; status: string; period: string | null }): boolean {
  return p.source === 'card' && p.status === 'succeeded' && p.period === null;
}

export async function listPayments(db: Knex, accountId: number, options: { limit?: number; offset?: number } = {}): Promise<PaymentRow[]> {
  const rows = await db('payments')
    .where({ account_id: accountId })
    .orderBy([{ column: 'paid_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .select('id', 'amount', 'paid_at', 'period', 'source', 'status');
  return rows.map((r) => ({ id: r.id, amount: r.amount, paidAt: r.paid_at, period: r.period, source: r.source, status: r.status }));
}

export async function countPayments(db: Knex, accountId: number): Promise<number> {
  const row = await db('payments').where({ account_id: accountId }).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
