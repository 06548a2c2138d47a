// knex's SQLite client with these changes. Transactions start with BEGIN IMMEDIATE. A deferred
// BEGIN that reads before it writes fails at once with SQLITE_BUSY when another connection
// wrote meanwhile (busy_timeout cannot help it); taking the write lock up front makes it wait
// its turn instead, so several connections can share one database file safely. A transaction
// SQLite already rolled back keeps the error that caused it. A connection's cached prepared
// statements are finalized before it closes. And a connection that cannot write is replaced
// (see «Read-only connections» below).
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { finalizeSqliteStatements } from '../prepared.ts';
import { disposeIfCannotWrite, type PooledConnection } from './replace-read-only.ts';

const require = createRequire(import.meta.url);

type TransactionInstance = {
  query(conn: unknown, sql: string): Promise<unknown>;
  rollback(conn: unknown, error: unknown): Promise<unknown>;
  /** knex's: rejects the transaction's promise (set when the transaction starts). */
  _rejecter(reason: unknown): void;
};
type TransactionClass = new (...args: unknown[]) => TransactionInstance;
interface ClientInstance {
  connectionSettings: { filename?: string };
  acquireRawConnection(): Promise<object>;
  destroyRawConnection(connection: object): Promise<void>;
  validateConnection(connection: object): boolean | Promise<boolean>;
  _query(connection: object, obj: unknown): Promise<unknown>;
}
type ClientClass = new (config: Knex.Config) => ClientInstance;

// knex ships no types for its dialect internals.
const SqliteClient = require('knex/lib/dialects/sqlite3/index.js') as ClientClass;
const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as TransactionClass;

class ImmediateTransaction extends SqliteTransaction {
  begin(conn: unknown): Promise<unknown> {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }

  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL among them); knex's
  // ROLLBACK then fails with «no transaction is active», and that error would replace the one
  // that tells what happened (a full disk would reach the page as an unexplained SQLITE_ERROR).
  override rollback(conn: unknown, error: unknown): Promise<unknown> {
    const reject = this._rejecter;
    this._rejecter = (reason) => reject(error instanceof Error && /no transaction is active/.test(String((reason as Error)?.message)) ? error : reason);
    return super.rollback(conn, error);
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

  // Read-only connections. SQLite opens a file it may not write read-only, silently, and the
  // connection stays so when the file becomes writable again: after a permissions or disk
  // episode a share of the pool kept refusing every write until a restart. So a connection
  // opened while the file was not writable is marked, and replaced on its next checkout once
  // the file can be written (until then it still serves reads); and any connection a write
  // fails on with SQLITE_READONLY or SQLITE_CANTOPEN (the folder's -wal/-shm files) is
  // disposed of, so the next query opens a fresh one.
  override async acquireRawConnection(): Promise<object> {
    const connection = await super.acquireRawConnection();
    if (!(await this.fileWritable())) (connection as ReadOnlyMark)[OPENED_READ_ONLY] = true;
    return connection;
  }

  override async validateConnection(connection: object): Promise<boolean> {
    if ((connection as ReadOnlyMark)[OPENED_READ_ONLY] && (await this.fileWritable())) return false;
    return super.validateConnection(connection);
  }

  override _query(connection: object, obj: unknown): Promise<unknown> {
    return disposeIfCannotWrite(connection as PooledConnection, super._query(connection, obj), sqliteCannotWrite);
  }

  /** Whether this process may open the database file for writing now (true for an in-memory one). */
  private async fileWritable(): Promise<boolean> {
    const file = this.connectionSettings.filename;
    if (!file || file === ':memory:') return true;
    try {
      const handle = await open(file, 'r+');
      await handle.close();
      return true;
    } catch (error) {
      // Only a refusal to write counts; a missing file is SQLite's to create or report.
      return !['EACCES', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '');
    }
  }
}

const OPENED_READ_ONLY = Symbol('openedReadOnly');
type ReadOnlyMark = { [OPENED_READ_ONLY]?: true };

const sqliteCannotWrite = (error: unknown) => ['SQLITE_READONLY', 'SQLITE_CANTOPEN'].includes((error as { code?: string })?.code ?? '');
