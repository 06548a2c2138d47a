// What differs between the engines, in one place (STYLE.md: directus' dialect helpers).
import type { Knex } from 'knex';

export type EngineName = 'sqlite' | 'postgres';

export interface Dialect {
  readonly engine: EngineName;
  /**
   * Rows per multi-row `INSERT … VALUES` so the bound variables stay under the engine's limit.
   * For db/bulk-insert.ts: knex's own multi-row insert compiles to `UNION ALL` on SQLite, which
   * SQLite caps at 500 terms.
   */
  insertChunkRows(columnsPerRow: number): number;
  /** SQL that makes a table append-only: updates and deletes fail. */
  appendOnlyTriggers(table: string): string[];
  dropAppendOnlyTriggers(table: string): string[];
  /**
   * Makes a SELECT inside a transaction claim its rows: rows other transactions hold are
   * skipped, so several workers (e.g. the e-mail outbox's) take disjoint batches.
   */
  claimRows<Q extends Knex.QueryBuilder>(query: Q): Q;
  /** Called once per new connection (pragmas, session settings). */
  onConnect?(knex: Knex): Promise<void>;
}
