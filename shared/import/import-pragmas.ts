// SQLite settings for the import's own connection while it loads. The connections' defaults
// (db/connection.ts) suit the site: a 32 MB page cache and the file mapped into memory keep the
// pages every request touches resident. An import instead walks whole tables once and writes
// one long transaction, which fills any cache with its dirty pages and leaves every page it read
// through the map resident: with the defaults, ~45 MB of a million-row import's peak memory.
// A small cache only makes SQLite spill dirty pages to the WAL sooner, which it does anyway.
import type { Knex } from 'knex';
import { engineOf } from '../../db/dialect/index.ts';

const IMPORT_CACHE_KIB = 8_000;

/** Sets the import's settings on the transaction's connection; the returned function puts the previous ones back. */
export async function importPragmas(trx: Knex.Transaction): Promise<() => Promise<void>> {
  if (engineOf(trx) !== 'sqlite') return async () => undefined;
  return connectionPragmas((sql) => trx.raw(sql));
}

/**
 * The same on a SQLite connection reached through `query`. `tempOnDisk`: the connection's TEMP
 * tables go to a temporary file (with a small cache of its own) instead of memory, for an
 * import's staged rows (stage.ts); set before any temp table exists (changing it drops them).
 */
export async function connectionPragmas(query: (sql: string) => Promise<unknown>, o: { tempOnDisk?: boolean } = {}): Promise<() => Promise<void>> {
  const cache = pragmaValue(await query('PRAGMA cache_size'), 'cache_size');
  const mmap = pragmaValue(await query('PRAGMA mmap_size'), 'mmap_size');
  const temp = pragmaValue(await query('PRAGMA temp_store'), 'temp_store');
  await query(`PRAGMA cache_size = ${-IMPORT_CACHE_KIB}`);
  await query('PRAGMA mmap_size = 0');
  if (o.tempOnDisk) await query('PRAGMA temp_store = FILE');
  // Before the commit or rollback: the connection then goes back to the pool as it came.
  return async () => {
    await query(`PRAGMA cache_size = ${cache}`);
    await query(`PRAGMA mmap_size = ${mmap}`);
    if (o.tempOnDisk) await query(`PRAGMA temp_store = ${temp}`);
  };
}

function pragmaValue(rows: unknown, name: string): number {
  const value = Number((rows as Record<string, unknown>[])[0]?.[name]);
  if (!Number.isInteger(value)) throw new Error(`PRAGMA ${name} gave no number`);
  return value;
}
