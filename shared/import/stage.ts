// Staging a large import on SQLite, so the site keeps its write lock most of the time (issue 17,
// item 8). SQLite has one writer: an import that read, checked and wrote a million rows in one
// transaction held the lock for the whole file, and a resident's sign-in (a session row) waited
// busy_timeout and failed. Now the checked rows first go to a TEMP table on a connection the
// import holds: writing the connection's temp schema takes no lock on the database file. A batch
// is bound as one JSON text that SQLite takes apart (json_each) on its own thread while the next
// batch is parsed: binding each cell from JavaScript had cost as much as the parsing. Only
// when the whole file has passed every check are the rows moved into the live tables, batch by
// batch in short transactions (write-replace.ts), each committed, with a pause after each for the
// site's writes. All or nothing still holds: each move records what it replaced (import_scopes,
// import_undo_*), so an error or a crash mid-way is put right from them (interrupted.ts).
import type { Knex } from 'knex';
import { connectionPragmas } from './import-pragmas.ts';
import { BulkInserter } from './write-bulk.ts';

export const STAGE_TABLE = 'import_stage';
/** The staged rows' (account, period) pairs, for counting before any move (write-replace.ts forecast). */
export const STAGE_PAIRS = 'import_stage_pairs';

interface SqliteConnection {
  run(sql: string, params: unknown[], cb: (err: Error | null) => void): void;
  all(sql: string, params: unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
}

interface KnexPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void> | void;
}

/**
 * Whether `db` can stage: the stage holds a connection for the whole import while the loader
 * reads (and the heartbeat writes) through others, so a pool of one (an in-memory database, a
 * test's single connection) loads the old way, in one transaction.
 */
export function canStage(db: Knex): boolean {
  const max = (db.client.config as { pool?: { max?: number } }).pool?.max ?? 1;
  return max >= 2;
}

/** One import's staged rows of one table, what moves them, and the connection they live on. */
export class ImportStage {
  private restorePragmas: (() => Promise<void>) | null = null;
  private closed = false;
  /** What moves the staged rows into the live table, batch by batch (set by the table's writer). */
  mover: { batches(): number; move(trx: Knex.Transaction, batch: number): Promise<void> } | null = null;

  /** What the table's writer is given in place of a bulk inserter, to know it stages (write-replace.ts). */
  readonly inserter: StageInserter;
  /** Writes rows inside a move's transaction (import_scopes), on the same connection. */
  readonly liveInserter: BulkInserter;

  private constructor(
    private readonly db: Knex,
    private readonly connection: SqliteConnection,
  ) {
    this.inserter = new StageInserter(db, connection, this);
    this.liveInserter = new BulkInserter(db, connection);
  }

  static async open(db: Knex, columns: readonly string[]): Promise<ImportStage> {
    const connection = (await (db.client as KnexPool).acquireConnection()) as SqliteConnection;
    const stage = new ImportStage(db, connection);
    try {
      // A temp table in memory (the site's temp_store) would hold the whole file in RAM.
      stage.restorePragmas = await connectionPragmas((sql) => stage.all(sql), { tempOnDisk: true });
      await stage.run(`DROP TABLE IF EXISTS temp."${STAGE_TABLE}"`);
      // No types: the values keep those JSON's ->> gives them (integers, text, null) until the move.
      await stage.run(`CREATE TEMP TABLE "${STAGE_TABLE}" (${columns.map((c) => `"${c}"`).join(', ')})`);
    } catch (error) {
      await stage.close();
      throw error;
    }
    return stage;
  }

  run(sql: string, params: unknown[] = []): Promise<void> {
    return new Promise((resolve, reject) => this.connection.run(sql, params, (err) => (err ? reject(err) : resolve())));
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.connection.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  }

  /**
   * Moves every staged batch into the live table: one short write transaction per batch (BEGIN
   * IMMEDIATE on the stage's connection), then a pause a third as long, so a resident's write
   * waiting on the lock (SQLite polls for it) finds it free. A third rather than a half: a million
   * rows 0.45 s sooner, and the site's p99 during the import the same (bench/import-site.ts). `progress` is told at each
   * tenth of the batches moved. An abort stops between moves (the caller puts back what moved).
   */
  async moveAll(progress: (moved: number, of: number) => void, signal?: AbortSignal): Promise<void> {
    const mover = this.mover;
    if (!mover) return;
    const batches = mover.batches();
    for (let b = 0; b < batches; b++) {
      signal?.throwIfAborted();
      const started = performance.now();
      await this.db.transaction((trx) => mover.move(trx, b), { connection: this.connection });
      if (Math.floor((10 * (b + 1)) / batches) > Math.floor((10 * b) / batches)) progress(b + 1, batches);
      const held = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, Math.max(2, held / 3)));
    }
  }

  /** Drops the staged rows and gives the connection back to the pool with the site's settings. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.inserter.close().catch(() => undefined);
    await this.liveInserter.close().catch(() => undefined);
    await this.run(`DROP TABLE IF EXISTS temp."${STAGE_TABLE}"`).catch(() => undefined);
    await this.run(`DROP TABLE IF EXISTS temp."${STAGE_PAIRS}"`).catch(() => undefined);
    if (this.restorePragmas) await this.restorePragmas().catch(() => undefined);
    this.restorePragmas = null;
    await (this.db.client as KnexPool).releaseConnection(this.connection);
  }
}

/** The bulk inserter a staged import's writer is given: its batches go to the stage (write-replace.ts). */
export class StageInserter extends BulkInserter {
  constructor(db: Knex, connection: unknown, readonly stage: ImportStage) {
    super(db, connection);
  }
}
