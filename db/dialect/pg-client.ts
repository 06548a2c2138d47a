// knex's PostgreSQL client with one change: a connection whose session cannot write is
// replaced. A session takes `default_transaction_read_only` when it starts (a database put in
// read-only mode for maintenance or a full disk, a standby after a fail-over), and keeps it after
// the database is writable again; such a connection fails every write with SQLSTATE 25006 until
// it is closed. After one such failure it is disposed of and the next query gets a fresh one.
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { disposeIfCannotWrite, type PooledConnection } from './replace-read-only.ts';

const require = createRequire(import.meta.url);

interface ClientInstance {
  _query(connection: object, obj: unknown): Promise<unknown>;
}
type ClientClass = new (config: Knex.Config) => ClientInstance;

// knex ships no types for its dialect internals.
const PgClient = require('knex/lib/dialects/postgres/index.js') as ClientClass;

/** read_only_sql_transaction */
const READ_ONLY_SQL_TRANSACTION = '25006';

export class ReplacingPgClient extends PgClient {
  override _query(connection: object, obj: unknown): Promise<unknown> {
    return disposeIfCannotWrite(connection as PooledConnection, super._query(connection, obj), (error) => (error as { code?: string })?.code === READ_ONLY_SQL_TRANSACTION);
  }
}
