// A minimal local stand-in for tests/support/engines.ts (written in parallel): the engines to
// run (SQLite always, PostgreSQL when TEST_PG_URL is set) and a fresh migrated database on each.
// PostgreSQL gets a uniquely named database inside TEST_PG_URL's cluster, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { createDb } from '../../../db/connection.ts';
import type { EngineName } from '../../../db/dialect/index.ts';
import { migrateLatest } from '../../../db/migrations/index.ts';

export interface TestDatabase {
  engine: EngineName;
  url: string;
  db: Knex;
  /** Closes the pool and removes the database; safe to call twice. */
  cleanup(): Promise<void>;
}

export function enginesUnderTest(env: NodeJS.ProcessEnv = process.env): EngineName[] {
  return env.TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A new database; migrated unless `{ migrated: false }`. */
export async function freshDatabase(engine: EngineName, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const storage = engine === 'postgres' ? await postgresStorage(requiredPgUrl()) : await sqliteStorage();
  const db = createDb(storage.url, { poolMax: 4 });
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    try {
      await db.destroy();
    } finally {
      await storage.remove();
    }
  };
  try {
    if (options.migrated !== false) await migrateLatest(db);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { engine, url: storage.url, db, cleanup };
}

interface Storage {
  url: string;
  remove(): Promise<void>;
}

async function sqliteStorage(): Promise<Storage> {
  const dir = await mkdtemp(join(tmpdir(), 'kkp-seed-test-'));
  return { url: `sqlite:${join(dir, 'test.sqlite')}`, remove: () => rm(dir, { recursive: true, force: true }) };
}

function requiredPgUrl(): string {
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error('TEST_PG_URL is not set');
  return url;
}

async function postgresStorage(baseUrl: string): Promise<Storage> {
  const name = `kkp_test_${randomBytes(6).toString('hex')}`;
  await withClient(baseUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends connections a failed test may have left open (PostgreSQL 13+).
    remove: () => withClient(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
