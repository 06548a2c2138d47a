// A large import on SQLite moves its rows into the live tables in short transactions, each
// committed (shared/import/stage.ts), so the import's own row in `imports` is committed as
// 'running' before the first move. These columns tell a running import from one whose process
// died mid-way, whose moved rows must then be put back (shared/import/interrupted.ts).
import type { Knex } from 'knex';
import { instant } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('imports', (t) => {
    /** Renewed every few seconds while the import runs. */
    instant(t, 'heartbeat_at');
    /** `host:pid` of the process running it. */
    t.string('runner', 200);
  });
}

// Not knex's dropColumn: on SQLite it rebuilds the table, and dropping the old `imports` inside
// the migration's transaction cascades into every undo table (see 0014).
export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE "imports" DROP COLUMN "runner"');
  await knex.raw('ALTER TABLE "imports" DROP COLUMN "heartbeat_at"');
}
