// Indexes for the overview page, the most visited one (shared/billing/overview.ts), so each of
// its parts reads only the rows it shows:
// - payments made since the latest receipt: by account and period (a payment billing has not
//   placed in a period, or one after the receipt's), instead of every payment of the account;
// - the latest payment: by account, time and id, already in the page's order, so no sort;
// - the readings status: the account's live meters from the index alone.
import type { Knex } from 'knex';

const LIVE_METERS = 'meters_live_by_account_index';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.index(['account_id', 'period'], 'payments_account_id_period_index');
    t.index(['account_id', 'paid_at', 'id'], 'payments_account_id_paid_at_id_index');
    t.dropIndex(['account_id', 'paid_at'], 'payments_account_id_paid_at_index');
  });
  await knex.schema.alterTable('meters', (t) => {
    t.index(['account_id', 'id', 'verification_due'], LIVE_METERS, { predicate: knex.whereNull('archived_at') });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('meters', (t) => {
    t.dropIndex(['account_id', 'id', 'verification_due'], LIVE_METERS);
  });
  await knex.schema.alterTable('payments', (t) => {
    t.index(['account_id', 'paid_at'], 'payments_account_id_paid_at_index');
    t.dropIndex(['account_id', 'paid_at', 'id'], 'payments_account_id_paid_at_id_index');
    t.dropIndex(['account_id', 'period'], 'payments_account_id_period_index');
  });
}
