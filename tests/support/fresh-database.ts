// A fresh, empty database of either engine for one test file or fixture, migrated unless asked
// not to, and removed by cleanup(). No test-runner imports: Playwright fixtures use it too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createDb } from '../../db/connection.ts';
import type { EngineName } from '../../db/dialect/index.ts';
import { migrateLatest } from '../../db/migrations/index.ts';
import { createTempPgDatabase } from './pg.ts';

export interface FreshDatabase {
  engine: EngineName;
  db: Knex;
  /** `sqlite:/tmp/…/test.sqlite` or `postgres://…/kkp_test_…`, for code that connects itself. */
  url: string;
  /** Closes the connection pool and deletes the database. Safe to call twice. */
  cleanup(): Promise<void>;
}

export interface FreshOptions {
  /** Apply the migrations (default); false gives an empty database, to test migrating itself. */
  migrated?: boolean;
}

export async function freshDatabase(engine: EngineName | { name: EngineName }, options: FreshOptions = {}): Promise<FreshDatabase> {
  const name = typeof engine === 'string' ? engine : engine.name;
  return name === 'postgres' ? freshPostgres(options) : freshSqlite(options);
}

async function freshSqlite(options: FreshOptions): Promise<FreshDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'kkp-test-'));
  const url = `sqlite:${join(dir, 'test.sqlite')}`;
  const db = createDb(url);
  return prepared({ engine: 'sqlite', db, url }, options, async () => {
    await rm(dir, { recursive: true, force: true });
  });
}

async function freshPostgres(options: FreshOptions): Promise<FreshDatabase> {
  const temp = await createTempPgDatabase();
  // A test file runs a few queries at a time; a small pool keeps many files under max_connections.
  const db = createDb(temp.url, { poolMax: 4 });
  return prepared({ engine: 'postgres', db, url: temp.url }, options, () => temp.drop());
}

async function prepared(
  parts: Omit<FreshDatabase, 'cleanup'>,
  options: FreshOptions,
  removeStorage: () => Promise<void>,
): Promise<FreshDatabase> {
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    try {
      await parts.db.destroy();
    } finally {
      await removeStorage();
    }
  };
  try {
    if (options.migrated !== false) await migrateLatest(parts.db);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { ...parts, cleanup };
}
