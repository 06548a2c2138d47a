// Undo's pre-images (migration 0007) are kept for a limited time (shared/import/undo-retention.ts):
// an import whose pre-images were deleted records when, so the history can say it may no longer
// be undone.
import type { Knex } from 'knex';
import { instant } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('imports', (t) => {
    instant(t, 'undo_pruned_at');
  });
}

// Not knex's dropColumn: on SQLite it rebuilds the table, and dropping the old `imports` inside
// the migration's transaction (foreign keys on) cascades into every undo table, deleting their
// rows. SQLite has had DROP COLUMN since 3.35.
export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE "imports" DROP COLUMN "undo_pruned_at"');
}
