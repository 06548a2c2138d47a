// Loading charges: valid files load and residents see them; bad files change nothing and say
// why, line by line; loading again is idempotent; a new version of a period replaces it only for
// the accounts in the file; undo restores the previous state exactly; dry runs and canceled runs
// write nothing.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createDb } from '../../../db/connection.ts';
import { listImports, undoLatestImport } from '../../../shared/import/history.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { CLI_ACTOR, importRows, snapshot } from '../../support/import-run.ts';
import { getPeriodStatement } from '../../support/oracles/charges.ts';

const charge = (account: string, period: string, service: string, total: string, extra: Record<string, string> = {}) => ({
  account, period, service_code: service, volume: '10,5', tariff: '40,12345', charged: total, recalculation: '', benefits: '', penalties: '', total, ...extra,
});

forEachEngine('billing import: charges', (ctx) => {
  const database = ctx.databaseForEachTest();

  async function town() {
    const { db } = database();
    const world = await createWorld(db);
    const a = await createResident(db, world, { accountNumber: '00010001', lastPeriod: '2026-10' });
    const b = await createResident(db, world, { accountNumber: '00010002', lastPeriod: '2026-10' });
    const c = await createResident(db, world, { accountNumber: '00010003', lastPeriod: '2026-10' });
    return { db, world, a, b, c };
  }

  it('loads a valid file, counts it, audits it, and the resident sees the new period', async () => {
    const { db, a, b } = await town();
    const result = await importRows(db, 'charges', [
      charge('00010001', '11.2026', 'cold_water', '1 234,56'),
      charge('00010001', '2026-11', 'electricity', '200', { recalculation: '-15,50', recalculation_reason: 'Перерасчёт за октябрь' }),
      charge('00010002', '11.2026', 'cold_water', '300,00'),
    ]);
    assert.equal(result.status, 'done', JSON.stringify(result));
    assert.deepEqual(result.counts, { rows: 3, inserted: 3, replaced: 0, unchanged: 0, removed: 0, bad: 0 });
    assert.deepEqual(result.periods, ['2026-11']);
    const statement = await getPeriodStatement(db, a.accountId, '2026-11');
    assert.ok(statement);
    const cold = statement.lines.find((l) => l.serviceCode === 'cold_water');
    assert.deepEqual(
      { total: cold?.total, volume: cold?.volumeMilli, tariff: cold?.tariffMkop },
      { total: 123_456, volume: 10_500, tariff: 4_012_345 },
    );
    const elec = statement.lines.find((l) => l.serviceCode === 'electricity');
    assert.deepEqual({ recalculation: elec?.recalculation, reason: elec?.recalculationReason }, { recalculation: -1550, reason: 'Перерасчёт за октябрь' });
    assert.equal((await getPeriodStatement(db, b.accountId, '2026-11'))?.lines.length, 1);
    const audit = await db('audit_log').where({ action: 'import.run', subject_id: String(result.importId) }).first('actor_type', 'ip');
    assert.deepEqual({ ...audit }, { actor_type: 'system', ip: 'cli' });
    const [history] = await listImports(db);
    assert.deepEqual([history?.id, history?.status, history?.undoable], [result.importId, 'done', true]);
  });

  it('rejects a file with bad rows, lists every problem with line, field and reason, and changes nothing', async () => {
    const { db } = await town();
    const before = await snapshot(db);
    const result = await importRows(db, 'charges', [
      charge('00010001', '2026-11', 'cold_water', '100'),
      charge('00010001', '2026-11', 'hot_water', '-5', { charged: '-5' }),
      charge('00010002', '2026-11', 'cold_water', 'сто'),
      charge('99999999', '2026-11', 'cold_water', '100'),
      charge('00010001', '2026-11', 'cold_water', '120'),
      charge('00010003', '2026-13', 'cold_water', '100'),
    ]);
    assert.equal(result.status, 'rejected');
    const got = result.problems.map((p) => [p.line, p.field, p.message]);
    assert.deepEqual(got, [
      [3, 'charged', 'Начислено: не может быть отрицательным (если биллинг пишет это поле с минусом, укажите его в negativeFields сопоставления)'],
      [4, 'charged', 'Начислено: ожидается число (не больше 2 знаков после запятой)'],
      [4, 'total', 'Итого: ожидается число (не больше 2 знаков после запятой)'],
      [5, 'account', 'Лицевой счёт не найден'],
      [6, 'row', 'Повтор: начисление по счёту 00010001 за 2026-11 по услуге cold_water уже есть в строке 2'],
      [7, 'period', 'Период: ожидается ММ.ГГГГ, ГГГГ-ММ, ГГГГММ или «Сентябрь 2026»'],
    ]);
    assert.equal(result.problems[3]?.value, '99999999');
    assert.equal(result.counts.bad, 5);
    assert.equal(result.problemsTotal, 6);
    assert.deepEqual(await snapshot(db), before);
    const stored = await db('imports').where({ id: result.importId }).first('status', 'problems_total');
    assert.deepEqual({ ...stored, problems_total: Number(stored.problems_total) }, { status: 'rejected', problems_total: 6 });
  });

  it('loading the same file again changes nothing; the same figures in another file are counted unchanged', async () => {
    const { db } = await town();
    const rows = [charge('00010001', '2026-11', 'cold_water', '100'), charge('00010002', '2026-11', 'cold_water', '200')];
    assert.equal((await importRows(db, 'charges', rows)).status, 'done');
    const after = await snapshot(db);
    const again = await importRows(db, 'charges', rows);
    assert.equal(again.status, 'unchanged');
    assert.deepEqual(await snapshot(db), after);
    const sameData = await importRows(db, 'charges', rows, { fileSha256: 'f'.repeat(64) });
    assert.equal(sameData.status, 'unchanged');
    assert.deepEqual(sameData.counts, { rows: 2, inserted: 0, replaced: 0, unchanged: 2, removed: 0, bad: 0 });
    assert.deepEqual(await snapshot(db), after);
  });

  it('a new version of a period replaces it for the accounts in the file only; undo restores the exact previous state', async () => {
    const { db, a, b, c } = await town();
    const beforeAll = await snapshot(db);
    // Replace October for accounts 1 and 2: account 1 gets new figures and loses maintenance,
    // account 2 is re-sent as it was; account 3 is not in the file.
    const oldB = await getPeriodStatement(db, b.accountId, '2026-10');
    const result = await importRows(db, 'charges', [
      charge('00010001', '2026-10', 'cold_water', '999'),
      charge('00010001', '2026-10', 'electricity', '200,00', { volume: '40', tariff: '5' }),
      ...(oldB?.lines ?? []).map((l) => ({
        account: '00010002', period: '2026-10', service_code: l.serviceCode, volume: String((l.volumeMilli ?? 0) / 1000).replace('.', ','),
        tariff: String((l.tariffMkop ?? 0) / 100_000).replace('.', ','), charged: String(l.charged / 100), total: String(l.total / 100),
        recalculation: '', benefits: '', penalties: '',
      })),
    ], { confirmRemovals: true });
    assert.equal(result.status, 'done', JSON.stringify(result.problems));
    assert.deepEqual(result.counts, { rows: 5, inserted: 0, replaced: 1, unchanged: 4, removed: 1, bad: 0 });
    const newA = await getPeriodStatement(db, a.accountId, '2026-10');
    assert.deepEqual(newA?.lines.map((l) => [l.serviceCode, l.total]), [['cold_water', 99_900], ['electricity', 20_000]]);
    assert.equal((await getPeriodStatement(db, c.accountId, '2026-10'))?.lines.length, 3, 'account 3 untouched');
    assert.equal((await getPeriodStatement(db, a.accountId, '2026-09'))?.lines.length, 3, 'other periods untouched');

    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), beforeAll);
    assert.equal((await db('imports').where({ id: result.importId }).first('status')).status, 'undone');
    assert.ok(await db('audit_log').where({ action: 'import.undo', subject_id: String(result.importId) }).first());
  });

  it('only the latest import can be undone, and undoing it makes the one before undoable', async () => {
    const { db } = await town();
    const s0 = await snapshot(db);
    const first = await importRows(db, 'charges', [charge('00010001', '2026-11', 'cold_water', '100')]);
    const s1 = await snapshot(db);
    const second = await importRows(db, 'charges', [charge('00010001', '2026-11', 'cold_water', '150'), charge('00010002', '2026-11', 'cold_water', '1')]);
    assert.equal(second.status, 'done');
    await assert.rejects(undoLatestImport(db, CLI_ACTOR, { importId: first.importId, now: Date.now() }), /только последнюю/);
    await undoLatestImport(db, CLI_ACTOR, { importId: second.importId, now: Date.now() });
    assert.deepEqual(await snapshot(db), s1);
    await undoLatestImport(db, CLI_ACTOR, { importId: first.importId, now: Date.now() });
    assert.deepEqual(await snapshot(db), s0);
    await assert.rejects(undoLatestImport(db, CLI_ACTOR, { now: Date.now() }), /нечего/);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const { db } = await town();
    const before = await snapshot(db);
    const rows = [charge('00010001', '2026-10', 'cold_water', '1'), charge('00010001', '2026-12', 'cold_water', '1'), charge('00010001', '2026-12', 'electricity', '1')];
    const result = await importRows(db, 'charges', rows, { dryRun: true });
    assert.deepEqual([result.status, result.dryRun], ['done', true]);
    // Two services: the whole (account, period), so October's other two services would go.
    assert.deepEqual(result.counts, { rows: 3, inserted: 2, replaced: 1, unchanged: 0, removed: 2, bad: 0 });
    assert.deepEqual(result.summary.slice(0, 2), [
      'Будет добавлено 2 начисления за 10.2026, 12.2026, заменено 1.',
      'Будет удалено 2 начисления по услугам, которых нет в файле (счёт 00010001).',
    ]);
    assert.deepEqual(await snapshot(db), before);
    assert.equal(await (await import('../../../shared/import/history.ts')).latestUndoableImportId(db, Date.now()), null);
  });

  it('a run canceled mid-way rolls back everything it wrote', async () => {
    const { db } = await town();
    const before = await snapshot(db);
    // 3 accounts × 1 000 months × 10 services: every row valid and distinct, so the loader writes
    // (a batch every 4 000 rows) until the cancel.
    const rows = Array.from({ length: 30_000 }, (_, i) => {
      const month = Math.floor(i / 30);
      const period = `${2001 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
      return charge(['00010001', '00010002', '00010003'][i % 3] as string, period, `s${Math.floor(i / 3) % 10}`, '1', { service_name: 'Услуга' });
    });
    const controller = new AbortController();
    const result = await importRows(db, 'charges', rows, {
      confirmNewServices: Array.from({ length: 10 }, (_, k) => `s${k}`),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.rowsRead >= 25_000) controller.abort();
      },
    });
    assert.equal(result.status, 'canceled');
    assert.ok(result.counts.rows >= 25_000 && result.counts.rows < 30_000, String(result.counts.rows));
    assert.equal(result.problemsTotal, 0);
    assert.deepEqual(await snapshot(db), before);
  });

  it('services the clerk confirmed are created, and rows queued in later batches with the same codes point at them', async () => {
    const { db } = await town();
    // 3 accounts × 150 months × 10 new services = 4 500 rows: more than one batch (4 000 rows).
    const rows = Array.from({ length: 4_500 }, (_, i) => {
      const month = Math.floor(i / 30);
      const period = `${2001 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
      return charge(['00010001', '00010002', '00010003'][i % 3] as string, period, `new${Math.floor(i / 3) % 10}`, String(i + 1), { service_name: `Новая ${Math.floor(i / 3) % 10}` });
    });
    const result = await importRows(db, 'charges', rows, { confirmNewServices: Array.from({ length: 10 }, (_, k) => `new${k}`) });
    assert.equal(result.status, 'done', JSON.stringify(result));
    assert.equal(result.counts.inserted, 4_500);
    const loaded: { code: string; name: string; n: number | string; total: number | string }[] = await db('charges as c')
      .join('services as s', 's.id', 'c.service_id').where('s.code', 'like', 'new%').groupBy('s.code', 's.name').orderBy('s.code')
      .select('s.code', 's.name').count({ n: '*' }).sum({ total: 'c.total' });
    assert.deepEqual(loaded.map((r) => [r.code, r.name, Number(r.n)]), Array.from({ length: 10 }, (_, k) => [`new${k}`, `Новая ${k}`, 450]));
    // Row i carries total i + 1 rubles: each service gets the rows whose (i / 3) % 10 is its number.
    for (const [k, r] of loaded.entries()) {
      let expected = 0;
      for (let i = 0; i < 4_500; i++) if (Math.floor(i / 3) % 10 === k) expected += (i + 1) * 100;
      assert.equal(Number(r.total), expected, r.code);
    }
  });

  it('gives its connection back with the site\'s settings (SQLite: page cache and memory map), whether it loads or is rejected', async () => {
    if (ctx.engine !== 'sqlite') return;
    const { url } = database();
    await town();
    // One connection, so the import's is the one asked afterwards.
    const single = createDb(url, { poolMax: 1 });
    try {
      const settings = async () => [
        ...(await single.raw('PRAGMA cache_size')) as unknown[], ...(await single.raw('PRAGMA mmap_size')) as unknown[],
      ];
      const site = await settings();
      assert.deepEqual(site, [{ cache_size: -32000 }, { mmap_size: 268435456 }]);
      const done = await importRows(single, 'charges', [charge('00010001', '2026-11', 'cold_water', '1')]);
      assert.equal(done.status, 'done');
      assert.deepEqual(await settings(), site);
      const rejected = await importRows(single, 'charges', [charge('00010001', '2026-12', 'cold_water', 'много')]);
      assert.equal(rejected.status, 'rejected');
      assert.deepEqual(await settings(), site);
    } finally {
      await single.destroy();
    }
  });
});
