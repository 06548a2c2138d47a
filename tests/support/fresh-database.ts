// A fresh, empty database of either engine for one test file or fixture, migrated unless asked
// not to, and removed by cleanup(). No test-runner imports: Playwright fixtures use it too.
//
// The suite makes some 250 databases and migrating one takes 100–350 ms, so the migrations run
// once: per process into a SQLite file that each fresh database copies, and per cluster into a
// PostgreSQL template database that each fresh database is created from (see pg.ts).
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createDb } from '../../db/connection.ts';
import type { EngineName } from '../../db/dialect/index.ts';
import { migrateLatest } from '../../db/migrations/index.ts';
import { createTempPgDatabase, migratedPgTemplate } from './pg.ts';

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
  const file = join(dir, 'test.sqlite');
  if (options.migrated !== false) await copyFile(await migratedSqliteTemplate(), file);
  const url = `sqlite:${file}`;
  const db = createDb(url);
  return prepared({ engine: 'sqlite', db, url }, async () => {
    await rm(dir, { recursive: true, force: true });
  });
}

let sqliteTemplate: Promise<string> | undefined;

/** A migrated SQLite file of this process's own, closed (its WAL folded in) so a copy is whole. */
function migratedSqliteTemplate(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kkp-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'migrated.sqlite');
    const db = createDb(`sqlite:${file}`, { poolMax: 1 });
    try {
      await migrateLatest(db);
    } finally {
      await db.destroy();
    }
    return file;
  })();
  return sqliteTemplate;
}

async function freshPostgres(options: FreshOptions): Promise<FreshDatabase> {
  const template = options.migrated === false ? undefined : await migratedPgTemplate(migrateLatest);
  const temp = await createTempPgDatabase(undefined, template);
  // A test file runs a few queries at a time; a small pool keeps many files under max_connections.
  const db = createDb(temp.url, { poolMax: 4 });
  return prepared({ engine: 'postgres', db, url: temp.url }, () => temp.drop());
}

async function prepared(parts: Omit<FreshDatabase, 'cleanup'>, removeStorage: () => Promise<void>): Promise<FreshDatabase> {
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
  return { ...parts, cleanup };
}
