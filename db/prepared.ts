// Prepared statements for the few queries every page runs. knex compiles SQL and node-sqlite3
// prepares and finalizes a statement on every call; for the hottest queries we keep one
// prepared statement per pooled connection instead. SQL is written with `?` placeholders.
// Reads only, outside transactions: a statement runs on a connection of its own from the pool.
import type { Knex } from 'knex';
import { engineOf, type Dialect, type JsonSql } from './dialect/index.ts';
import { postgresDialect } from './dialect/postgres.ts';
import { sqliteDialect } from './dialect/sqlite.ts';

interface SqliteStatement {
  all(params: unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  finalize(cb: (err: Error | null) => void): void;
}
interface SqliteConnection {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
}
interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

export interface PreparedQuery {
  readonly name: string;
  /** The SQL for SQLite. */
  readonly sql: string;
  /** The SQL for PostgreSQL, with $1, $2… */
  readonly pgSql: string;
}

/** SQL text, or a function of the engine's JSON functions (and dialect) when the SQL differs. */
export function prepared(name: string, sql: string | ((json: JsonSql, dialect: Dialect) => string)): PreparedQuery {
  const forSqlite = typeof sql === 'string' ? sql : sql(sqliteDialect.json, sqliteDialect);
  const forPostgres = typeof sql === 'string' ? sql : sql(postgresDialect.json, postgresDialect);
  let n = 0;
  return { name, sql: forSqlite, pgSql: forPostgres.replace(/\?/g, () => `$${++n}`) };
}

const sqliteStatements = new WeakMap<object, Map<string, Promise<SqliteStatement>>>();

export async function runPrepared<Row>(db: Knex, query: PreparedQuery, params: unknown[]): Promise<Row[]> {
  const client = db.client as unknown as PoolClient;
  // Announce it like knex announces its own queries, so query logging and counting still see it.
  db.emit('query', { sql: query.sql, bindings: params, method: 'raw', __knexQueryUid: query.name });
  const connection = await client.acquireConnection();
  try {
    if (engineOf(db) === 'postgres') {
      const result = await (connection as PgConnection).query({ name: query.name, text: query.pgSql, values: params });
      return result.rows as Row[];
    }
    const statement = await sqliteStatement(connection as SqliteConnection, query);
    return await new Promise<Row[]>((resolve, reject) =>
      statement.all(params, (err, rows) => (err ? reject(err) : resolve(rows as Row[]))),
    );
  } finally {
    await client.releaseConnection(connection);
  }
}

function sqliteStatement(connection: SqliteConnection, query: PreparedQuery): Promise<SqliteStatement> {
  let byName = sqliteStatements.get(connection);
  if (!byName) {
    byName = new Map();
    sqliteStatements.set(connection, byName);
  }
  let statement = byName.get(query.name);
  if (!statement) {
    statement = new Promise<SqliteStatement>((resolve, reject) => {
      const s = connection.prepare(query.sql, (err) => (err ? reject(err) : resolve(s)));
    });
    byName.set(query.name, statement);
    statement.catch(() => byName.delete(query.name));
  }
  return statement;
}

/** Finalizes a connection's cached statements: SQLite will not close a connection that has any. */
export async function finalizeSqliteStatements(connection: object): Promise<void> {
  const byName = sqliteStatements.get(connection);
  if (!byName) return;
  sqliteStatements.delete(connection);
  const statements = await Promise.allSettled(byName.values());
  await Promise.all(
    statements.map((s) => (s.status === 'fulfilled' ? new Promise<void>((resolve) => s.value.finalize(() => resolve())) : undefined)),
  );
}

/**
 * Calls made in the same turn of the event loop on the same database, answered together by one
 * statement. Each statement run costs a hop to libuv's thread pool and back (SQLite) or a round
 * trip to the server (PostgreSQL), whatever its size; under load many pages ask at once, and
 * one run for all of them leaves the event loop free for the pages themselves. An idle site
 * gets batches of one, a few microseconds later (setImmediate: after the current I/O).
 * `run` answers every input, in order; if it throws, every call in the batch fails with it.
 */
export function batched<In, Out>(run: (db: Knex, inputs: In[]) => Promise<Out[]>, maxBatch = 64): (db: Knex, input: In) => Promise<Out> {
  interface Batch {
    inputs: In[];
    calls: { resolve(out: Out): void; reject(err: unknown): void }[];
  }
  const open = new Map<Knex, Batch>();

  const flush = (db: Knex, batch: Batch) => {
    if (open.get(db) !== batch) return; // already run when it filled up
    open.delete(db);
    run(db, batch.inputs).then(
      (outs) => batch.calls.forEach((call, i) => call.resolve(outs[i] as Out)),
      (err: unknown) => batch.calls.forEach((call) => call.reject(err)),
    );
  };

  return (db, input) =>
    new Promise<Out>((resolve, reject) => {
      let batch = open.get(db);
      if (!batch) {
        const fresh: Batch = { inputs: [], calls: [] };
        open.set(db, fresh);
        setImmediate(() => flush(db, fresh));
        batch = fresh;
      }
      batch.inputs.push(input);
      batch.calls.push({ resolve, reject });
      if (batch.inputs.length >= maxBatch) flush(db, batch);
    });
}
