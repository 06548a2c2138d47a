// The one place that builds a database connection and sets each engine's pragmas.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

export type Db = Knex;

// PostgreSQL returns bigint and numeric as strings and DATE as a local-time Date.
// Our integers (kopecks, thousandths, epoch ms) fit a double exactly, and calendar dates
// stay 'YYYY-MM-DD' strings, as on SQLite.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface ConnectOptions {
  /** Connections in the pool; SQLite uses one writer connection. */
  poolMax?: number;
}

export function sqliteFileOf(url: string): string {
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  return file === ':memory:' ? file : resolve(file);
}

export function createDb(url: string, options: ConnectOptions = {}): Db {
  if (url.startsWith('postgres')) {
    return knexFactory({
      client: 'pg',
      connection: url,
      pool: { min: 0, max: options.poolMax ?? 10 },
    });
  }
  const filename = sqliteFileOf(url);
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.serialize(() => {
          conn.run('PRAGMA journal_mode = WAL');
          conn.run('PRAGMA synchronous = NORMAL');
          conn.run('PRAGMA foreign_keys = ON');
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
