// Running the loader in tests: rows in memory or a file, an actor, and snapshots of the tables
// an import may touch, to prove "nothing changed" and "undo restored it exactly".
import type { Knex } from 'knex';
import { runImport, type ImportDeps, type RunImportOptions } from '../../shared/import/load.ts';
import type { ImportActor, ImportProgress, ImportResult } from '../../shared/import/outcome.ts';
import type { ImportKind } from '../../shared/import/rows.ts';
import { sourceFromRows } from './import-source.ts';

export const CLI_ACTOR: ImportActor = { staffId: null, name: 'cli', origin: 'cli' };

export async function importRows(
  db: Knex,
  kind: ImportKind,
  rows: Record<string, string>[],
  o: Partial<Omit<RunImportOptions, 'file'>> & { now?: () => number; logger?: ImportDeps['logger'] } = {},
): Promise<ImportResult> {
  return runImport(
    { db, now: o.now ?? Date.now, ...(o.logger ? { logger: o.logger } : {}) },
    {
      file: sourceFromRows(kind, rows), fileName: o.fileName ?? `${kind}.csv`, fileSha256: o.fileSha256 ?? shaOf(rows),
      dryRun: o.dryRun ?? false, actor: o.actor ?? CLI_ACTOR, ...(o.signal ? { signal: o.signal } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.confirmNewServices ? { confirmNewServices: o.confirmNewServices } : {}), ...(o.confirmRemovals ? { confirmRemovals: true } : {}),
    },
  );
}

/**
 * Opens `connections` pool connections ahead (each with its session set-up), as a running site has
 * them: a probe's write then measures the import's locking, not how long a new connection takes.
 */
export async function warmPool(db: Knex, connections = 3): Promise<void> {
  await Promise.all(Array.from({ length: connections }, () => db.raw('select 1')));
}

/**
 * A resident's sign-in write (login_attempts, as sign-in does), started the first time a run
 * reports its reading, with `alongside` started at the same moment; pass `onProgress` to the run.
 * Afterwards `started` tells whether the run reported its reading, and `times()` when the write
 * finished and when the reading ended (the run reported "finishing").
 */
export function writeDuringReading(db: Knex, alongside?: () => void) {
  let write: Promise<number> | null = null;
  let readingEndedAt = 0;
  return {
    onProgress: (p: ImportProgress) => {
      if (p.phase === 'reading' && !write) {
        write = db('login_attempts').insert({ login: 'житель', user_id: null, ip: '127.0.0.1', succeeded: false, reason: 'bad_password', at: Date.now() })
          .then(() => performance.now());
        alongside?.();
      }
      if (p.phase === 'finishing' && !readingEndedAt) readingEndedAt = performance.now();
    },
    get started() { return write !== null; },
    times: async () => ({ writtenAt: await write!, readingEndedAt }),
  };
}

/** A stand-in for the file's hash: the same rows give the same value. */
function shaOf(rows: Record<string, string>[]): string {
  let h = 0;
  const text = JSON.stringify(rows);
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16).padStart(64, '0');
}

export const DATA_TABLES = ['buildings', 'services', 'accounts', 'charges', 'balances', 'payments', 'meters', 'readings'] as const;

/** Every row of the data tables, in id order, values as strings (engines differ in number types). */
export async function snapshot(db: Knex): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of DATA_TABLES) {
    const rows: Record<string, unknown>[] = await db(table).orderBy('id').select('*');
    out[table] = rows.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
  }
  return out;
}
