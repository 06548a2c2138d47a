// A fresh, migrated and seeded database for a benchmark: a file under the temp folder on SQLite,
// a new database inside DATABASE_URL's cluster on PostgreSQL. Removed again by drop().
import { withPgClient } from '../db/pg-admin.ts';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { createDb } from '../db/connection.ts';
import type { EngineName } from '../db/dialect/index.ts';
import { migrateLatest } from '../db/migrations/index.ts';
import { addMonths, currentPeriod } from '../shared/period.ts';
import { createResident, createWorld } from '../tests/support/factories.ts';

export interface BenchDatabase {
  engine: EngineName;
  url: string;
  /** What the data is: "demo town, 500 accounts" or "factories, 250 residents". */
  data: string;
  /** Residents who can sign in, spread over the whole set of accounts. */
  residents: { login: string; password: string }[];
  drop(): Promise<void>;
}

export interface SeedOptions {
  timeZone: string;
  /** How many residents the caller will sign in. */
  logins: number;
}

/** The engines to run: SQLite always, PostgreSQL when DATABASE_URL points at a cluster. */
export function benchEngines(env: NodeJS.ProcessEnv = process.env): { engine: EngineName; baseUrl?: string }[] {
  const url = env.DATABASE_URL;
  const all: { engine: EngineName; baseUrl?: string }[] = url?.startsWith('postgres') ? [{ engine: 'sqlite' }, { engine: 'postgres', baseUrl: url }] : [{ engine: 'sqlite' }];
  const only = (env.BENCH_ENGINES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return only.length === 0 ? all : all.filter((e) => only.includes(e.engine));
}

export async function createBenchDatabase(engine: EngineName, baseUrl: string | undefined, seed: SeedOptions): Promise<BenchDatabase> {
  const storage = engine === 'postgres' ? await tempPostgres(required(baseUrl)) : await tempSqlite();
  try {
    const db = createDb(storage.url);
    try {
      await migrateLatest(db);
      const seeded = await seedData(db, seed);
      // A live PostgreSQL database is kept vacuumed and analyzed by autovacuum; a freshly seeded
      // one would get that during the measured run, on the same cores.
      if (engine === 'postgres') await db.raw('vacuum analyze');
      return { engine, url: storage.url, ...seeded, drop: storage.drop };
    } finally {
      await db.destroy();
    }
  } catch (error) {
    await storage.drop();
    throw error;
  }
}

/** A fresh, migrated, empty database (no seed), for a benchmark that makes its own few rows. */
export async function createEmptyBenchDatabase(engine: EngineName, baseUrl: string | undefined): Promise<{ url: string; drop(): Promise<void> }> {
  const storage = engine === 'postgres' ? await tempPostgres(required(baseUrl)) : await tempSqlite();
  try {
    const db = createDb(storage.url);
    try {
      await migrateLatest(db);
    } finally {
      await db.destroy();
    }
    return storage;
  } catch (error) {
    await storage.drop();
    throw error;
  }
}

// ─── Data ────────────────────────────────────────────────────────────────────

type SeedDemo = (db: Knex, options: { now: number; timeZone: string; accounts?: number }) => Promise<unknown>;

const DEMO_SEED = new URL('../db/seeds/demo.ts', import.meta.url);
const FACTORY_RESIDENTS = 250;

async function seedData(db: Knex, o: SeedOptions): Promise<Pick<BenchDatabase, 'data' | 'residents'>> {
  const seedDemo = await demoSeed();
  if (seedDemo) {
    await seedDemo(db, { now: Date.now(), timeZone: o.timeZone });
    // One user per account, login = account number, password `Demo-<login>` (db/seeds/demo-users.ts).
    const logins: string[] = (await db('users').orderBy('login').pluck('login')).map(String);
    const accounts = Number((await db('accounts').count({ n: '*' }).first())?.n ?? 0);
    return {
      data: `demo town (db/seeds/demo.ts), ${accounts} accounts, ${logins.length} users`,
      residents: spread(logins, o.logins).map((login) => ({ login, password: `Demo-${login}` })),
    };
  }
  // The factories bill two periods; make them the last two, as on a live site.
  const lastPeriod = addMonths(currentPeriod(Date.now(), o.timeZone), -1);
  const world = await createWorld(db);
  const numbers = Array.from({ length: FACTORY_RESIDENTS }, (_, i) => String(10_000_001 + i).padStart(8, '0'));
  const residents = await mapLimit(numbers, 4, (accountNumber) => createResident(db, world, { accountNumber, lastPeriod }));
  return {
    data: `tests/support/factories, ${FACTORY_RESIDENTS} residents (db/seeds/demo.ts not found)`,
    residents: spread(residents, o.logins).map((r) => ({ login: r.login, password: r.password })),
  };
}

async function demoSeed(): Promise<SeedDemo | undefined> {
  if (!existsSync(fileURLToPath(DEMO_SEED))) return undefined;
  const mod = (await import(DEMO_SEED.href)) as { seedDemo?: SeedDemo };
  return mod.seedDemo;
}

/** `count` items evenly spaced over the list. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ─── Storage ─────────────────────────────────────────────────────────────────

interface Storage {
  url: string;
  drop(): Promise<void>;
}

async function tempSqlite(): Promise<Storage> {
  const dir = await mkdtemp(join(tmpdir(), 'kkp-bench-'));
  return { url: `sqlite:${join(dir, 'bench.sqlite')}`, drop: () => rm(dir, { recursive: true, force: true }) };
}

async function tempPostgres(baseUrl: string): Promise<Storage> {
  const name = `kkp_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withPgClient(baseUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withPgClient(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('PostgreSQL needs DATABASE_URL=postgres://…');
  return value;
}
