// How the payer chose to pay on the provider's page: by card or through СБП (Faster Payments,
// ЮKassa's `sbp` method). Kept on the attempt so that a retry sends the same request under the
// same idempotence key and the history can say «СБП»; kept on the sandbox's own book too, so its
// pretend bank page shows a QR and the bank-app hand-off instead of the card page. Existing rows
// were all card payments.
import type { Knex } from 'knex';

const TABLES = ['card_payment_attempts', 'sandbox_payments'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.string('method', 10).notNullable().defaultTo('card'); // card | sbp
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  // Plain DROP COLUMN on both engines: knex's SQLite way rebuilds the table (see 0018).
  for (const table of TABLES) await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, 'method']);
}
