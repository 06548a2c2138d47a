// Loading a billing file: one streaming pass validates every row and, while no row has failed,
// writes it inside ONE transaction. Any bad row stops the writing (validation goes on, so the
// report lists them all) and the transaction is rolled back: a file loads completely or not at
// all, and a crash or kill mid-way leaves nothing, because nothing is committed before the end.
// A dry run does the same work and rolls back, so its counts are exactly what a run would do
// (on SQLite it writes nothing at all: replacing kinds are staged and counted, the rest only read).
// Every run is recorded in `imports` (a rejected, failed or dry run in a short transaction of
// its own after the rollback).
// On SQLite a run of charges, balances or readings is staged instead (stage.ts): the pass
// writes to a temp table with no lock on the database, the staged rows are counted against the
// live tables (write-replace.ts forecast), and only a real run that changes something and is not
// refused moves them, in short committed transactions; all or nothing is kept by putting the
// moves back from their undo data on failure, cancel or a dead process (interrupted.ts; also at
// start-up, db/ensure-ready.ts). A real run's row in `imports` is committed first.
import type { Knex } from 'knex';
import { dialectOf } from '../../db/dialect/index.ts';
import { writeAudit } from '../audit/write.ts';
import { describeDbError } from './db-errors.ts';
import { fastRowParser } from './fast-rows.ts';
import { importPragmas } from './import-pragmas.ts';
import { kindLoader } from './kinds.ts';
import { buildsMonthsAside, waitForOtherChargesImports } from './month-build.ts';
import { asWritten, problemsFromIssues, withColumn } from './problems.ts';
import {
  emptyCounts, PROBLEMS_KEPT, type ImportActor, type ImportCounts, type ImportProgress, type ImportResult,
} from './outcome.ts';
import { removalRefusal } from './summary.ts';
import { importRowSchemas, type ImportKind, type RowProblem } from './rows.ts';
import { ImportFileError, type OpenedImportFile, type SourceRecord } from './source.ts';
import { pruneUndoData } from './undo-retention.ts';
import { recoverInterruptedImports, revertRun, runnerId, startHeartbeat, waitForEarlierImports } from './interrupted.ts';
import { canStage, ImportStage } from './stage.ts';
import { BulkInserter } from './write-bulk.ts';
import { REPLACE_TABLES } from './write-replace.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export interface ImportDeps {
  db: Knex;
  now: () => number;
  /** Where a failed import's database error goes in full (the result carries a Russian summary). */
  logger?: { error(obj: object, msg: string): void };
}

export interface RunImportOptions {
  file: OpenedImportFile;
  fileName: string;
  fileSha256: string;
  mappingName?: string | null;
  dryRun: boolean;
  actor: ImportActor;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Service values of the file the clerk confirmed as new services (service-values.ts). */
  confirmNewServices?: readonly string[];
  /** A run that deletes rows the file does not mention is refused without this (summary.ts). */
  confirmRemovals?: boolean;
}

/**
 * Rows per write: large enough for bulk speed, small enough that memory stays flat. On SQLite
 * each is a staging statement and later a move: 8 000 took a million rows in 6.2 s where 4 000
 * took 7.2 (fewer waits between the reading and SQLite's thread, half the moves), for ~5 MB more
 * peak memory; 16 000 gained little more for ~40 MB. PostgreSQL runs the same either way.
 */
const BATCH_ROWS = 8_000;
const PROGRESS_EVERY = 5_000;
/**
 * After this many rows the file's size tells how many it holds (to a few per cent: the reader is
 * a chunk or two ahead, so the figure comes out low), and the loader sizes its per-row index
 * once (see number-map.ts), with room to spare: falling short would double it at the end.
 */
const ESTIMATE_AT = 50_000;
const ESTIMATE_SPARE = 1.1;
/** An estimate beyond this is not trusted (a file whose first rows are unlike the rest). */
const ESTIMATE_MAX = 20_000_000;

class Rejected extends Error {}
class Canceled extends Error {}

