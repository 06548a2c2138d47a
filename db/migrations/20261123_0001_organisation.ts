// Companies (the operator and the providers/payees on receipts), key-value settings, buildings.
import type { Knex } from 'knex';
import { createdAt, instant } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable(); // JSON
    instant(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('companies', (t) => {
    t.increments('id');
    t.string('name', 300).notNullable(); // full name, as on the receipt
    t.string('short_name', 160).notNullable();
    t.boolean('is_operator').notNullable().defaultTo(false); // the company running the portal
    t.string('inn', 12);
    t.string('kpp', 9);
    t.string('ogrn', 15);
    t.string('address', 500);
    t.string('phone', 100);
    t.string('email', 200);
    t.string('website', 200);
    t.string('bank_name', 200);
    t.string('bic', 9);
    t.string('settlement_account', 20);
    t.string('correspondent_account', 20);
    createdAt(t);
    instant(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('buildings', (t) => {
    t.increments('id');
    t.string('city', 100).notNullable();
    t.string('street', 200).notNullable();
    t.string('house', 20).notNullable();
    t.string('block', 20).notNullable().defaultTo(''); // корпус/строение, '' when none
    t.string('postcode', 6);
    t.string('fias_guid', 36);
    // Per-building readings window; NULL means the company's setting applies.
    t.smallint('readings_start_day');
    t.smallint('readings_end_day');
    createdAt(t);
    t.unique(['city', 'street', 'house', 'block']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('buildings');
  await knex.schema.dropTable('companies');
  await knex.schema.dropTable('settings');
}
