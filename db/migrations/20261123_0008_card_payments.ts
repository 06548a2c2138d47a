// Card payments: one row per attempt to pay by card (our id, the idempotence key sent to the
// provider, the provider's payment id and status, when to re-check it), and the sandbox
// provider's own book of payments, kept apart so that re-checking with it means something.
// Crediting inserts exactly one `payments` row (source 'card') and points the attempt at it;
// the unique constraints on both sides make a second credit impossible.
import type { Knex } from 'knex';
import { createdAt, instant } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('card_payment_attempts', (t) => {
    t.string('id', 36).primary(); // uuid, also sent to the provider as metadata.attemptId
    t.integer('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.bigInteger('amount').notNullable(); // kopecks
    t.string('description', 128).notNullable();
    t.string('idempotence_key', 64).notNullable().unique();
    t.string('provider', 40).notNullable(); // yookassa | sandbox
    t.string('provider_payment_id', 100);
    // created (provider not reached yet) | pending | waiting_for_capture | succeeded | canceled | failed
    t.string('status', 30).notNullable();
    t.string('confirmation_url', 2000);
    t.string('cancellation_reason', 100);
    t.string('last_error', 500);
    createdAt(t);
    instant(t, 'updated_at').notNullable();
    instant(t, 'last_checked_at');
    instant(t, 'next_check_at');
    t.integer('check_attempts').notNullable().defaultTo(0);
    t.bigInteger('credited_payment_id').references('payments.id').unique();
    t.unique(['provider', 'provider_payment_id']);
    t.index(['status', 'next_check_at']);
    t.index(['account_id', 'created_at']);
  });

  // The sandbox provider's side: what a bank would keep. No card data, no real money.
  await knex.schema.createTable('sandbox_payments', (t) => {
    t.string('id', 40).primary();
    t.string('idempotence_key', 64).notNullable().unique();
    t.bigInteger('amount').notNullable();
    t.string('description', 128).notNullable();
    t.string('return_url', 2000).notNullable();
    t.text('metadata').notNullable(); // JSON
    t.string('status', 30).notNullable(); // pending | succeeded | canceled
    createdAt(t);
    instant(t, 'completed_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sandbox_payments');
  await knex.schema.dropTable('card_payment_attempts');
}
