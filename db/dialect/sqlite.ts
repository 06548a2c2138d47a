import { caseInsensitiveGlob } from './fold.ts';
import type { Dialect } from './types.ts';

// SQLite ≥ 3.32 allows 32766 bound variables; keep well under it.
const MAX_VARIABLES = 30_000;

export const sqliteDialect: Dialect = {
  engine: 'sqlite',
  stagesImports: true,
  insertChunkRows: (columns) => Math.max(1, Math.floor(MAX_VARIABLES / columns)),
  // Transactions begin IMMEDIATE (sqlite-client.ts): one writer at a time, so a transaction's
  // SELECT already sees no row another claimer could take meanwhile. SQLite has no row locks.
  claimRows: (query) => query,
  appendOnlyTriggers: (table) => [
    `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
    `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  ],
  // SQLite's LIKE and lower() fold ASCII only and it has no translate(); a GLOB with a class per
  // letter is exact and reads the text once (a replace() per Cyrillic letter was 30× slower).
  containsFolded: (column, word) => ({ sql: '?? glob ?', bindings: [column, caseInsensitiveGlob(word)] }),
  dropAppendOnlyTriggers: (table) => [`DROP TRIGGER IF EXISTS ${table}_no_update`, `DROP TRIGGER IF EXISTS ${table}_no_delete`],
  seekJoin: (table, alias, on) => `join ${table} ${alias} on ${on}`,
  json: {
    array: (...expressions) => `json_array(${expressions.join(', ')})`,
    // ORDER BY inside an aggregate: SQLite ≥ 3.44.
    arrayAgg: (expression, orderBy) => `json_group_array(${expression} order by ${orderBy})`,
    // A subquery's value loses its JSON subtype; json() gives it back.
    nested: (subquery) => `json((${subquery}))`,
    // ->> gives the SQL value: JSON numbers as integers, strings as text (SQLite ≥ 3.38).
    param: () => '?',
    rows: (columns) => `select ${columns.map(([name], i) => `value ->> ${i} as ${name}`).join(', ')} from json_each(?)`,
  },
};
