// A `kkp import` killed with SIGKILL mid-way leaves the database exactly as before, and running
// it again loads the whole file. While the file is read nothing is written to the live tables; on
// SQLite the checked rows are then moved in short committed transactions (shared/import/stage.ts),
// and a kill among them is put right from the undo data the moves recorded, before the next run.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { createWorld } from '../../support/factories.ts';
import { insertAccounts, writeChargesCsv } from '../../support/charges-file.ts';
import { recoverInterruptedImports, INTERRUPTED } from '../../../shared/import/interrupted.ts';
import { snapshot } from '../../support/import-run.ts';
import { kkp } from '../../support/kkp.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-import-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

forEachEngine('kkp import killed mid-way', (ctx) => {
  it('a kkp import killed mid-way leaves the database as it was; the rerun loads the whole file', async () => {
    const { db, url } = await ctx.freshDatabase();
    const world = await createWorld(db);
    await insertAccounts(db, world.buildingId, 1_000);
    const periods = Array.from({ length: 25 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const file = join(dir, `big-${ctx.engine}.csv`);
    const rows = await writeChargesCsv(file, { accounts: 1_000, periods, services: ['cold_water', 'hot_water', 'electricity', 'maintenance'] });
    const before = await snapshot(db);

    // Progress lines come every 10 % in a log: kill once a third of the file (several batches
    // written inside the transaction) is behind.
    const killed = await kkp(url, ['import', file], { killWhen: (stderr) => /\((3\d|[4-9]\d) %\)/.test(stderr) });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr + killed.stdout);
    assert.deepEqual(await snapshot(db), before);
    // SQLite commits the run's row as 'running' before reading (its moves come later); PostgreSQL
    // keeps it inside the transaction the kill ended.
    const left = await db('imports').select('status');
    assert.deepEqual(left.map((r) => r.status), ctx.engine === 'sqlite' ? ['running'] : [], 'no trace of the killed run but its row');

    const rerun = await kkp(url, ['import', file]);
    assert.equal(rerun.code, 0, rerun.stderr + rerun.stdout);
    assert.equal(Number((await db('charges').count({ n: '*' }).first())?.n), rows);
    if (ctx.engine === 'sqlite') {
      assert.deepEqual((await db('imports').orderBy('id').select('status', 'error')).map((r) => [r.status, r.error]), [['failed', INTERRUPTED], ['done', null]]);
    }
  });

  it('a kkp import killed while it writes (SQLite: between its committed moves) is put back exactly before the next run', async () => {
    const { db, url } = await ctx.freshDatabase();
    const world = await createWorld(db);
    await insertAccounts(db, world.buildingId, 1_000);
    const services = ['cold_water', 'hot_water', 'electricity', 'maintenance'];
    // A month already loaded, so the moves replace rows (their undo data is what puts them back).
    const first = join(dir, `first-${ctx.engine}.csv`);
    await writeChargesCsv(first, { accounts: 1_000, periods: ['2026-01'], services });
    assert.equal((await kkp(url, ['import', first])).code, 0);
    const file = join(dir, `moves-${ctx.engine}.csv`);
    const periods = Array.from({ length: 24 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const rows = await writeChargesCsv(file, { accounts: 1_000, periods, services });
    const before = await snapshot(db);

    // «запись в базу» is printed when the writing starts and, on SQLite, at each tenth of the moves.
    const writes = ctx.engine === 'sqlite' ? 3 : 1;
    const killed = await kkp(url, ['import', file], { killWhen: (stderr) => (stderr.match(/запись в базу/g) ?? []).length >= writes });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr + killed.stdout);
    if (ctx.engine === 'sqlite') {
      assert.notDeepEqual(await snapshot(db), before, 'the kill came after some moves were committed');
      // What the next run (or any caller) does first: the dead run's moves go back.
      assert.equal((await recoverInterruptedImports(db, Date.now())).length, 1);
    }
    assert.deepEqual(await snapshot(db), before);
    for (const table of ['import_scopes', 'import_undo_charges']) {
      assert.equal(Number((await db(table).whereNot('import_id', 1).count({ n: '*' }).first())?.n), 0, `${table}: the dead run's undo data is gone`);
    }

    const rerun = await kkp(url, ['import', file]);
    assert.equal(rerun.code, 0, rerun.stderr + rerun.stdout);
    assert.equal(Number((await db('charges').where('period', '>=', '2025-01').count({ n: '*' }).first())?.n), rows);
  });
});
