// PostgreSQL: undo data (import_scopes, import_undo_*) no longer has a foreign key to `imports`.
// Its rows belong to an import row that is never deleted, and are themselves deleted explicitly
// (shared/import/undo-retention.ts deleteUndoData), so the key guarded nothing; but PostgreSQL
// checks it by a trigger per row: 0.6 s of a million-row month's import only to record its
// 125,000 (account, period) pairs, and seconds more to keep the undo copy of a month loaded
// again. SQLite keeps its keys: its check is an in-process index probe, and dropping one would
// rebuild the table.
import type { Knex } from 'knex';
import { engineOf } from '../dialect/index.ts';

const TABLES = ['import_scopes', 'import_undo_rows', 'import_undo_charges', 'import_undo_balances', 'import_undo_readings'];

export async function up(knex: Knex): Promise<void> {
  if (engineOf(knex) !== 'postgres') return;
  for (const table of TABLES) await knex.raw(`ALTER TABLE "${table}" DROP CONSTRAINT "${table}_import_id_foreign"`);
}

export async function down(knex: Knex): Promise<void> {
  if (engineOf(knex) !== 'postgres') return;
  for (const table of TABLES) {
    await knex.raw(`ALTER TABLE "${table}" ADD CONSTRAINT "${table}_import_id_foreign" FOREIGN KEY ("import_id") REFERENCES "imports" ("id") ON DELETE CASCADE`);
  }
}
