import type { Dialect } from './types.ts';

// SQLite ≥ 3.32 allows 32766 bound variables; keep well under it.
const MAX_VARIABLES = 30_000;

export const sqliteDialect: Dialect = {
  engine: 'sqlite',
  insertChunkRows: (columns) => Math.max(1, Math.floor(MAX_VARIABLES / columns)),
  appendOnlyTriggers: (table) => [
    `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
    `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  ],
  dropAppendOnlyTriggers: (table) => [`DROP TRIGGER IF EXISTS ${table}_no_update`, `DROP TRIGGER IF EXISTS ${table}_no_delete`],
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
