// 54-ФЗ receipts for card payments: the receipt data sent to the provider with the payment (JSON,
// in ЮKassa's `receipt` format; null when the shop sends none). Kept on the attempt so that a retry
// after a timeout sends byte-for-byte the same request under the same idempotence key, and so the
// accountant can see which contact the receipt went to.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('card_payment_attempts', (t) => {
    t.text('receipt');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('card_payment_attempts', (t) => {
    t.dropColumn('receipt');
  });
}
