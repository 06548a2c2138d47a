// The site keeps writing while an import runs (issue 17, item 8). On SQLite an import used to
// hold the write lock from its first row to its commit, and a resident's sign-in (a session row)
// waited busy_timeout and failed with SQLITE_BUSY. Now it checks and stages the file with no lock
// and moves the rows in short transactions (shared/import/stage.ts): a write started while the
// file is being read is done before the reading is, in a dry run too (it stages and moves
// nothing). Undo waits for a staged import to end.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { createWorld } from '../../support/factories.ts';
import { insertAccounts, accountNumberAt } from '../../support/charges-file.ts';
import { CLI_ACTOR, importRows, warmPool, writeDuringReading } from '../../support/import-run.ts';
import { undoLatestImport } from '../../../shared/import/history.ts';

const SERVICES = ['cold_water', 'hot_water', 'electricity', 'maintenance'];

forEachEngine('the site writes while an import runs', (ctx) => {
  const database = ctx.databaseForEachTest();

  it('a write started while the file is read (a dry run, then the run) is done before the reading ends, undo is refused meanwhile, and the import loads all', async () => {
    const { db } = database();
    const world = await createWorld(db);
    await insertAccounts(db, world.buildingId, 5_000);
    const rows: Record<string, string>[] = [];
    for (let a = 0; a < 5_000; a++) {
      for (const service of SERVICES) {
        rows.push({ account: accountNumberAt(a), period: '2026-11', service_code: service, volume: '1', tariff: '1', charged: '1', recalculation: '', benefits: '', penalties: '', total: '1' });
      }
    }
    // The console's dry run before every run stages too (nothing moves): a write is not held up by it.
    await warmPool(db);
    const dryProbe = writeDuringReading(db);
    const dry = await importRows(db, 'charges', rows, { dryRun: true, onProgress: dryProbe.onProgress });
    assert.equal(dry.status, 'done', JSON.stringify(dry));
    assert.equal(dry.counts.inserted, 20_000);
    assert.ok(dryProbe.started, 'the dry run reported its reading');
    const { writtenAt: dryWrittenAt, readingEndedAt: dryReadingEndedAt } = await dryProbe.times();
    assert.ok(dryWrittenAt < dryReadingEndedAt, `the write waited for the dry run: done ${Math.round(dryWrittenAt - dryReadingEndedAt)} ms after the reading ended`);
    assert.equal(Number((await db('charges').where({ period: '2026-11' }).count({ n: '*' }).first())?.n), 0, 'the dry run wrote nothing');

    let undo: Promise<string> | null = null;
    await warmPool(db);
    // A resident's sign-in writes like this (login_attempts, sessions).
    const probe = writeDuringReading(db, () => {
      // Undo meanwhile would put back rows under the import's moves (SQLite commits each).
      undo = undoLatestImport(db, CLI_ACTOR, { now: Date.now() }).then(() => 'undone', (error: Error) => error.message);
    });
    const result = await importRows(db, 'charges', rows, { onProgress: probe.onProgress });
    assert.equal(result.status, 'done', JSON.stringify(result));
    assert.equal(result.counts.inserted, 20_000);
    assert.ok(probe.started, 'the import reported its reading');
    const { writtenAt, readingEndedAt } = await probe.times();
    assert.ok(writtenAt < readingEndedAt, `the write waited for the import: done ${Math.round(writtenAt - readingEndedAt)} ms after the reading ended`);
    assert.equal(Number((await db('charges').where({ period: '2026-11' }).count({ n: '*' }).first())?.n), 20_000);
    assert.match(await (undo as unknown as Promise<string>), ctx.engine === 'sqlite' ? /^Идёт загрузка № \d+: отменить можно после её окончания$/ : /^Отменять нечего/);
  });
});
