// Meters and their readings: one accepted value per meter, period and zone.
import type { Knex } from 'knex';
import { createdAt, instant, period } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('meters', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.integer('service_id').notNullable().references('services.id');
    t.string('serial', 50).notNullable();
    t.smallint('zones').notNullable().defaultTo(1); // 1, 2 (day/night) or 3 (peak/half-peak/night)
    t.smallint('precision').notNullable().defaultTo(3); // decimal places the register shows (0–3)
    t.string('location', 100); // кухня, ванная…
    t.date('installed_on');
    t.date('verified_on');
    t.date('verification_due').notNullable(); // readings are refused after this date
    instant(t, 'archived_at');
    t.string('archived_reason', 300);
    createdAt(t);
    t.unique(['account_id', 'service_id', 'serial']);
    t.index(['account_id']);
  });

  await knex.schema.createTable('readings', (t) => {
    t.bigIncrements('id');
    t.integer('meter_id').notNullable().references('meters.id').onDelete('CASCADE');
    period(t);
    t.smallint('zone').notNullable().defaultTo(1);
    t.bigInteger('value_milli').notNullable(); // exact: thousandths of the unit
    t.date('taken_on').notNullable();
    instant(t, 'submitted_at').notNullable();
    t.string('source', 20).notNullable(); // resident | billing | staff
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.unique(['meter_id', 'period', 'zone']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('readings');
  await knex.schema.dropTable('meters');
}
