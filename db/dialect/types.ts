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

  /**
   * A condition: `column` contains `word` ignoring case (Latin and Cyrillic, whatever the
   * database locale) with ё = е; `word` must already be folded by `foldForSearch`
   * (db/dialect/fold.ts). PostgreSQL's ILIKE would do the case part, but not ё, and SQLite's
   * LIKE and lower() know only ASCII: see each dialect. No plain index serves a substring
   * test; callers keep it for fields where a scan is acceptable.
   */
  containsFolded(column: string, word: string): { sql: string; bindings: string[] };
  /** JSON built in SQL: the hottest reads return one JSON value instead of many columns. */
  readonly json: JsonSql;
  /**
   * An inner join to `table alias` that finds each earlier row's match through an index, row
   * by row. For a batch of asks (JsonSql.rows) PostgreSQL cannot know how few rows come, assumes
   * a hundred, and hashes the whole table on every run instead; SQLite seeks anyway.
   */
  seekJoin(table: string, alias: string, on: string): string;
  /**
   * Whether a large import stages its checked rows and moves them into the live tables in short
   * committed transactions (shared/import/stage.ts) rather than writing in one transaction.
   * SQLite: yes — one writer at a time, and a long transaction makes the site's writes fail.
   * PostgreSQL: no — its readers and other writers go on beside one long import transaction.
   */
  readonly stagesImports: boolean;
  /** Called once per new connection (pragmas, session settings). */
  onConnect?(knex: Knex): Promise<void>;
}

/**
 * SQL that builds JSON, for statements whose result would otherwise be many columns: drivers
 * turn each column of each row into a JavaScript value one at a time, JSON.parse does a whole
 * result at once. Numbers stay numbers, text stays text, null stays null.
 */
export interface JsonSql {
  /** A JSON array of the values of the expressions, in order. */
  array(...expressions: string[]): string;
  /** An aggregate: the JSON array of `expression` over the rows, ordered; `[]` for no rows. */
  arrayAgg(expression: string, orderBy: string): string;
  /** JSON from a scalar subquery, so an enclosing array() embeds it rather than quoting it. */
  nested(subquery: string): string;
  /** A parameter `?` of the given type (PostgreSQL cannot always infer it from its use). */
  param(type: JsonColumnType): string;
  /**
   * A `select` of one row per element of a JSON array of arrays bound to the parameter `?`:
   * column i from element i. Many calls' parameters in one statement (db/prepared.ts batched).
   */
  rows(columns: [name: string, type: JsonColumnType][]): string;
}

export type JsonColumnType = 'text' | 'integer' | 'bigint' | 'date';
