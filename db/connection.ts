// The one place that builds a database connection and sets each engine's pragmas.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { ReplacingPgClient } from './dialect/pg-client.ts';
import { ImmediateSqliteClient } from './dialect/sqlite-client.ts';

export type Db = Knex;

// PostgreSQL returns bigint and numeric as strings and DATE as a local-time Date.
// Our integers (kopecks, thousandths, epoch ms) fit a double exactly, and calendar dates
// stay 'YYYY-MM-DD' strings, as on SQLite.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface ConnectOptions {
  /** Connections in the pool (default: 10 on PostgreSQL, 4 on SQLite). */
  poolMax?: number;
}

// SQLite in WAL mode lets readers run beside the one writer, so a few connections let pages
// read in parallel; transactions take the write lock up front (see dialect/sqlite-client.ts).
const SQLITE_POOL_MAX = 4;

export function sqliteFileOf(url: string): string {
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  return file === ':memory:' ? file : resolve(file);
}

export function createDb(url: string, options: ConnectOptions = {}): Db {
  if (url.startsWith('postgres')) {
    return knexFactory({
      client: ReplacingPgClient as unknown as typeof knexFactory.Client,
      connection: url,
      pool: { min: 0, max: options.poolMax ?? 10 },
    });
  }
  const filename = sqliteFileOf(url);
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  return knexFactory({
    client: ImmediateSqliteClient as unknown as typeof knexFactory.Client,
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      // An in-memory database exists per connection: it must stay on one.
      max: filename === ':memory:' ? 1 : (options.poolMax ?? SQLITE_POOL_MAX),
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.serialize(() => {
          conn.run('PRAGMA journal_mode = WAL');
          conn.run('PRAGMA synchronous = NORMAL');
          conn.run('PRAGMA foreign_keys = ON');
          // Reads map the file instead of copying pages through SQLite's cache, and a larger
          // cache keeps the hot indexes resident: the pages every request touches stay cheap.
          conn.run('PRAGMA mmap_size = 268435456');
          conn.run('PRAGMA cache_size = -32000');
          conn.run('PRAGMA temp_store = MEMORY');
          conn.run('PRAGMA busy_timeout = 5000', (err) => done(err, conn));
        });
      },
    },
  });
}

interface SqliteConnection {
  serialize(fn: () => void): void;
  run(sql: string, cb?: (err: Error | null) => void): void;
}
