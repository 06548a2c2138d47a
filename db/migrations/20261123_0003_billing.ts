// Services, charges per account/period/service, balances per account/period, payments.
import type { Knex } from 'knex';
import { createdAt, instant, kopecks, period } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('services', (t) => {
    t.increments('id');
    t.string('code', 40).notNullable().unique(); // billing's code, e.g. cold_water
    t.string('name', 200).notNullable();
    t.string('unit', 20).notNullable(); // м³, кВт·ч, Гкал, м²
    t.integer('provider_company_id').references('companies.id');
    t.boolean('metered').notNullable().defaultTo(false);
    t.smallint('sort_order').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('charges', (t) => {
    t.bigIncrements('id');
    t.integer('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    period(t);
    t.integer('service_id').notNullable().references('services.id');
    t.bigInteger('volume_milli'); // individual consumption, thousandths of the unit
    t.bigInteger('volume_common_milli'); // common-property consumption
    t.bigInteger('tariff_mkop'); // tariff in thousandths of a kopeck per unit
    kopecks(t, 'charged');
    kopecks(t, 'recalculation'); // + or −
    t.string('recalculation_reason', 500);
    kopecks(t, 'benefits'); // subsidies and benefits, positive number subtracted
    kopecks(t, 'penalties');
    kopecks(t, 'total'); // charged + recalculation − benefits + penalties
    t.unique(['account_id', 'period', 'service_id']);
    t.index(['period']);
  });

  await knex.schema.createTable('balances', (t) => {
    t.bigIncrements('id');
    t.integer('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    period(t);
    kopecks(t, 'opening_balance'); // debt (+) or advance (−) at the start of the period
    kopecks(t, 'charged'); // sum of the period's charges.total
    kopecks(t, 'paid'); // payments counted in the period
    kopecks(t, 'penalties');
    kopecks(t, 'total_due'); // opening_balance + charged − paid; ≤ 0 means nothing to pay
    t.date('paid_until'); // payments counted up to this date
    t.date('due_date');
    t.unique(['account_id', 'period']);
    t.index(['period']);
  });

  await knex.schema.createTable('payments', (t) => {
    t.bigIncrements('id');
    t.integer('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.bigInteger('amount').notNullable(); // kopecks, > 0
    instant(t, 'paid_at').notNullable();
    t.string('period', 7); // the period it was counted in, when billing says so
    t.string('source', 20).notNullable(); // billing | card | bank | cashier
    t.string('status', 20).notNullable().defaultTo('succeeded'); // pending | succeeded | canceled
    t.string('provider', 40);
    t.string('provider_payment_id', 100);
    t.string('external_id', 100); // billing's own id, for idempotent imports
    instant(t, 'exported_at');
    createdAt(t);
    t.index(['account_id', 'paid_at']);
    t.unique(['provider', 'provider_payment_id']);
    t.unique(['source', 'external_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['payments', 'balances', 'charges', 'services']) await knex.schema.dropTable(table);
}
