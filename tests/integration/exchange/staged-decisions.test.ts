// What a run decides is decided before anything moves (issue 17, item 8). On SQLite a staged
// import counts its rows against the live tables before its committed moves: a run refused for
// removing rows, a rerun that changes nothing and every dry run move nothing (residents never
// see rows that would be put back), and their counts are those a run reports after moving. A dry
// run of accounts, meters or payments on SQLite only reads (no transaction). A dead run's moves
// are put back when the server starts (db/ensure-ready.ts), not at the next import.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Knex } from 'knex';
import { ensureDatabaseReady } from '../../../db/ensure-ready.ts';
import { INTERRUPTED } from '../../../shared/import/interrupted.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { importRows, snapshot, warmPool, writeDuringReading } from '../../support/import-run.ts';

const charge = (account: string, period: string, service: string, total: string, extra: Record<string, string> = {}) => ({
  account, period, service_code: service, volume: '', tariff: '', charged: total, recalculation: '', benefits: '', penalties: '', total, ...extra,
});

/** A staged run's moves: the staged rows into a live table, the replaced ones to the shadow (write-replace.ts). */
function watchMoves(db: Knex): { moves: string[]; stop(): void } {
  const moves: string[] = [];
  const listen = (q: { sql: string }) => {
    if (/temp\."import_stage"|^\s*insert into "import_undo_/i.test(q.sql)) moves.push(q.sql.slice(0, 80));
  };
  db.on('query', listen);
  return { moves, stop: () => void db.removeListener('query', listen) };
}

forEachEngine('billing import: decided before any move', (ctx) => {
  const database = ctx.databaseForSuite();
  let db: Knex;
  let a: ResidentFixture;
  let b: ResidentFixture;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    // Each with September and October: cold water 300 ₽, electricity 200 ₽, maintenance 500 ₽.
    a = await createResident(db, world, { accountNumber: '00060001' });
    b = await createResident(db, world, { accountNumber: '00060002' });
  });

  it('a run that would remove rows is refused, a dry run and a rerun of the same figures are counted, all with nothing moved; the counts are those the run reports', async () => {
    const services = ['cold_water', 'electricity', 'maintenance'];
    // November is new (6 rows); a's October: two services again with new totals, maintenance dropped.
    const rows = [
      ...[a, b].flatMap((r) => services.map((s, i) => charge(r.accountNumber, '2026-11', s, String(100 + i)))),
      charge(a.accountNumber, '2026-10', 'cold_water', '301'), charge(a.accountNumber, '2026-10', 'electricity', '201'),
    ];
    const expected = { rows: 8, inserted: 6, replaced: 2, unchanged: 0, removed: 1, bad: 0 };
    const s0 = await snapshot(db);
    const watch = watchMoves(db);
    try {
      const refused = await importRows(db, 'charges', rows);
      assert.equal(refused.status, 'rejected', JSON.stringify(refused));
      assert.match(refused.error ?? '', /^Загрузка удалила бы 1 начисление/);
      assert.deepEqual(refused.counts, expected);
      assert.match(refused.summary.join(' '), /00060001/, 'the summary names the account whose row would go');
      assert.deepEqual(await snapshot(db), s0);

      const dry = await importRows(db, 'charges', rows, { dryRun: true, confirmRemovals: true });
      assert.equal(dry.status, 'done');
      assert.deepEqual(dry.counts, expected);
      assert.deepEqual(await snapshot(db), s0);
      // SQLite stages and counts: nothing reached a live table. PostgreSQL writes inside its one
      // transaction and rolls back (no resident sees it), so its statements are not counted.
      if (ctx.engine === 'sqlite') assert.deepEqual(watch.moves, [], 'the refused and the dry run moved nothing');
    } finally {
      watch.stop();
    }

    const moving = watchMoves(db);
    const done = await importRows(db, 'charges', rows, { confirmRemovals: true }).finally(() => moving.stop());
    assert.equal(done.status, 'done', JSON.stringify(done));
    if (ctx.engine === 'sqlite') assert.ok(moving.moves.length >= 2, 'the run that changes something moves (and the watch sees it)');
    assert.deepEqual(done.counts, expected, 'counted after the moves as before them');
    const s1 = await snapshot(db);

    // The same figures again under another name (another file): nothing to do, nothing moved.
    const again = watchMoves(db);
    try {
      const rerun = await importRows(db, 'charges', rows, { fileName: 'again.csv', fileSha256: 'f'.repeat(64), confirmRemovals: true });
      assert.equal(rerun.status, 'unchanged', JSON.stringify(rerun));
      assert.deepEqual(rerun.counts, { rows: 8, inserted: 0, replaced: 0, unchanged: 8, removed: 0, bad: 0 });
      if (ctx.engine === 'sqlite') assert.deepEqual(again.moves, []);
    } finally {
      again.stop();
    }
    assert.deepEqual(await snapshot(db), s1);
    const history = await db('imports').orderBy('id').select('status', 'dry_run');
    assert.deepEqual(history.map((r) => [r.status, Boolean(r.dry_run)]), [['rejected', false], ['done', true], ['done', false], ['unchanged', false]]);
  });

  it('readings and balances: the dry run counts what the run then does; a dry run creates no service it was told to', async () => {
    const reading = (meter: string, service: string, zone: string, value: string) => ({
      account: b.accountNumber, service_code: service, serial: meter, period: '2026-10', zone, value, taken_on: '25.10.2026',
    });
    // b's October: cold water read again, electricity zone 1 new, zone 2 unchanged (540,0).
    const readings = [reading(`CW-${b.accountNumber}`, 'cold_water', '1', '111,5'), reading(`EL-${b.accountNumber}`, 'electricity', '1', '1100,0'), reading(`EL-${b.accountNumber}`, 'electricity', '2', '540,0')];
    const dryReadings = await importRows(db, 'readings', readings, { dryRun: true });
    const doneReadings = await importRows(db, 'readings', readings);
    assert.equal(doneReadings.status, 'done', JSON.stringify(doneReadings));
    assert.deepEqual(dryReadings.counts, doneReadings.counts);
    // Taken on another day: each of the three is replaced.
    assert.deepEqual(doneReadings.counts, { rows: 3, inserted: 0, replaced: 3, unchanged: 0, removed: 0, bad: 0 });

    const balance = (account: string, due: string) => ({ account, period: '2026-10', opening_balance: '500', charged: '1000', paid: '0', penalties: '0', total_due: due, paid_until: '', due_date: '10.11.2026' });
    const balances = [balance(a.accountNumber, '1500'), balance(b.accountNumber, '1400')];
    const dryBalances = await importRows(db, 'balances', balances, { dryRun: true });
    const doneBalances = await importRows(db, 'balances', balances);
    assert.equal(doneBalances.status, 'done', JSON.stringify(doneBalances));
    assert.deepEqual(dryBalances.counts, doneBalances.counts);
    // a's October is as the file has it (compared column by column: the staged text against the live date).
    assert.deepEqual(doneBalances.counts, { rows: 2, inserted: 0, replaced: 1, unchanged: 1, removed: 0, bad: 0 });

    const s0 = await snapshot(db);
    const newService = [charge(a.accountNumber, '2026-12', 'tko', '90', { service_name: 'Вывоз ТКО' }), charge(a.accountNumber, '2026-12', 'cold_water', '300')];
    const dry = await importRows(db, 'charges', newService, { dryRun: true, confirmNewServices: ['tko'] });
    assert.equal(dry.status, 'done', JSON.stringify(dry));
    assert.deepEqual(dry.counts, { rows: 2, inserted: 2, replaced: 0, unchanged: 0, removed: 0, bad: 0 });
    assert.deepEqual(await snapshot(db), s0, 'no service was created');
  });

  it('accounts, meters, payments: a dry run counts what the run then does, writes nothing and (SQLite: no transaction) holds up no write', async () => {
    const street = (i: number) => `ул. Новая-${i % 3}`;
    // 11 500 accounts in three new buildings (batches of 4 000: some are written after the progress
    // report at 5 000 rows, before the reading ends; with only 3 500 rows left, the probe's write
    // came back a millisecond after the reading now and then on a loaded machine), and a's
    // account with a new owner.
    const accounts = Array.from({ length: 11_500 }, (_, i) => ({
      account: String(700_000 + i).padStart(8, '0'), city: 'Десногорск', street: street(i), house: '5', block: '', flat: String(i), address: `г. Десногорск, ${street(i)}, д. 5, кв. ${i}`,
      total_area: '52,3', living_area: '', residents: '2', owner_name: `Жилец ${i}`, passport_hash: '', status: 'active',
    }));
    accounts.push({ ...accounts[0]!, account: a.accountNumber, owner_name: 'Петров Пётр' });
    const s0 = await snapshot(db);
    await warmPool(db);
    const probe = writeDuringReading(db);
    const dry = await importRows(db, 'accounts', accounts, { dryRun: true, onProgress: probe.onProgress });
    assert.equal(dry.status, 'done', JSON.stringify(dry));
    assert.deepEqual(dry.counts, { rows: 11_501, inserted: 11_500, replaced: 1, unchanged: 0, removed: 0, bad: 0 });
    assert.ok(probe.started, 'the dry run reported its reading');
    const { writtenAt, readingEndedAt } = await probe.times();
    assert.ok(writtenAt < readingEndedAt, `the write waited for the dry run: done ${Math.round(writtenAt - readingEndedAt)} ms after the reading ended`);
    assert.deepEqual(await snapshot(db), s0, 'the dry run wrote nothing (no building either)');
    const done = await importRows(db, 'accounts', accounts);
    assert.deepEqual(done.counts, dry.counts);
    assert.deepEqual((await importRows(db, 'accounts', accounts, { dryRun: true })).counts, { rows: 11_501, inserted: 0, replaced: 0, unchanged: 11_501, removed: 0, bad: 0 });

    const meter = (serial: string, due: string) => ({
      account: a.accountNumber, service_code: 'cold_water', serial, zones: '1', precision: '', location: 'ванная', installed_on: '', verified_on: '', verification_due: due, archived_on: '',
    });
    const meters = [meter('HW-NEW', '01.01.2031'), meter(`CW-${a.accountNumber}`, '01.02.2032')];
    const pay = (id: string, amount: string) => ({ account: a.accountNumber, paid_on: '15.11.2026', amount, period: '11.2026', external_id: id, source: 'billing' });
    const payments = [pay('p-new', '100'), pay(`pay-${a.accountNumber}-1`, '1000'), pay(`pay-${b.accountNumber}-1`, '1000')];
    const s1 = await snapshot(db);
    const dryMeters = await importRows(db, 'meters', meters, { dryRun: true });
    const dryPayments = await importRows(db, 'payments', payments, { dryRun: true });
    assert.deepEqual(await snapshot(db), s1);
    assert.deepEqual((await importRows(db, 'meters', meters)).counts, dryMeters.counts);
    assert.deepEqual((await importRows(db, 'payments', payments)).counts, dryPayments.counts);
    // b's payment, now a's, is replaced too.
    assert.deepEqual([dryMeters.counts, dryPayments.counts].map((c) => [c.inserted, c.replaced, c.unchanged]), [[1, 1, 0], [1, 2, 0]]);
  });

  it('a run whose process died after its moves is put back when the server starts', async () => {
    const s0 = await snapshot(db);
    const done = await importRows(db, 'charges', [charge(b.accountNumber, '2026-10', 'cold_water', '999'), charge(b.accountNumber, '2027-01', 'maintenance', '5')], { confirmRemovals: true });
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.notDeepEqual(await snapshot(db), s0);
    // What a staged run killed after its last move leaves: moved rows, their undo data, a
    // 'running' row whose process is gone (another machine's, silent for an hour).
    await db('imports').where({ id: done.importId }).update({ status: 'running', finished_at: null, runner: 'elsewhere:1', heartbeat_at: Date.now() - 3_600_000 });

    const ready = await ensureDatabaseReady(db, { demoSeed: false, timeZone: 'Europe/Moscow' });
    assert.deepEqual(ready.recoveredImports, [done.importId]);
    assert.deepEqual(await snapshot(db), s0, 'the half-loaded run is gone before anyone is served');
    const row = await db('imports').where({ id: done.importId }).first('status', 'error');
    assert.deepEqual([row.status, row.error], ['failed', INTERRUPTED]);
    assert.equal((await ensureDatabaseReady(db, { demoSeed: false, timeZone: 'Europe/Moscow' })).recoveredImports, undefined, 'a start with nothing to put back says nothing');
  });
});
