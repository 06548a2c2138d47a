import { CYRILLIC_LOWER, CYRILLIC_UPPER, escapeLike } from './fold.ts';
import type { Dialect } from './types.ts';

// PostgreSQL allows 65535 bind parameters per statement.
const MAX_VARIABLES = 60_000;

export const postgresDialect: Dialect = {
  engine: 'postgres',
  stagesImports: false,
  insertChunkRows: (columns) => Math.max(1, Math.floor(MAX_VARIABLES / columns)),
  claimRows: (query) => query.forUpdate().skipLocked() as typeof query,
  appendOnlyTriggers: (table) => [
    `CREATE OR REPLACE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '${table} is append-only'; END $$`,
    `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`,
  ],
  // lower() folds Cyrillic only under a UTF-8 ctype; translate() does not depend on the locale
  // and also makes ё into е, which ILIKE would not.
  containsFolded: (column, word) => ({
    sql: `translate(lower(??), '${CYRILLIC_UPPER}ё', '${CYRILLIC_LOWER.replace('ё', 'е')}е') like ? escape '\\'`,
    bindings: [column, `%${escapeLike(word)}%`],
  }),
  dropAppendOnlyTriggers: (table) => [
    `DROP TRIGGER IF EXISTS ${table}_no_change ON ${table}`,
    `DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table}`,
    `DROP FUNCTION IF EXISTS ${table}_append_only()`,
  ],
  // OFFSET 0 keeps the planner from flattening the lateral subquery into a plain join.
  seekJoin: (table, alias, on) => `cross join lateral (select * from ${table} ${alias} where ${on} offset 0) ${alias}`,
  json: {
    array: (...expressions) => `json_build_array(${expressions.join(', ')})`,
    arrayAgg: (expression, orderBy) => `coalesce(json_agg(${expression} order by ${orderBy}), '[]'::json)`,
    nested: (subquery) => `(${subquery})`,
    param: (type) => `?::${type}`,
    rows: (columns) =>
      `select ${columns.map(([name, type], i) => `(e ->> ${i})::${type} as ${name}`).join(', ')} from json_array_elements(?::json) as e`,
  },
};
