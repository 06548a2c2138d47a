// Bulk rows into one table inside an open transaction, the fastest way each engine takes them:
// PostgreSQL COPY FROM STDIN on the transaction's own connection; SQLite multi-row INSERTs sized
// to its bound-variable limit, through one prepared statement reused for every full chunk. The
// import and the benchmark's raw-insert baseline both write through here.
import type { Knex } from 'knex';
import { engineOf } from '../../db/dialect/index.ts';
import { OpenCopy } from './copy-stream.ts';
import { CopyTextEncoder } from './copy-text.ts';

export type BulkCell = string | number | boolean | null;

interface SqliteStatement {
  run(params: BulkCell[], cb: (err: Error | null) => void): void;
  finalize(cb: (err: Error | null) => void): void;
}
interface SqliteConnection {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
}

// SQLite ≥ 3.32 allows 32766 bound variables.
const SQLITE_MAX_VARIABLES = 32_766;

/** A prepared multi-row INSERT and the array its values are bound from, reused for every chunk of its size. */
interface Prepared {
  statement: SqliteStatement;
  values: BulkCell[];
}

export class BulkInserter {
  private statements = new Map<string, Promise<Prepared>>();
  /** PostgreSQL: the COPY text's byte buffer, grown once and reused part after part. */
  private encoder: CopyTextEncoder | null = null;
  /** PostgreSQL: a COPY left open by `keepOpen`, which later rows for the same table join (copy-stream.ts). */
  private copy: OpenCopy | null = null;

  /**
   * `trx`: the transaction whose connection takes the rows. `connection`: a connection the caller
   * holds instead (an import's staging connection, outside any transaction: shared/import/stage.ts).
   */
  constructor(
    private readonly trx: Knex | Knex.Transaction,
    private readonly connection?: unknown,
  ) {}

  /** Appends `rows` (values in `columns` order) to `table`. */
  async insert(table: string, columns: readonly string[], rows: readonly BulkCell[][]): Promise<void> {
    const width = columns.length;
    await this.write(table, columns, rows.length, (into, start, end) => {
      let i = 0;
      for (let r = start; r < end; r++) {
        const row = rows[r]!;
        for (let c = 0; c < width; c++) into[i++] = row[c] ?? null;
      }
    }, (encoder, start, end) => {
      for (let r = start; r < end; r++) encoder.rows(rows[r]!, 0, 1, width);
    });
  }

  /**
   * Appends `count` rows given one after another in `cells` (`columns.length` values each): the
   * import queues rows so, in one array reused batch after batch, because an array per row that
   * waits for its batch outlives the young generation and makes V8 allocate every such array
   * straight in the old one (allocation-site pretenuring), ~150 bytes of garbage a row there.
   */
  async insertFlat(table: string, columns: readonly string[], cells: readonly BulkCell[], count: number, options: InsertOptions = {}): Promise<void> {
    const width = columns.length;
    await this.write(table, columns, count, (into, start, end) => {
      const from = start * width;
      const n = (end - start) * width;
      for (let i = 0; i < n; i++) into[i] = cells[from + i] ?? null;
    }, (encoder, start, end) => encoder.rows(cells, start, end - start, width), options);
  }

  /**
   * Ends a COPY that `keepOpen` left running and waits for the database to have taken its rows.
   * Whoever writes with `keepOpen` calls this before any other statement on the connection.
   */
  async settle(): Promise<void> {
    const copy = this.copy;
    this.copy = null;
    if (copy) await copy.end();
  }

  /** `fill` puts rows [start, end) into a statement's values; `encode` writes them as COPY lines. */
  private async write(
    table: string, columns: readonly string[], count: number,
    fill: (into: BulkCell[], start: number, end: number) => void, encode: RowsEncoder, options: InsertOptions = {},
  ): Promise<void> {
    if (count === 0) return;
    const connection = this.connection ?? (await connectionOf(this.trx as Knex.Transaction));
    if (engineOf(this.trx) === 'postgres') return this.copyRows(connection, table, columns, count, encode, options.keepOpen === true);
    const perChunk = Math.floor(SQLITE_MAX_VARIABLES / columns.length);
    for (let start = 0; start < count; start += perChunk) {
      const end = Math.min(count, start + perChunk);
      // One insert at a time per inserter (the loader awaits each), so the array can be refilled:
      // a fresh one per chunk (32,766 slots) was a large object to collect every few thousand rows.
      const { statement, values } = await this.statement(connection as SqliteConnection, table, columns, end - start);
      fill(values, start, end);
      try {
        await new Promise<void>((resolve, reject) => statement.run(values, (err) => (err ? reject(err) : resolve())));
      } finally {
        // Let the rows' strings go now rather than when the array is next filled.
        values.fill(null);
      }
    }
  }

  /** PostgreSQL: the rows into the open COPY of this table (a new one if another is open, or none). */
  private async copyRows(connection: unknown, table: string, columns: readonly string[], count: number, encode: RowsEncoder, keepOpen: boolean): Promise<void> {
    const key = `${table}(${columns.join(',')})`;
    if (this.copy && this.copy.key !== key) await this.settle();
    const copy = (this.copy ??= new OpenCopy(connection, table, columns, key));
    const encoder = (this.encoder ??= new CopyTextEncoder());
    try {
      for (let start = 0; start < count; start += COPY_PART_ROWS) {
        encode(encoder, start, Math.min(count, start + COPY_PART_ROWS));
        await copy.write(encoder.take());
      }
    } catch (error) {
      if (this.copy === copy) this.copy = null;
      throw error;
    }
    if (!keepOpen) await this.settle();
  }

  /** Ends an open COPY and finalizes the prepared statements: SQLite will not close a connection that has any. */
  async close(): Promise<void> {
    await this.settle();
    const statements = await Promise.allSettled(this.statements.values());
    this.statements.clear();
    await Promise.all(
      statements.map((s) => (s.status === 'fulfilled' ? new Promise<void>((resolve) => s.value.statement.finalize(() => resolve())) : undefined)),
    );
  }

  private statement(connection: SqliteConnection, table: string, columns: readonly string[], rows: number): Promise<Prepared> {
    const tuple = `(${columns.map(() => '?').join(',')})`;
    const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array.from({ length: rows }, () => tuple).join(',')}`;
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = new Promise<Prepared>((resolve, reject) => {
        const statement = connection.prepare(sql, (err) => (err ? reject(err) : resolve({ statement, values: new Array<BulkCell>(rows * columns.length).fill(null) })));
      });
      this.statements.set(sql, prepared);
    }
    return prepared;
  }
}

/** The transaction's own connection (knex hands it out without taking another from the pool). */
async function connectionOf(trx: Knex.Transaction): Promise<unknown> {
  return (trx.client as unknown as { acquireConnection(): Promise<unknown> }).acquireConnection();
}

/** Writes rows [start, end) as COPY text into the encoder. */
type RowsEncoder = (encoder: CopyTextEncoder, start: number, end: number) => void;

export interface InsertOptions {
  /**
   * PostgreSQL: leave the COPY open for later rows of the same table (copy-stream.ts); the caller
   * then owes a `settle()` before any other statement on the connection.
   */
  keepOpen?: boolean;
}

/** Rows encoded and sent at a time: the encoder's buffer stays small. */
const COPY_PART_ROWS = 2000;
