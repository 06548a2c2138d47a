import { CYRILLIC_LOWER, CYRILLIC_UPPER } from './fold.ts';
import type { Dialect } from './types.ts';

// SQLite's lower() changes ASCII only and it has no translate(): one replace() per letter.
function foldCase(expression: string): string {
  let sql = `lower(${expression})`;
  [...CYRILLIC_UPPER].forEach((upper, i) => {
    const lower = CYRILLIC_LOWER[i] === 'ё' ? 'е' : CYRILLIC_LOWER[i];
    sql = `replace(${sql}, '${upper}', '${lower}')`;
  });
  return `replace(${sql}, 'ё', 'е')`;
}

// SQLite ≥ 3.32 allows 32766 bound variables; keep well under it.
const MAX_VARIABLES = 30_000;

export const sqliteDialect: Dialect = {
  engine: 'sqlite',
  insertChunkRows: (columns) => Math.max(1, Math.floor(MAX_VARIABLES / columns)),
  appendOnlyTriggers: (table) => [
    `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
    `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  ],
  foldCase,
  dropAppendOnlyTriggers: (table) => [`DROP TRIGGER IF EXISTS ${table}_no_update`, `DROP TRIGGER IF EXISTS ${table}_no_delete`],
};
