// knex's `.insert(…).returning('id')` gives `[{ id }]` on PostgreSQL and on SQLite, but a bare
// number from older clients and from `.insert()` without `returning` on SQLite; ids of bigint
// columns may come as strings. One reading of every shape, so a caller writes `insertedId(row)`.

/** The id of an inserted row from one element of knex's insert result. */
export function insertedId(row: unknown): number {
  const id = typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : row;
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`insert returned no id (${JSON.stringify(row)})`);
  return n;
}