export async function runImport(deps: ImportDeps, o: RunImportOptions): Promise<ImportResult> {
  const kind = o.file.kind;
  const startedAt = deps.now();
  const base = { kind, dryRun: o.dryRun, startedAt, options: o };

  if (!o.dryRun) {
    const previous = await sameFileAsLatest(deps.db, kind, o.fileSha256);
    if (previous) {
      const counts = { ...emptyCounts(), rows: previous.rows, unchanged: previous.rows };
      return record(deps, base, { status: 'unchanged', counts, problems: [], problemsTotal: 0, periods: previous.periods, error: null });
    }
  }

  // A run whose process died mid-way left moved rows behind: they go back first (interrupted.ts).
  await recoverInterruptedImports(deps.db, deps.now());
  const problems: RowProblem[] = [];
  let problemsTotal = 0;
  const counts = emptyCounts();
  let periods: string[] = [];
  // SQLite, a replacing kind: rows are checked and staged with no lock on the database, counted
  // against the live tables, then (a real run that changes something and is not refused) moved
  // in short transactions (stage.ts). A dry run moves nothing. Otherwise one transaction.
  const staged = dialectOf(deps.db).stagesImports && kind in REPLACE_TABLES && canStage(deps.db);
  const stage = staged ? await ImportStage.open(deps.db, REPLACE_TABLES[kind as keyof typeof REPLACE_TABLES].columns) : null;
  // A dry run of accounts, meters or payments on SQLite only reads and counts (write-upsert.ts
  // preview): no transaction, so no write lock held for the whole file.
  const readOnly = o.dryRun && dialectOf(deps.db).stagesImports && !(kind in REPLACE_TABLES);
  const trx = stage || readOnly ? null : await deps.db.transaction();
  const inserter = stage ? stage.inserter : new BulkInserter(trx ?? deps.db);
  let stagedId: number | null = null;
  let stopHeartbeat = () => undefined as void;
  let writing: Promise<void> | null = null;
  let restorePragmas: (() => Promise<void>) | null = null;
  // The loader's unknown service values and the run's summary, for whichever way the run ends.
  let summary: string[] = [];
  let report = (): Pick<ImportResult, 'unknownValues' | 'summary' | 'warnings'> => ({ unknownValues: [], summary, warnings: o.file.warnings?.() ?? [] });
  // Ends the transaction: the connection's settings first, while it is still the import's.
  const end = async (how: 'commit' | 'rollback') => {
    await inserter.close();
    if (stage) {
      stopHeartbeat();
      await stage.close();
      // Nothing to commit: each move was. A rollback puts back what the moves wrote.
      if (how === 'rollback' && stagedId !== null) await revertRun(deps.db, stagedId, kind, 'Загрузка не выполнена; всё, что она успела записать, отменено', deps.now());
      return;
    }
    if (restorePragmas) await restorePragmas();
    restorePragmas = null;
    if (trx) await (how === 'commit' ? trx.commit() : trx.rollback());
  };
  try {
    // PostgreSQL charges: one import at a time builds and swaps months (month-build.ts).
    if (trx && buildsMonthsAside(deps.db, kind)) await waitForOtherChargesImports(trx);
    if (trx) restorePragmas = await importPragmas(trx);
    // Staged: the run's row is committed at once, as 'running' with its process and heartbeat.
    // A dry run without a transaction writes nothing (its row is recorded at the end): no id is ever written.
    const importId = trx
      ? await insertImportRow(trx, base, 'running')
      : o.dryRun ? 0 : (stagedId = await insertImportRow(deps.db, base, 'running', { runner: runnerId(), heartbeat_at: deps.now() }));
    if (stagedId !== null) stopHeartbeat = startHeartbeat(deps.db, importId, deps.now);
    const loader = await kindLoader(kind, {
      // Staged: the loader reads (and creates services) through the pool; its rows go to the stage.
      trx: trx ?? (deps.db as Knex.Transaction), importId, inserter, now: startedAt, confirmNewServices: o.confirmNewServices ?? [], replaceScope: o.file.replaceScope ?? 'auto',
      preview: trx === null && o.dryRun,
    });
    report = () => ({ unknownValues: loader.unknownValues(), summary, warnings: o.file.warnings?.() ?? [] });
    const schema = importRowSchemas[kind];
    const fast = fastRowParser(kind);
    const note = (found: RowProblem[]) => {
      problemsTotal += found.length;
      for (const p of found) if (problems.length < PROBLEMS_KEPT) problems.push(withColumn(p, o.file.headers));
    };
    // One write may run while the next batch is read and checked (replace kinds): on two cores
    // the parsing and the database's work overlap. Its failure is rethrown at the next step.
    let writeFailed: { error: unknown } | null = null;
    const settle = async () => {
      if (writing) await writing;
      writing = null;
      if (writeFailed) throw writeFailed.error;
    };
    const flush = async () => {
      await settle();
      if (loader.overlaps) writing = loader.flush().catch((error: unknown) => void (writeFailed = { error }));
      else await loader.flush();
    };
    // One row: checked, and queued for writing while the file has no problem.
    const take = (record: SourceRecord) => {
      counts.rows++;
      const problemsBefore = problemsTotal;
      // The reader's own findings (a line cut short, values past the header): the row is not loaded.
      if (record.problems?.length) note(record.problems);
      // A service the file names that is not ours: reported once per value, its rows all bad.
      const held = record.problems?.length ? null : (loader.prepare?.(record.cells, record.line) ?? null);
      if (held) note(held);
      let row = record.problems?.length ? null : fast(record.cells);
      if (!row && !record.problems?.length) {
        const parsed = schema.safeParse(record.cells);
        if (parsed.success) row = parsed.data;
        else note(problemsFromIssues(record, parsed.error.issues, o.file.headers));
      }
      if (row) {
        const found = loader.accept(row as never, record.line, problemsTotal === 0);
        if (found) note(found.map((p) => asWritten(p, record)));
      }
      if (problemsTotal > problemsBefore || held) counts.bad++;
    };
    for await (const batch of o.file.batches(o.signal)) {
      if (o.signal?.aborted) throw new Canceled();
      if (writeFailed) await settle();
      for (const record of batch) {
        take(record);
        if (problemsTotal === 0 && loader.pending() >= BATCH_ROWS) await flush();
        if (counts.rows % PROGRESS_EVERY === 0) o.onProgress?.(progressOf(o.file, counts.rows, 'reading'));
        if (counts.rows === ESTIMATE_AT && loader.expect) {
          const { bytesRead, totalBytes } = o.file.progress();
          if (bytesRead > 0 && totalBytes > bytesRead) loader.expect(Math.min(ESTIMATE_MAX, Math.ceil((ESTIMATE_SPARE * counts.rows * totalBytes) / bytesRead)));
        }
      }
    }
    await settle();
    if (o.signal?.aborted) throw new Canceled();
    periods = [...loader.periods].sort();
    if (problemsTotal > 0) throw new Rejected();
    if (counts.rows === 0) throw new ImportFileError('В файле нет ни одной строки данных');
    o.onProgress?.(progressOf(o.file, counts.rows, 'finishing'));
    await loader.flush();
    if (stage) {
      // What the moves would do is counted first, so a dry run, a run refused for removing rows
      // and one changing nothing move nothing: residents never see rows that would go back.
      if (!o.dryRun) await waitForEarlierImports(deps.db, importId, deps.now, o.signal);
      Object.assign(counts, await loader.forecast!(counts.rows));
      const moves = !o.dryRun && !(counts.removed > 0 && !o.confirmRemovals) && counts.inserted + counts.replaced + counts.removed > 0;
      if (moves) {
        await stage.moveAll(() => o.onProgress?.(progressOf(o.file, counts.rows, 'finishing')), o.signal);
        // As moved (a resident's reading may have come meanwhile); decided again below.
        Object.assign(counts, await loader.counts(counts.rows));
      }
    } else {
      Object.assign(counts, await loader.counts(counts.rows));
    }
    const refused = !o.dryRun && counts.removed > 0 && !o.confirmRemovals;
    summary = await loader.summary(counts, o.dryRun || refused);
    if (refused) throw new ImportFileError(removalRefusal(kind, counts.removed));
    const changed = counts.inserted + counts.replaced + counts.removed > 0;
    if (o.dryRun || !changed) {
      await end('rollback');
      return record(deps, base, { status: o.dryRun ? 'done' : 'unchanged', counts, problems, problemsTotal, periods, error: null, ...report() }, stagedId);
    }
    const finish = async (t: Knex.Transaction) => {
      await t('imports').where({ id: importId }).update({
        status: 'done', finished_at: deps.now(), counts: JSON.stringify(counts), periods: JSON.stringify(periods), problems_total: 0,
      });
      await writeAudit(t, {
        actorType: o.actor.staffId === null ? 'system' : 'staff', actorId: o.actor.staffId, action: 'import.run', subjectType: 'import',
        subjectId: importId, ip: o.actor.origin, at: deps.now(), details: { kind, fileName: o.fileName, counts, periods },
      });
    };
    if (loader.apply) await loader.apply();
    if (trx) await finish(trx);
    else await deps.db.transaction(finish);
    await end('commit');
    // Older imports past the undo period give up their undo data now; the import itself has
    // succeeded whatever happens here, and the next one will try again.
    await pruneUndoData(deps.db, deps.now()).catch((error: unknown) => deps.logger?.error({ err: error }, 'deleting old imports\' undo data failed'));
    return { importId, kind, status: 'done', dryRun: false, counts, problems, problemsTotal, periods, error: null, ...report() };
  } catch (error) {
    // A write still running holds the connection: let it end before the rollback.
    if (writing) await writing;
    await inserter.close().catch(() => undefined);
    if (stage) {
      await end('rollback').catch((err: unknown) => deps.logger?.error({ err }, 'putting back a failed import\'s moves failed'));
    } else if (trx && !trx.isCompleted()) {
      if (restorePragmas) await restorePragmas().catch(() => undefined);
      await trx.rollback().catch(() => undefined);
    }
    if (error instanceof Rejected) {
      return record(deps, base, { status: 'rejected', counts, problems, problemsTotal, periods, error: null, ...report() }, stagedId);
    }
    if (error instanceof Canceled || o.signal?.aborted) {
      return record(deps, base, { status: 'canceled', counts, problems, problemsTotal, periods, error: 'Загрузка отменена; данные не изменены', ...report() }, stagedId);
    }
    if (error instanceof ImportFileError) {
      return record(deps, base, { status: 'rejected', counts, problems, problemsTotal, periods, error: error.message, ...report() }, stagedId);
    }
    deps.logger?.error({ err: error, kind, fileName: o.fileName }, 'import failed');
    return record(deps, base, { status: 'failed', counts, problems, problemsTotal, periods, error: describeDbError(error) }, stagedId);
  }
}

