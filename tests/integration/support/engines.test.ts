// Proves the engine helper itself: each engine gets its own migrated, empty database, the
// databases really are separate, and cleanup removes them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import pg from 'pg';
import { sqliteFileOf } from '../../../db/connection.ts';
import { engineOf } from '../../../db/dialect/index.ts';
import { forEachEngine, testEngines } from '../../support/engines.ts';
import { testPgUrl } from '../../support/pg.ts';

describe('testEngines', () => {
  it('runs SQLite alone when no PostgreSQL is given', () => {
    assert.deepEqual(testEngines({}), [{ name: 'sqlite' }]);
  });

  it('adds PostgreSQL when TEST_PG_URL is set', () => {
    assert.deepEqual(testEngines({ TEST_PG_URL: 'postgres://x@127.0.0.1/db' }), [{ name: 'sqlite' }, { name: 'postgres' }]);
  });

  it('lets TEST_ENGINES narrow the list and rejects what cannot run', () => {
    assert.deepEqual(testEngines({ TEST_ENGINES: 'sqlite', TEST_PG_URL: 'postgres://x@h/db' }), [{ name: 'sqlite' }]);
    assert.throws(() => testEngines({ TEST_ENGINES: 'postgres' }), /TEST_PG_URL/);
    assert.throws(() => testEngines({ TEST_ENGINES: 'mysql' }), /unknown engine/);
  });

  it('runs both engines in this process when TEST_PG_URL is set', (t) => {
    if (!process.env.TEST_PG_URL || process.env.TEST_ENGINES) return t.skip('TEST_PG_URL unset or TEST_ENGINES given');
    assert.deepEqual(
      testEngines().map((e) => e.name),
      ['sqlite', 'postgres'],
    );
  });
});

forEachEngine('freshDatabase', (ctx) => {
  const database = ctx.databaseForSuite();

  it('connects to the engine the suite is named after', async () => {
    const { db, url, engine } = database();
    assert.equal(engine, ctx.engine);
    assert.equal(engineOf(db), ctx.engine);
    assert.ok(url.startsWith(ctx.engine === 'postgres' ? 'postgres://' : 'sqlite:'), url);
    const version =
      ctx.engine === 'postgres'
        ? await db.raw<{ rows: { v: string }[] }>('select version() as v').then((r) => r.rows[0]?.v)
        : await db.raw<{ v: string }[]>('select sqlite_version() as v').then((r) => r[0]?.v);
    assert.match(String(version), ctx.engine === 'postgres' ? /^PostgreSQL \d+/ : /^3\.\d+/);
  });

  it('is migrated and empty', async () => {
    const { db } = database();
    assert.equal(await db.schema.hasTable('accounts'), true);
    assert.deepEqual(await db('accounts').count({ n: '*' }), [{ n: 0 }]);
  });

  it('gives every fresh database its own storage, removed by cleanup', async () => {
    const shared = database();
    const other = await ctx.freshDatabase();
    assert.notEqual(other.url, shared.url);
    await other.db('settings').insert({ key: 'probe', value: '1', updated_at: Date.now() });
    assert.deepEqual(await shared.db('settings').where({ key: 'probe' }), []);

    await other.cleanup();
    assert.equal(await storageExists(other.url), false);
    await other.cleanup(); // twice is harmless
  });
});

async function storageExists(url: string): Promise<boolean> {
  if (!url.startsWith('postgres')) return existsSync(sqliteFileOf(url));
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const client = new pg.Client({ connectionString: testPgUrl() });
  await client.connect();
  try {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return result.rowCount !== 0;
  } finally {
    await client.end();
  }
}
