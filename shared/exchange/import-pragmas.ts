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
  const cache = pragmaValue(await trx.raw('PRAGMA cache_size'), 'cache_size');
  const mmap = pragmaValue(await trx.raw('PRAGMA mmap_size'), 'mmap_size');
  await trx.raw(`PRAGMA cache_size = ${-IMPORT_CACHE_KIB}`);
  await trx.raw('PRAGMA mmap_size = 0');
  // Before the commit or rollback: the connection then goes back to the pool as it came.
  return async () => {
    await trx.raw(`PRAGMA cache_size = ${cache}`);
    await trx.raw(`PRAGMA mmap_size = ${mmap}`);
  };
}

function pragmaValue(rows: unknown, name: string): number {
  const value = Number((rows as Record<string, unknown>[])[0]?.[name]);
  if (!Number.isInteger(value)) throw new Error(`PRAGMA ${name} gave no number`);
  return value;
}