function progressOf(file: OpenedImportFile, rowsRead: number, phase: ImportProgress['phase']): ImportProgress {
  const { bytesRead, totalBytes } = file.progress();
  const percent = totalBytes > 0 ? Math.min(100, Math.floor((bytesRead / totalBytes) * 100)) : 0;
  return { rowsRead, bytesRead, totalBytes, percent: phase === 'finishing' ? 100 : percent, phase };
}

/** The latest committed import of this kind, when it was this very file: loading it again changes nothing. */
async function sameFileAsLatest(db: Knex, kind: ImportKind, sha256: string): Promise<{ rows: number; periods: string[] } | null> {
  const latest = await db('imports').where({ kind, status: 'done', dry_run: false }).orderBy('id', 'desc').first('file_sha256', 'counts', 'periods');
  if (!latest || latest.file_sha256 !== sha256) return null;
  return { rows: (JSON.parse(latest.counts) as ImportCounts).rows, periods: JSON.parse(latest.periods) as string[] };
}

/** The kind recorded for a file refused before its kind could be told (no --kind, header unread). */
export const UNKNOWN_KIND = 'unknown';

interface Base {
  kind: ImportKind | typeof UNKNOWN_KIND;
  dryRun: boolean;
  startedAt: number;
  options: Pick<RunImportOptions, 'fileName' | 'fileSha256' | 'mappingName' | 'actor'>;
}

