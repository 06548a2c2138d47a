// Migrations roll back as well as they apply, on both engines, and rolling one back never loses
// rows of a table it leaves in place: on SQLite, altering a column rebuilds the table, and
// dropping the old one with foreign keys on cascades into every table that references it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Knex } from 'knex';
import { engineOf } from '../../../db/dialect/index.ts';
import { migrateLatest, migrationSource, rollbackAll } from '../../../db/migrations/index.ts';
import { createSession } from '../../../shared/residents/sessions.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { importRows } from '../../support/import-run.ts';

/** The application's tables (not knex's own) with their row counts. */
async function rowCounts(db: Knex): Promise<Map<string, number>> {
  const names: string[] = engineOf(db) === 'postgres'
    ? (await db.raw("select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")).rows.map((r: { name: string }) => r.name)
    : (await db.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")).map((r: { name: string }) => r.name);
  const counts = new Map<string, number>();
  for (const name of names.filter((n) => !n.startsWith('knex_')).sort()) {
    counts.set(name, Number((await db(name).count({ n: '*' }).first())?.n ?? 0));
  }
  return counts;
}

forEachEngine('migrations', (ctx) => {
  const database = ctx.databaseForEachTest();

  it('roll back one by one without losing the rows of the tables each leaves, then apply again', async () => {
    const { db } = database();
    const world = await createWorld(db);
    const resident = await createResident(db, world, { accountNumber: '00040001', lastPeriod: '2026-10' });
    await createSession(db, { userId: resident.userId, accountId: resident.accountId, ttlMs: 3_600_000 });
    // An import with undo data: rows in the tables that reference `imports`.
    const charge = { account: '00040001', period: '2026-10', service_code: 'cold_water', volume: '1', tariff: '1', charged: '5', recalculation: '', benefits: '', penalties: '', total: '5' };
    assert.equal((await importRows(db, 'charges', [charge])).status, 'done');

    const applied = (await db.migrate.list({ migrationSource }))[0] as unknown[];
    assert.ok(applied.length > 10);
    for (let step = applied.length; step > 0; step--) {
      const before = await rowCounts(db);
      const [, undone] = (await db.migrate.down({ migrationSource })) as [number, string[]];
      const after = await rowCounts(db);
      for (const [table, rows] of after) {
        if (before.has(table)) assert.equal(rows, before.get(table), `rolling back ${undone.join(', ')} changed the rows of ${table}`);
      }
    }
    assert.deepEqual([...(await rowCounts(db)).keys()], [], 'every table is gone');
    await migrateLatest(db);
    await rollbackAll(db);
    await migrateLatest(db);
    assert.ok((await rowCounts(db)).has('imports'));
  });
});
