// The import history and undoing the latest import. Undo is one transaction that puts back what
// the import wrote from its undo data (revert.ts; see the 0007 migration for the design).
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { conflict, notFound } from '../errors.ts';
import type { ImportActor, ImportCounts, ImportStatus } from './outcome.ts';
import type { ImportKind, RowProblem } from './rows.ts';
import { deleteUndoData, pruneUndoData, undoDeadline, UNDO_KEPT_DAYS } from './undo-retention.ts';
import { recoverInterruptedImports } from './interrupted.ts';
import { undoReplace, undoUpserts } from './revert.ts';

export interface ImportSummary {
  id: number;
  /** 'unknown' for a file refused before its kind could be told (load.ts, recordRefusedFile). */
  kind: ImportKind | 'unknown';
  fileName: string;
  fileSha256: string;
  mappingName: string | null;
  actor: string;
  staffId: number | null;
  startedAt: number;
  finishedAt: number | null;
  status: ImportStatus;
  dryRun: boolean;
  counts: ImportCounts;
  periods: string[];
  problemsTotal: number;
  error: string | null;
  undoneAt: number | null;
  /** Until when a committed import may be undone (UNDO_KEPT_DAYS after it finished); null for the rest. */
  undoUntil: number | null;
  /** When its undo data was deleted, once that time had passed. */
  undoPrunedAt: number | null;
  /** True for the one import that undo would revert now. */
  undoable: boolean;
}

export interface ImportDetails extends ImportSummary {
  /** The stored problems (the first ones; `problemsTotal` counts all). */
  problems: RowProblem[];
}

type ImportRowDb = Record<string, unknown> & { id: number };

function summaryOf(r: ImportRowDb, latestUndoable: number | null): ImportSummary {
  return {
    id: Number(r.id), kind: r.kind as ImportSummary['kind'], fileName: String(r.file_name), fileSha256: String(r.file_sha256),
    mappingName: (r.mapping_name as string | null) ?? null, actor: String(r.actor), staffId: r.staff_id === null ? null : Number(r.staff_id),
    startedAt: Number(r.started_at), finishedAt: r.finished_at === null ? null : Number(r.finished_at), status: r.status as ImportStatus,
    dryRun: Boolean(r.dry_run), counts: JSON.parse(String(r.counts)) as ImportCounts, periods: JSON.parse(String(r.periods)) as string[],
    problemsTotal: Number(r.problems_total), error: (r.error as string | null) ?? null,
    undoneAt: r.undone_at === null || r.undone_at === undefined ? null : Number(r.undone_at),
    undoUntil: r.status === 'done' && !r.dry_run && r.finished_at !== null ? undoDeadline(Number(r.finished_at)) : null,
    undoPrunedAt: r.undo_pruned_at === null || r.undo_pruned_at === undefined ? null : Number(r.undo_pruned_at),
    undoable: Number(r.id) === latestUndoable,
  };
}

/**
 * The import undo would revert at `now`: the latest committed one not yet undone, if it is still
 * within the undo period; none when it is not (undo never skips an import to reach an older one).
 */
export async function latestUndoableImportId(db: Knex, now: number): Promise<number | null> {
  const row = await db('imports').where({ status: 'done', dry_run: false }).orderBy('id', 'desc').first('id', 'finished_at', 'undo_pruned_at');
  if (!row || row.undo_pruned_at !== null || now > undoDeadline(Number(row.finished_at))) return null;
  return Number(row.id);
}

export interface HistoryQuery {
  limit?: number;
  beforeId?: number;
  kind?: ImportKind;
  /** The time `undoable` is judged at (the undo period); default: the clock's. */
  now?: number;
}

export async function listImports(db: Knex, o: HistoryQuery = {}): Promise<ImportSummary[]> {
  const query = db('imports').orderBy('id', 'desc').limit(Math.min(o.limit ?? 50, 200))
    .select('id', 'kind', 'file_name', 'file_sha256', 'mapping_name', 'actor', 'staff_id', 'started_at', 'finished_at', 'status', 'dry_run',
      'counts', 'periods', 'problems_total', 'error', 'undone_at', 'undo_pruned_at');
  if (o.beforeId) query.where('id', '<', o.beforeId);
  if (o.kind) query.where({ kind: o.kind });
  const [rows, latest] = await Promise.all([query as Promise<ImportRowDb[]>, latestUndoableImportId(db, o.now ?? Date.now())]);
  return rows.map((r) => summaryOf(r, latest));
}

export async function getImport(db: Knex, id: number, now = Date.now()): Promise<ImportDetails> {
  const row = (await db('imports').where({ id }).first()) as ImportRowDb | undefined;
  if (!row) throw notFound('Загрузка не найдена');
  return { ...summaryOf(row, await latestUndoableImportId(db, now)), problems: row.problems ? (JSON.parse(String(row.problems)) as RowProblem[]) : [] };
}

/**
 * Reverts the latest committed import. `importId`, when given, must be that import: a clerk
 * confirms what they saw, and an import committed meanwhile is not undone by mistake.
 */
export async function undoLatestImport(db: Knex, actor: ImportActor, o: { importId?: number; now: number }): Promise<ImportSummary> {
  // Imports past the undo period lose their undo data first, so the answer below is the same
  // whether or not an import has pruned them since.
  await pruneUndoData(db, o.now);
  // A staged import (SQLite, stage.ts) commits its moves as it goes: undoing an earlier one
  // meanwhile would put back rows under it. A dead one's moves are put back first.
  await recoverInterruptedImports(db, o.now);
  return db.transaction(async (trx) => {
    const running = await trx('imports').where({ status: 'running' }).first('id');
    if (running) throw conflict(`Идёт загрузка № ${Number(running.id)}: отменить можно после её окончания`);
    const latest = (await trx('imports').where({ status: 'done', dry_run: false }).orderBy('id', 'desc').first()) as ImportRowDb | undefined;
    if (!latest) throw conflict('Отменять нечего: нет ни одной выполненной загрузки');
    const id = Number(latest.id);
    if (o.importId !== undefined && o.importId !== id) throw conflict('Отменить можно только последнюю выполненную загрузку');
    if (latest.undo_pruned_at !== null) {
      throw conflict(`Загрузку № ${id} отменить уже нельзя: отменить загрузку можно в течение ${UNDO_KEPT_DAYS} дней после неё`);
    }
    const kind = latest.kind as ImportKind;
    if (kind === 'charges' || kind === 'balances' || kind === 'readings') await undoReplace(trx, id, kind);
    // Rows updated or created in place, and what a replace-kind import created (services it was
    // told to create): after the replaced rows, which point at them.
    await undoUpserts(trx, id);
    await trx('imports').where({ id }).update({ status: 'undone', undone_at: o.now, undone_by: actor.staffId });
    // The pre-images have served; nothing can undo this import twice.
    await deleteUndoData(trx, id);
    await writeAudit(trx, {
      actorType: actor.staffId === null ? 'system' : 'staff', actorId: actor.staffId, action: 'import.undo', subjectType: 'import', subjectId: id,
      ip: actor.origin, at: o.now, details: { kind, fileName: latest.file_name },
    });
    const undone = (await trx('imports').where({ id }).first()) as ImportRowDb;
    return summaryOf(undone, null);
  });
}