async function insertImportRow(db: Knex, base: Base, status: string, extra: Record<string, unknown> = {}): Promise<number> {
  const o = base.options;
  const [row] = await db('imports')
    .insert({
      kind: base.kind, file_name: o.fileName.slice(0, 300), file_sha256: o.fileSha256, mapping_name: o.mappingName ?? null,
      staff_id: o.actor.staffId, actor: o.actor.name.slice(0, 100), started_at: base.startedAt, status, dry_run: base.dryRun,
      counts: JSON.stringify(emptyCounts()), periods: '[]', problems_total: 0, ...extra,
    })
    .returning('id');
  return insertedId(row);
}

// Runs that end before the loader has anything to say give no unknown values and no summary.
type Outcome = Omit<ImportResult, 'importId' | 'kind' | 'dryRun' | 'unknownValues' | 'summary'> & Partial<Pick<ImportResult, 'unknownValues' | 'summary'>>;

/** Records a run that wrote nothing (after its rollback), with its audit entry; `id`: its row, already there (a staged run). */
async function record(deps: ImportDeps, base: Base & { kind: ImportKind }, outcome: Outcome, id: number | null = null): Promise<ImportResult> {
  const importId = await recordRow(deps, base, outcome, id);
  return { importId, kind: base.kind, dryRun: base.dryRun, unknownValues: [], summary: [], ...outcome };
}

