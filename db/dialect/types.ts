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
   * SQL that folds a text expression for case-insensitive Russian search: lower case (Latin and
   * Cyrillic alike, whatever the database locale) and ё → е. Compare it with a pattern folded by
   * `foldForSearch` (db/dialect/fold.ts) using `LIKE … ESCAPE '\\'`. PostgreSQL's ILIKE would
   * do the case part there; SQLite's LIKE and lower() know only ASCII, so both engines fold
   * explicitly and stay alike. A folded expression cannot use a plain index: callers keep it
   * for fields where a scan is acceptable (see shared/admin/residents-search.ts).
   */
  foldCase(expression: string): string;
  /** Called once per new connection (pragmas, session settings). */
  onConnect?(knex: Knex): Promise<void>;
}
