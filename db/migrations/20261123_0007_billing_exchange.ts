// Billing exchange: the record of every import and what undoing the latest one needs.
//
// Undo keeps pre-images, not row versions. An import that replaces an (account, period) scope
// (charges, balances, readings) copies the rows it deletes into a shadow table of the same
// columns (`import_undo_<table>`, filled and restored by INSERT … SELECT, so it is exact and as
// fast as the delete itself) and lists the scope in `import_scopes`; undo deletes that scope and
// copies the shadow rows back with their ids. An import that upserts (accounts, meters, payments,
// and the buildings and services it creates) writes one `import_undo_rows` entry per row it
// touched: 'insert' (undo deletes the id) or 'update' (undo writes the JSON pre-image back).
// Row versions on the live tables would cost every reader a filter and every import an extra
// index; pre-images cost nothing until something is replaced, and only the latest import can be
// undone, so nothing later can depend on them.
import type { Knex } from 'knex';
import { instant, kopecks, period } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('imports', (t) => {
    t.increments('id');
    t.string('kind', 20).notNullable(); // accounts | charges | balances | payments | meters | readings
    t.string('file_name', 300).notNullable();
    t.string('file_sha256', 64).notNullable();
    t.string('mapping_name', 100); // the saved column mapping, if any
    t.integer('staff_id').references('staff_users.id');
    t.string('actor', 100).notNullable(); // staff login, or 'cli' / 'cli:<os user>'
    instant(t, 'started_at').notNullable();
    instant(t, 'finished_at');
    // running (only ever seen inside the import's transaction) | done | unchanged | rejected |
    // failed | canceled | undone
    t.string('status', 20).notNullable();
    t.boolean('dry_run').notNullable().defaultTo(false);
    t.text('counts').notNullable(); // JSON: rows, inserted, replaced, unchanged, removed, bad
    t.text('periods').notNullable(); // JSON array of 'YYYY-MM' the file touches
    t.integer('problems_total').notNullable().defaultTo(0);
    t.text('problems'); // JSON: the first problems (capped), each { line, field, message, value }
    t.string('error', 1000); // why a failed import failed, in Russian
    instant(t, 'undone_at');
    t.integer('undone_by').references('staff_users.id');
    t.index(['kind', 'file_sha256']);
    t.index(['status']);
  });

  await knex.schema.createTable('import_scopes', (t) => {
    t.integer('import_id').notNullable().references('imports.id').onDelete('CASCADE');
    t.integer('account_id').notNullable();
    period(t);
    t.primary(['import_id', 'account_id', 'period']);
  });

  await knex.schema.createTable('import_undo_rows', (t) => {
    t.bigIncrements('id');
    t.integer('import_id').notNullable().references('imports.id').onDelete('CASCADE');
    t.string('table_name', 40).notNullable();
    t.string('op', 10).notNullable(); // insert | update
    t.bigInteger('row_id').notNullable();
    t.text('row'); // JSON pre-image for 'update'
    t.index(['import_id']);
  });

  // Shadow tables: the same columns as the live table, plus the import that replaced the row.
  await knex.schema.createTable('import_undo_charges', (t) => {
    t.integer('import_id').notNullable().references('imports.id').onDelete('CASCADE');
    t.bigInteger('id').notNullable();
    t.integer('account_id').notNullable();
    period(t);
    t.integer('service_id').notNullable();
    t.bigInteger('volume_milli');
    t.bigInteger('volume_common_milli');
    t.bigInteger('tariff_mkop');
    kopecks(t, 'charged');
    kopecks(t, 'recalculation');
    t.string('recalculation_reason', 500);
    kopecks(t, 'benefits');
    kopecks(t, 'penalties');
    kopecks(t, 'total');
    t.index(['import_id']);
  });

  await knex.schema.createTable('import_undo_balances', (t) => {
    t.integer('import_id').notNullable().references('imports.id').onDelete('CASCADE');
    t.bigInteger('id').notNullable();
    t.integer('account_id').notNullable();
    period(t);
    kopecks(t, 'opening_balance');
    kopecks(t, 'charged');
    kopecks(t, 'paid');
    kopecks(t, 'penalties');
    kopecks(t, 'total_due');
    t.date('paid_until');
    t.date('due_date');
    t.index(['import_id']);
  });

  await knex.schema.createTable('import_undo_readings', (t) => {
    t.integer('import_id').notNullable().references('imports.id').onDelete('CASCADE');
    t.bigInteger('id').notNullable();
    t.integer('meter_id').notNullable();
    period(t);
    t.smallint('zone').notNullable();
    t.bigInteger('value_milli').notNullable();
    t.date('taken_on').notNullable();
    instant(t, 'submitted_at').notNullable();
    t.string('source', 20).notNullable();
    t.integer('user_id');
    t.index(['import_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['import_undo_readings', 'import_undo_balances', 'import_undo_charges', 'import_undo_rows', 'import_scopes', 'imports']) {
    await knex.schema.dropTable(table);
  }
}
