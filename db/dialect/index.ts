import type { Knex } from 'knex';
import { postgresDialect } from './postgres.ts';
import { sqliteDialect } from './sqlite.ts';
import type { Dialect, EngineName } from './types.ts';

export type { Dialect, EngineName } from './types.ts';

export function engineOf(knex: Knex): EngineName {
  const client = String(knex.client.config.client);
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

export function dialectOf(knex: Knex): Dialect {
  return engineOf(knex) === 'postgres' ? postgresDialect : sqliteDialect;
}
