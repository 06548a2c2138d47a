// Bulk inserts that both engines accept at full speed: `INSERT … VALUES (…), (…)` in chunks
// sized to the engine's limit on bound variables.
import type { Knex } from 'knex';
import { dialectOf } from './dialect/index.ts';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/**
 * `INSERT … VALUES (…), (…)` in chunks the engine accepts. Written as raw SQL because knex
 * compiles a multi-row insert on SQLite as `SELECT … UNION ALL SELECT …`, which SQLite caps
 * at 500 terms; a VALUES list is only bounded by the number of bound variables.
 */
export async function insertRows(db: Knex, table: string, rows: readonly Row[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const chunkRows = dialectOf(db).insertChunkRows(columns.length);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    const values: Cell[] = [];
    for (const row of chunk) for (const column of columns) values.push(row[column] ?? null);
    const sql = `insert into ?? (${columns.map(() => '??').join(', ')}) values ${chunk.map(() => tuple).join(', ')}`;
    await db.raw(sql, [table, ...columns, ...values]);
  }
}