export interface RefusedFile extends Pick<RunImportOptions, 'fileName' | 'fileSha256' | 'mappingName' | 'actor' | 'dryRun'> {
  /** The kind asked for or the mapping's; null when neither said and the file could not tell. */
  kind: ImportKind | null;
  /** Why, in Russian (the ImportFileError's message). */
  error: string;
}

/**
 * A file refused before its first row was read (unreadable, of another shape, a bad mapping, an
 * unknown format): a 'rejected' run in the history, with its audit entry, like a file whose rows
 * were refused. Returns its id in `imports`.
 */
export function recordRefusedFile(deps: ImportDeps, file: RefusedFile): Promise<number> {
  const { kind, dryRun, error, ...options } = file;
  return recordRow(deps, { kind: kind ?? UNKNOWN_KIND, dryRun, startedAt: deps.now(), options }, {
    status: 'rejected', counts: emptyCounts(), problems: [], problemsTotal: 0, periods: [], error,
  });
}

type RecordedOutcome = Pick<Outcome, 'status' | 'counts' | 'problems' | 'problemsTotal' | 'periods' | 'error'>;

async function recordRow(deps: ImportDeps, base: Base, outcome: RecordedOutcome, existing: number | null = null): Promise<number> {
  const o = base.options;
  return deps.db.transaction(async (trx) => {
    const values = {
      finished_at: deps.now(), counts: JSON.stringify(outcome.counts), periods: JSON.stringify(outcome.periods),
      problems_total: outcome.problemsTotal, problems: outcome.problems.length > 0 ? JSON.stringify(outcome.problems) : null,
      error: outcome.error?.slice(0, 1000) ?? null,
    };
    let id = existing;
    if (id === null) id = await insertImportRow(trx, base, outcome.status, values);
    else await trx('imports').where({ id }).update({ status: outcome.status, ...values });
    await writeAudit(trx, {
      actorType: o.actor.staffId === null ? 'system' : 'staff', actorId: o.actor.staffId, action: 'import.run', subjectType: 'import',
      subjectId: id, ip: o.actor.origin, at: deps.now(),
      details: {
        kind: base.kind, fileName: o.fileName, status: outcome.status, dryRun: base.dryRun, counts: outcome.counts, problems: outcome.problemsTotal,
        ...(outcome.error ? { error: outcome.error.slice(0, 1000) } : {}),
      },
    });
    return id;
  });
}
