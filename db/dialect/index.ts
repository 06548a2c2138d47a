import type { Knex } from 'knex';
import { postgresDialect } from './postgres.ts';
import { sqliteDialect } from './sqlite.ts';
import type { Dialect, EngineName } from './types.ts';

export type { Dialect, EngineName, JsonSql } from './types.ts';

// Asked on every prepared query: the answer is kept per client (a transaction shares its
// parent's), since stringifying a client class (ours on SQLite) would cost its whole source text.
const engines = new WeakMap<object, EngineName>();

export function engineOf(knex: Knex): EngineName {
  let engine = engines.get(knex.client);
  if (!engine) {
    const client = knex.client.config.client;
    // A client class (db/dialect/pg-client.ts) names its dialect; a string names the driver.
    const name = typeof client === 'string' ? client : ((knex.client as { dialect?: string }).dialect ?? '');
    engine = name === 'pg' || name === 'postgres' || name === 'postgresql' ? 'postgres' : 'sqlite';
    engines.set(knex.client, engine);
  }
  return engine;
}

export function dialectOf(knex: Knex): Dialect {
  return engineOf(knex) === 'postgres' ? postgresDialect : sqliteDialect;
}
