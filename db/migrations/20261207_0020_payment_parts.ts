// One online payment for several of a resident's accounts: the attempt keeps its parts (which
// account gets how much of the one provider payment), and crediting writes one `payments` row per
// part, so each account's history, balance and export to billing show its own amount. A payment
// for one account has no parts: the attempt's own account and amount are its only part.
//
// A provider payment may now be credited to several accounts, once to each: the guard against a
// second credit becomes unique(provider, provider_payment_id, account_id).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('card_payment_parts', (t) => {
    t.string('attempt_id', 36).notNullable().references('card_payment_attempts.id').onDelete('CASCADE');
    t.integer('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.bigInteger('amount').notNullable(); // kopecks, > 0
    t.bigInteger('payment_id').references('payments.id').unique(); // set when credited
    t.primary(['attempt_id', 'account_id']);
    t.index(['account_id']); // an account's recent online payments
  });
  await knex.schema.alterTable('payments', (t) => {
    t.dropUnique(['provider', 'provider_payment_id']);
    t.unique(['provider', 'provider_payment_id', 'account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  // Fails while a split payment is on record (two rows of one provider payment): undoing this
  // would have to delete money that was credited.
  await knex.schema.alterTable('payments', (t) => {
    t.dropUnique(['provider', 'provider_payment_id', 'account_id']);
    t.unique(['provider', 'provider_payment_id']);
  });
  await knex.schema.dropTable('card_payment_parts');
}
