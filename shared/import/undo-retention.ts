// How long an import can be undone. Undo keeps the rows an import replaced or changed (migration
// 0007), and a settlement centre that reloads a million charges a month would keep them for ever.
// A clerk finds a wrong import within days, at the latest by the next billing cycle; after
// UNDO_KEPT_DAYS the import's undo data is deleted and it can no longer be undone, nor can
// anything before it: undo goes back one import at a time, the latest first. The data is
// deleted after every committed import and before an undo, so an undo's answer is the same
// whether or not an import has pruned it since.
import type { Knex } from 'knex';

export const UNDO_KEPT_DAYS = 60;
const DAY_MS = 86_400_000;

/** Until when an import that finished at `finishedAt` may be undone. */
export function undoDeadline(finishedAt: number): number {
  return finishedAt + UNDO_KEPT_DAYS * DAY_MS;
}

/** Every table that holds what undoing an import needs, by `import_id`. */
export const UNDO_TABLES = ['import_scopes', 'import_undo_rows', 'import_undo_charges', 'import_undo_balances', 'import_undo_readings'] as const;

/** Deletes what undoing the import needs: once it is undone, or once its undo period is over. */
export async function deleteUndoData(trx: Knex.Transaction, importId: number): Promise<void> {
  for (const table of UNDO_TABLES) await trx(table).where({ import_id: importId }).delete();
}

/**
 * Deletes the undo data of committed imports whose undo period is over at `now`, and marks
 * them; returns their ids. One transaction per import, so a large one does not hold the others
 * up and a failure leaves every import either whole or marked.
 */
export async function pruneUndoData(db: Knex, now: number): Promise<number[]> {
  const ids = (
    await db('imports')
      .where({ status: 'done', dry_run: false })
      .whereNull('undo_pruned_at')
      .where('finished_at', '<', now - UNDO_KEPT_DAYS * DAY_MS)
      .orderBy('id')
      .pluck('id')
  ).map(Number);
  for (const id of ids) {
    await db.transaction(async (trx) => {
      await deleteUndoData(trx, id);
      await trx('imports').where({ id }).update({ undo_pruned_at: now });
    });
  }
  return ids;
}
