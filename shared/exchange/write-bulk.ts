// Bulk rows into one table inside an open transaction, the fastest way each engine takes them:
// PostgreSQL COPY FROM STDIN on the transaction's own connection; SQLite multi-row INSERTs sized
// to its bound-variable limit, through one prepared statement reused for every full chunk. The
// import and the benchmark's raw-insert baseline both write through here.
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import { engineOf } from '../../db/dialect/index.ts';

export type BulkCell = string | number | boolean | null;

interface SqliteStatement {
  run(params: BulkCell[], cb: (err: Error | null) => void): void;
  finalize(cb: (err: Error | null) => void): void;
}
interface SqliteConnection {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
}
interface PgConnection {
  query(stream: NodeJS.WritableStream): NodeJS.WritableStream;
}

// SQLite ≥ 3.32 allows 32766 bound variables.
const SQLITE_MAX_VARIABLES = 32_766;

export class BulkInserter {
  private statements = new Map<string, Promise<SqliteStatement>>();

  constructor(private readonly trx: Knex.Transaction) {}

  /** Appends `rows` (values in `columns` order) to `table`. */
  async insert(table: string, columns: readonly string[], rows: readonly BulkCell[][]): Promise<void> {
    if (rows.length === 0) return;
    const connection = await connectionOf(this.trx);
    if (engineOf(this.trx) === 'postgres') return copyRows(connection as PgConnection, table, columns, rows);
    const perChunk = Math.floor(SQLITE_MAX_VARIABLES / columns.length);
    for (let start = 0; start < rows.length; start += perChunk) {
      const chunk = rows.slice(start, start + perChunk);
      const statement = await this.statement(connection as SqliteConnection, table, columns, chunk.length);
      const values: BulkCell[] = new Array(chunk.length * columns.length);
      let i = 0;
      for (const row of chunk) for (let c = 0; c < columns.length; c++) values[i++] = row[c] ?? null;
      await new Promise<void>((resolve, reject) => statement.run(values, (err) => (err ? reject(err) : resolve())));
    }
  }

  /** Finalizes the prepared statements: SQLite will not close a connection that has any. */
  async close(): Promise<void> {
    const statements = await Promise.allSettled(this.statements.values());
    this.statements.clear();
    await Promise.all(
      statements.map((s) => (s.status === 'fulfilled' ? new Promise<void>((resolve) => s.value.finalize(() => resolve())) : undefined)),
    );
  }

  private statement(connection: SqliteConnection, table: string, columns: readonly string[], rows: number): Promise<SqliteStatement> {
    const tuple = `(${columns.map(() => '?').join(',')})`;
    const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array.from({ length: rows }, () => tuple).join(',')}`;
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = new Promise<SqliteStatement>((resolve, reject) => {
        const s = connection.prepare(sql, (err) => (err ? reject(err) : resolve(s)));
      });
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** The transaction's own connection (knex hands it out without taking another from the pool). */
async function connectionOf(trx: Knex.Transaction): Promise<unknown> {
  return (trx.client as unknown as { acquireConnection(): Promise<unknown> }).acquireConnection();
}

async function copyRows(connection: PgConnection, table: string, columns: readonly string[], rows: readonly BulkCell[][]): Promise<void> {
  const stream = connection.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(',')}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  // Text format: one line per row, tab between cells, \N for NULL.
  const PART = 2000;
  for (let start = 0; start < rows.length; start += PART) {
    let text = '';
    for (let r = start; r < Math.min(rows.length, start + PART); r++) {
      const row = rows[r] as BulkCell[];
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) text += '\t';
        text += copyCell(row[c] ?? null);
      }
      text += '\n';
    }
    if (!stream.write(text)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
}

function copyCell(value: BulkCell): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}
