// Outbox workers say they are alive: each running worker (one per outbox per process) writes a
// heartbeat row every few seconds, and marks the outbox rows it claims with its id. A claim whose
// owner's heartbeat went stale belongs to a process that died mid-send, and another worker takes
// it over at once instead of waiting for the lease to run out (shared/background/heartbeat.ts).
import type { Knex } from 'knex';
import { instant } from './columns.ts';

const OUTBOXES = ['email_outbox', 'sms_outbox'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('worker_heartbeats', (t) => {
    t.string('worker_id', 80).primary(); // host:pid:random, chosen when the worker starts
    t.string('role', 20).notNullable(); // mail | sms
    instant(t, 'started_at').notNullable();
    instant(t, 'beat_at').notNullable();
  });
  for (const table of OUTBOXES) {
    await knex.schema.alterTable(table, (t) => t.string('claimed_by', 80));
  }
}

export async function down(knex: Knex): Promise<void> {
  // Plain DROP COLUMN on both engines: knex's SQLite way rebuilds the table, and dropping the old
  // one would cascade into notice_deliveries, which references both outboxes.
  for (const table of OUTBOXES) await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, 'claimed_by']);
  await knex.schema.dropTable('worker_heartbeats');
}
