/**
 * Every test that touches the database runs on both engines (DESIGN.md). This file picks
 * the engines from the environment and hands each suite a fresh, migrated database.
 *
 *   TEST_ENGINES  comma list, e.g. `sqlite` or `sqlite,postgres`; default: sqlite, plus
 *                 postgres when TEST_PG_URL is set
 *   TEST_PG_URL   postgres://… of a cluster where tests may create databases
 *                 (`npm test` starts one itself when PostgreSQL is installed)
 *
 * Example (tests/integration/readings/readings.test.ts):
 *
 *   import { it } from 'node:test';
 *   import assert from 'node:assert/strict';
 *   import { forEachEngine } from '../../support/engines.ts';
 *
 *   forEachEngine('meter readings', (ctx) => {
 *     const database = ctx.databaseForSuite(); // one database for the whole suite
 *
 *     it('stores a reading', async () => {
 *       const { db } = database();
 *       await db('readings').insert({ … });
 *       assert.equal((await db('readings')).length, 1);
 *     });
 *
 *     it('starts from an empty database', async () => {
 *       const { db } = await ctx.freshDatabase(); // one more, dropped after the suite
 *       assert.equal((await db('readings')).length, 0);
 *     });
 *   });
 *
 * The suites are titled `meter readings [sqlite]` and `meter readings [postgres]`.
 * Use `ctx.databaseForEachTest()` when every test needs a clean database of its own.
 */
import { after, afterEach, before, beforeEach, describe } from 'node:test';
import type { EngineName } from '../../db/dialect/index.ts';
import { freshDatabase, type FreshDatabase, type FreshOptions } from './fresh-database.ts';

export type { EngineName } from '../../db/dialect/index.ts';
export { freshDatabase, type FreshDatabase, type FreshOptions } from './fresh-database.ts';

export interface TestEngine {
  name: EngineName;
}


export interface EngineContext {
  engine: EngineName;
  /** A new migrated database, dropped when the suite ends. */
  freshDatabase(options?: FreshOptions): Promise<FreshDatabase>;
  /** Registers `before`/`after` hooks: one database shared by the suite's tests. */
  databaseForSuite(): () => FreshDatabase;
  /** Registers `beforeEach`/`afterEach` hooks: a new database for every test. */
  databaseForEachTest(): () => FreshDatabase;
}

const ENGINE_NAMES: readonly EngineName[] = ['sqlite', 'postgres'];

export function testEngines(env: NodeJS.ProcessEnv = process.env): TestEngine[] {
  const hasPg = Boolean(env.TEST_PG_URL);
  if (!env.TEST_ENGINES) return hasPg ? [{ name: 'sqlite' }, { name: 'postgres' }] : [{ name: 'sqlite' }];

  const names = env.TEST_ENGINES.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!ENGINE_NAMES.includes(name as EngineName)) {
      throw new Error(`TEST_ENGINES: неизвестный движок / unknown engine "${name}" (sqlite, postgres)`);
    }
  }
  if (names.includes('postgres') && !hasPg) {
    throw new Error('TEST_ENGINES включает postgres, но TEST_PG_URL не задан / TEST_ENGINES lists postgres but TEST_PG_URL is not set');
  }
  return ENGINE_NAMES.filter((name) => names.includes(name)).map((name) => ({ name }));
}

export function forEachEngine(title: string, fn: (ctx: EngineContext) => void): void {
  for (const engine of testEngines()) {
    describe(`${title} [${engine.name}]`, () => {
      const { ctx, registerCleanup } = engineContext(engine.name);
      fn(ctx);
      // Registered last, so the suite's own after/afterEach hooks (closing a server that
      // still holds a connection) run before the database goes away.
      registerCleanup();
    });
  }
}

function engineContext(engine: EngineName): { ctx: EngineContext; registerCleanup(): void } {
  const leftovers = new Set<FreshDatabase>();
  const cleanupHooks: (() => void)[] = [];
  const create = async (options?: FreshOptions) => {
    const database = await freshDatabase(engine, options);
    leftovers.add(database);
    return database;
  };
  const drop = async (database: FreshDatabase) => {
    leftovers.delete(database);
    await database.cleanup();
  };

  const ctx: EngineContext = {
    engine,
    freshDatabase: create,
    databaseForSuite() {
      let current: FreshDatabase | undefined;
      before(async () => {
        current = await create();
      });
      return () => required(current);
    },
    databaseForEachTest() {
      let current: FreshDatabase | undefined;
      beforeEach(async () => {
        current = await create();
      });
      cleanupHooks.push(() =>
        afterEach(async () => {
          const done = current;
          current = undefined;
          if (done) await drop(done);
        }),
      );
      return () => required(current);
    },
  };
  const registerCleanup = () => {
    for (const register of cleanupHooks) register();
    after(async () => {
      await Promise.all([...leftovers].map(drop));
    });
  };
  return { ctx, registerCleanup };
}

function required(database: FreshDatabase | undefined): FreshDatabase {
  if (!database) throw new Error('The test database is made in a hook: call the getter inside a test, not while declaring it');
  return database;
}
