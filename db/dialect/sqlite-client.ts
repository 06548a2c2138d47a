// knex's SQLite client with two changes. Transactions start with BEGIN IMMEDIATE. A deferred
// BEGIN that reads before it writes fails at once with SQLITE_BUSY when another connection
// wrote meanwhile (busy_timeout cannot help it); taking the write lock up front makes it wait
// its turn instead, so several connections can share one database file safely. And a
// connection's cached prepared statements are finalized before it closes.
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { finalizeSqliteStatements } from '../prepared.ts';

const require = createRequire(import.meta.url);

type TransactionInstance = { query(conn: unknown, sql: string): Promise<unknown> };
type TransactionClass = new (...args: unknown[]) => TransactionInstance;
type ClientClass = new (config: Knex.Config) => { destroyRawConnection(connection: object): Promise<void> };

// knex ships no types for its dialect internals.
const SqliteClient = require('knex/lib/dialects/sqlite3/index.js') as ClientClass;
const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as TransactionClass;

class ImmediateTransaction extends SqliteTransaction {
  begin(conn: unknown): Promise<unknown> {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

export class ImmediateSqliteClient extends SqliteClient {
  transaction(...args: unknown[]): TransactionInstance {
    return new ImmediateTransaction(this, ...args);
  }

  // Statements cached by db/prepared.ts would keep the connection from closing.
  override async destroyRawConnection(connection: object): Promise<void> {
    await finalizeSqliteStatements(connection);
    return super.destroyRawConnection(connection);
  }
}
