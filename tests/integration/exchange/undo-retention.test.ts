// Undo data is kept for UNDO_KEPT_DAYS: an import older than that gives its pre-images up (at the
// next import, or when undo is asked for), is shown as no longer undoable, and undo refuses it with
// a reason while a later import stays undoable; the data itself is never touched by the pruning.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Knex } from 'knex';
import { listImports, undoLatestImport } from '../../../shared/import/history.ts';
import { pruneUndoData, UNDO_KEPT_DAYS, UNDO_TABLES } from '../../../shared/import/undo-retention.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { CLI_ACTOR, importRows, snapshot } from '../../support/import-run.ts';

const DAY_MS = 86_400_000;

const charge = (account: string, total: string) => ({
  account, period: '2026-10', service_code: 'cold_water', volume: '10', tariff: '40', charged: total, recalculation: '', benefits: '', penalties: '', total,
});

const accountRow = (owner: string) => ({
  account: '00030001', city: 'Десногорск', street: '1-й микрорайон', house: '5', block: '', flat: '12', address: 'г. Десногорск, 1-й микрорайон, д. 5, кв. 12',
  total_area: '52,3', living_area: '', residents: '2', owner_name: owner, passport_hash: '', status: 'active',
});

/** Rows each undo table holds for the import. */
async function undoRowsOf(db: Knex, importId: number): Promise<number> {
  let n = 0;
  for (const table of UNDO_TABLES) n += Number((await db(table).where({ import_id: importId }).count({ n: '*' }).first())?.n ?? 0);
  return n;
}

forEachEngine('billing import: how long an import can be undone', (ctx) => {
  const database = ctx.databaseForEachTest();
  let now = Date.parse('2026-06-01T07:00:00Z');
  const clock = () => now;

  async function town() {
    const { db } = database();
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00030001', lastPeriod: '2026-10' });
    await createResident(db, world, { accountNumber: '00030002', lastPeriod: '2026-10' });
    now = Date.parse('2026-06-01T07:00:00Z');
    return db;
  }

  it('an import past the undo period loses its undo data at the next import; the later one is still undone exactly', async () => {
    const db = await town();
    const replaced = await importRows(db, 'charges', [charge('00030001', '999')], { now: clock });
    const updated = await importRows(db, 'accounts', [accountRow('Петров Пётр')], { now: clock });
    assert.deepEqual([replaced.status, updated.status], ['done', 'done']);
    assert.ok((await undoRowsOf(db, replaced.importId)) > 0 && (await undoRowsOf(db, updated.importId)) > 0, 'both keep undo data at first');

    now += (UNDO_KEPT_DAYS + 1) * DAY_MS;
    const beforeLatest = await snapshot(db);
    const latest = await importRows(db, 'charges', [charge('00030002', '555')], { now: clock });
    assert.equal(latest.status, 'done');
    assert.deepEqual([await undoRowsOf(db, replaced.importId), await undoRowsOf(db, updated.importId)], [0, 0]);
    assert.ok((await undoRowsOf(db, latest.importId)) > 0);

    const history = await listImports(db, { now });
    const byId = new Map(history.map((h) => [h.id, h]));
    assert.deepEqual([byId.get(replaced.importId)?.undoPrunedAt, byId.get(updated.importId)?.undoPrunedAt, byId.get(latest.importId)?.undoPrunedAt], [now, now, null]);
    assert.deepEqual(history.filter((h) => h.undoable).map((h) => h.id), [latest.importId]);

    await undoLatestImport(db, CLI_ACTOR, { importId: latest.importId, now });
    assert.deepEqual(await snapshot(db), beforeLatest);
    // The one before is the latest now, but past the undo period: nothing is undoable.
    assert.deepEqual((await listImports(db, { now })).filter((h) => h.undoable), []);
    await assert.rejects(undoLatestImport(db, CLI_ACTOR, { now }), new RegExp(`№ ${updated.importId} отменить уже нельзя.*${UNDO_KEPT_DAYS} дней`));
    assert.deepEqual(await snapshot(db), beforeLatest, 'a refused undo changes nothing');
    assert.equal((await db('imports').where({ id: updated.importId }).first('status')).status, 'done');
  });

  it('the latest import is undoable until the period ends; asked after it, undo refuses and the undo data goes', async () => {
    const db = await town();
    const result = await importRows(db, 'charges', [charge('00030001', '777')], { now: clock });
    const finishedAt = now;

    now = finishedAt + UNDO_KEPT_DAYS * DAY_MS - 60_000;
    assert.deepEqual((await listImports(db, { now })).map((h) => [h.undoable, h.undoUntil]), [[true, finishedAt + UNDO_KEPT_DAYS * DAY_MS]]);

    now = finishedAt + UNDO_KEPT_DAYS * DAY_MS + 60_000;
    assert.deepEqual((await listImports(db, { now })).map((h) => [h.undoable, h.undoPrunedAt]), [[false, null]], 'shown as past the period before anything is deleted');
    const before = await snapshot(db);
    await assert.rejects(undoLatestImport(db, CLI_ACTOR, { importId: result.importId, now }), /отменить уже нельзя/);
    assert.deepEqual(await snapshot(db), before);
    assert.equal(await undoRowsOf(db, result.importId), 0);
    assert.deepEqual((await listImports(db, { now })).map((h) => h.undoPrunedAt), [now]);
  });

  it('a dry run prunes nothing and is never marked: it has no undo data', async () => {
    const db = await town();
    const result = await importRows(db, 'charges', [charge('00030001', '321')], { now: clock });
    now += (UNDO_KEPT_DAYS + 1) * DAY_MS;
    const dry = await importRows(db, 'charges', [charge('00030002', '1')], { now: clock, dryRun: true });
    assert.deepEqual([dry.status, dry.dryRun], ['done', true]);
    assert.ok((await undoRowsOf(db, result.importId)) > 0, 'nothing committed, nothing pruned');
    assert.deepEqual(await pruneUndoData(db, now), [result.importId]);
    assert.equal(await undoRowsOf(db, result.importId), 0);
    assert.equal((await db('imports').where({ id: dry.importId }).first('undo_pruned_at')).undo_pruned_at, null);
  });
});
