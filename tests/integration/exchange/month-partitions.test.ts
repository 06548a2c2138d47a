// PostgreSQL keeps charges in a partition per month and a charges import swaps in the period's
// new partition, built aside (shared/import/month-build.ts). What a resident and a clerk rely
// on must hold whatever the engine: the month's rows are exactly the file's plus those it does
// not replace, undo gives back the month as it was, two imports at once both land (one after the
// other), and a resident's read during the import sees the old month or the new one, never a
// mix. On PostgreSQL the tests also look at the partitions themselves.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Knex } from 'knex';
import { CHARGES_DEFAULT_PARTITION } from '../../../db/charges-partitions.ts';
import { engineOf } from '../../../db/dialect/index.ts';
import { undoLatestImport } from '../../../shared/import/history.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { CLI_ACTOR, importRows, snapshot } from '../../support/import-run.ts';

const charge = (account: string, period: string, service: string, total: string) =>
  ({ account, period, service_code: service, volume: '', tariff: '', charged: total, recalculation: '', benefits: '', penalties: '', total });

/** The partitions of charges and the periods each holds (PostgreSQL). */
async function partitions(db: Knex): Promise<Map<string, string[]>> {
  const rows = (await db.raw(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'charges'::regclass ORDER BY 1`,
  )).rows as { name: string }[];
  const found = new Map<string, string[]>();
  for (const { name } of rows) found.set(name, (await db(name).distinct('period').orderBy('period')).map((r: { period: string }) => r.period));
  return found;
}

const totalsOf = async (db: Knex, period: string) =>
  (await db('charges as c').join('accounts as a', 'a.id', 'c.account_id').join('services as s', 's.id', 'c.service_id')
    .where('c.period', period).orderBy(['a.number', 's.code']).select('a.number', 's.code', 'c.total'))
    .map((r: { number: string; code: string; total: string | number }) => `${r.number} ${r.code} ${Number(r.total)}`);

forEachEngine('billing import: a month swapped in whole', (ctx) => {
  const database = ctx.databaseForSuite();
  let db: Knex;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    // Each with October: cold water 300 ₽, electricity 200 ₽, maintenance 500 ₽ (written before any import: the default partition on PostgreSQL).
    for (const n of ['00050001', '00050002', '00050003']) await createResident(db, world, { accountNumber: n, lastPeriod: '2026-10' });
  });

  it('a month loaded, corrected and undone: exactly the file\'s rows plus those it leaves; the month is its own partition', async () => {
    const s0 = await snapshot(db);
    const october = await totalsOf(db, '2026-10');
    assert.equal(october.length, 9);

    // November is new: its own partition, nothing else touched.
    const november = await importRows(db, 'charges', [
      charge('00050001', '2026-11', 'cold_water', '310'), charge('00050002', '2026-11', 'cold_water', '320'), charge('00050003', '2026-11', 'cold_water', '330'),
    ]);
    assert.equal(november.status, 'done', JSON.stringify(november));
    assert.deepEqual(november.counts, { rows: 3, inserted: 3, replaced: 0, unchanged: 0, removed: 0, bad: 0 });
    assert.deepEqual(await totalsOf(db, '2026-11'), ['00050001 cold_water 31000', '00050002 cold_water 32000', '00050003 cold_water 33000']);
    assert.deepEqual(await totalsOf(db, '2026-10'), october);

    // October again for one account, whole (account, period): its three lines become two, the others' stay.
    const corrected = await importRows(db, 'charges', [
      charge('00050002', '2026-10', 'cold_water', '300'), charge('00050002', '2026-10', 'electricity', '250'),
    ], { confirmRemovals: true });
    assert.equal(corrected.status, 'done', JSON.stringify(corrected));
    assert.deepEqual(corrected.counts, { rows: 2, inserted: 0, replaced: 2, unchanged: 0, removed: 1, bad: 0 });
    const after = await totalsOf(db, '2026-10');
    assert.deepEqual(after.filter((l) => l.startsWith('00050002')), ['00050002 cold_water 30000', '00050002 electricity 25000']);
    assert.deepEqual(after.filter((l) => !l.startsWith('00050002')), october.filter((l) => !l.startsWith('00050002')));

    if (engineOf(db) === 'postgres') {
      const parts = await partitions(db);
      assert.deepEqual(parts.get('charges_2026_10'), ['2026-10']);
      assert.deepEqual(parts.get('charges_2026_11'), ['2026-11']);
      assert.ok(!(parts.get(CHARGES_DEFAULT_PARTITION) ?? []).includes('2026-10'), 'October left the default partition');
      // The swapped-in table carries the parent's keys: a second row of the same key is refused.
      const [row] = await db('charges').where({ period: '2026-10' }).limit(1);
      await assert.rejects(db('charges').insert({ ...row, id: undefined }), /unique|duplicate/i);
    }

    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await totalsOf(db, '2026-10'), october);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), s0);
  });

  it('two imports of one month at once both land, one after the other; a resident reading meanwhile sees whole months', async () => {
    const before = await totalsOf(db, '2026-10');
    const first = [charge('00050001', '2026-10', 'cold_water', '111'), charge('00050001', '2026-10', 'electricity', '112'), charge('00050001', '2026-10', 'maintenance', '113')];
    const second = [charge('00050003', '2026-10', 'cold_water', '331'), charge('00050003', '2026-10', 'electricity', '332'), charge('00050003', '2026-10', 'maintenance', '333')];
    let reading = true;
    const seen = new Set<number>();
    const reader = (async () => {
      while (reading) {
        // One statement: a month as of one moment. Each account has three lines in every state.
        const rows = await db('charges').where({ period: '2026-10' }).select('account_id');
        seen.add(rows.length);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const logger = { error: (obj: object, msg: string) => console.error(msg, obj) };
    const [a, b] = await Promise.all([importRows(db, 'charges', first, { logger }), importRows(db, 'charges', second, { logger })]);
    reading = false;
    await reader;
    assert.equal(a.status, 'done', JSON.stringify(a));
    assert.equal(b.status, 'done', JSON.stringify(b));
    const after = await totalsOf(db, '2026-10');
    assert.deepEqual(after.filter((l) => l.startsWith('00050001')), ['00050001 cold_water 11100', '00050001 electricity 11200', '00050001 maintenance 11300']);
    assert.deepEqual(after.filter((l) => l.startsWith('00050003')), ['00050003 cold_water 33100', '00050003 electricity 33200', '00050003 maintenance 33300']);
    assert.deepEqual(after.filter((l) => l.startsWith('00050002')), before.filter((l) => l.startsWith('00050002')));
    assert.deepEqual([...seen], [9], 'every read saw the month whole');
  });
});
