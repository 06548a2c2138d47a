// The audit log: append-only on both engines (triggers refuse UPDATE and DELETE).
import type { Knex } from 'knex';
import { dialectOf } from '../dialect/index.ts';
import { instant } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    instant(t, 'at').notNullable();
    t.string('actor_type', 20).notNullable(); // resident | staff | system
    t.integer('actor_id');
    t.string('action', 60).notNullable(); // e.g. reading.submit, login.locked
    t.string('subject_type', 40);
    t.string('subject_id', 60);
    t.integer('account_id');
    t.string('ip', 64);
    t.text('details'); // JSON
    t.index(['at']);
    t.index(['actor_type', 'actor_id']);
    t.index(['account_id']);
  });
  for (const sql of dialectOf(knex).appendOnlyTriggers('audit_log')) await knex.raw(sql);
}

export async function down(knex: Knex): Promise<void> {
  for (const sql of dialectOf(knex).dropAppendOnlyTriggers('audit_log')) await knex.raw(sql);
  await knex.schema.dropTable('audit_log');
}
