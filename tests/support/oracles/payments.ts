// The payments page's reads as they were before shared/billing/payments-page.ts put the count
// and the page in one prepared statement: two plain knex queries, kept here as the oracle that
// statement is checked against (tests/integration/residents/payments-page.test.ts). No
// production code reads through these.
import type { Knex } from 'knex';
import { shownSourceSql, type PaymentRow } from '../../../shared/billing/payments.ts';

/** An account's payments, newest first, `limit` of them from `offset`. */
export async function listPayments(db: Knex, accountId: number, options: { limit?: number; offset?: number } = {}): Promise<PaymentRow[]> {
  const rows = await db('payments')
    .where({ account_id: accountId })
    .orderBy([{ column: 'paid_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .select('id', 'amount', 'paid_at', 'period', db.raw(`${shownSourceSql('payments')} as source`), 'status');
  return rows.map((r) => ({ id: r.id, amount: r.amount, paidAt: r.paid_at, period: r.period, source: r.source, status: r.status }));
}

export async function countPayments(db: Knex, accountId: number): Promise<number> {
  const row = await db('payments').where({ account_id: accountId }).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
