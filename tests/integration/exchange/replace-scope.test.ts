// What a charges file replaces: a one-service file (a settlement centre's heating DBF) replaces
// that service only and leaves the accounts' other charges alone; a file of several services
// replaces the whole (account, period), and a run that would delete rows the file does not
// mention is refused until confirmed; the summary says it in words; undo restores everything.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { sha256File } from '../../../shared/import/hash.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { undoLatestImport } from '../../../shared/import/history.ts';
import { runImport, type RunImportOptions } from '../../../shared/import/load.ts';
import { writeCsv, writeDbf, type Cells } from '../../support/billing-files.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { CLI_ACTOR, importRows, snapshot } from '../../support/import-run.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-replace-scope-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
async function load(db: Knex, path: string, mapping: unknown, o: Partial<RunImportOptions> = {}) {
  const file = await openImportFile(path, { kind: 'charges', ...(mapping ? { mapping } : {}) });
  return runImport({ db, now: Date.now }, { file, fileName: path, fileSha256: await sha256File(path), dryRun: false, actor: CLI_ACTOR, ...o });
}

const charge = (account: string, service: string, total: string, period = '2026-10'): Cells => ({ account, period, service_code: service, charged: total, total });

/** (service, total in kopecks) of an account's period. */
const linesOf = async (db: Knex, account: string, period = '2026-10') =>
  (await db('charges as c').join('services as s', 's.id', 'c.service_id').join('accounts as a', 'a.id', 'c.account_id')
    .where({ 'a.number': account, 'c.period': period }).orderBy('s.code').select('s.code', 'c.total'))
    .map((r: { code: string; total: number | string }) => [r.code, Number(r.total)]);

forEachEngine('billing import: replace scope', (ctx) => {
  const database = ctx.databaseForSuite();
  let db: Knex;
  let buildingId = 0;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    buildingId = world.buildingId;
    await db('services').insert({ code: 'heating', name: 'Отопление', unit: 'Гкал', metered: false, sort_order: 5, provider_company_id: world.companyId });
    // Each with October: cold water 300 ₽, electricity 200 ₽, maintenance 500 ₽.
    for (const n of ['00040001', '00040002', '00040003']) await createResident(db, world, { accountNumber: n, lastPeriod: '2026-10' });
  });

  it('a one-service DBF replaces that service only: the accounts\' other charges stay; undo restores each step', async () => {
    const s0 = await snapshot(db);
    const path = join(dir, `heating-${ctx.engine}.dbf`);
    const columns = ['account', 'period', 'service_code', 'charged', 'total'];
    await writeDbf(path, 'charges', [charge('00040001', 'heating', '1500'), charge('00040002', 'heating', '1400')], { columns });
    const dry = await load(db, path, null, { dryRun: true });
    assert.equal(dry.status, 'done', JSON.stringify(dry));
    assert.deepEqual(dry.counts, { rows: 2, inserted: 2, replaced: 0, unchanged: 0, removed: 0, bad: 0 });
    assert.deepEqual(dry.summary, [
      'Будет добавлено 2 начисления за 10.2026.',
      'Заменяются только услуги из файла (Отопление); начисления по другим услугам не затрагиваются.',
    ]);
    const first = await load(db, path, null);
    assert.equal(first.status, 'done');
    assert.deepEqual(await linesOf(db, '00040001'), [['cold_water', 30_000], ['electricity', 20_000], ['heating', 150_000], ['maintenance', 50_000]]);
    const s1 = await snapshot(db);

    // The centre's corrected file: one account's heating again, with new figures.
    const again = join(dir, `heating-2-${ctx.engine}.dbf`);
    await writeDbf(again, 'charges', [charge('00040001', 'heating', '1600')], { columns });
    const second = await load(db, again, null);
    assert.deepEqual(second.counts, { rows: 1, inserted: 0, replaced: 1, unchanged: 0, removed: 0, bad: 0 });
    assert.deepEqual(await linesOf(db, '00040001'), [['cold_water', 30_000], ['electricity', 20_000], ['heating', 160_000], ['maintenance', 50_000]]);
    assert.deepEqual(await linesOf(db, '00040002'), [['cold_water', 30_000], ['electricity', 20_000], ['heating', 140_000], ['maintenance', 50_000]]);

    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), s1);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), s0);
  });

  it('a file of several services replaces the whole (account, period): refused without confirmation (nothing changed), loaded with it', async () => {
    const s0 = await snapshot(db);
    const path = join(dir, `two-services-${++files}.csv`);
    await writeCsv(path, 'charges', [charge('00040001', 'cold_water', '310'), charge('00040001', 'electricity', '200')], { columns: ['account', 'period', 'service_code', 'charged', 'total'] });
    const refused = await load(db, path, null);
    assert.equal(refused.status, 'rejected');
    assert.equal(refused.error, 'Загрузка удалила бы 1 начисление, которых нет в файле. Проверьте сводку пробного прогона и подтвердите удаление'
      + ' (флажок «Подтверждаю удаление» в консоли, --confirm-removals в командной строке)');
    assert.deepEqual(refused.summary, [
      'Будет заменено 2 начисления за 10.2026.',
      'Будет удалено 1 начисление по услугам, которых нет в файле (счёт 00040001).',
      'Файл заменяет все начисления своих счетов за свои периоды: услуги, которых в нём нет, у этих счетов удаляются.',
    ]);
    assert.deepEqual(await snapshot(db), s0);
    const history = await db('imports').where({ id: refused.importId }).first('status', 'dry_run');
    assert.deepEqual([history.status, Boolean(history.dry_run)], ['rejected', false]);

    const done = await load(db, path, null, { confirmRemovals: true });
    assert.equal(done.status, 'done');
    assert.deepEqual(done.counts, { rows: 2, inserted: 0, replaced: 2, unchanged: 0, removed: 1, bad: 0 });
    assert.equal(done.summary[1], 'Удалено 1 начисление по услугам, которых нет в файле (счёт 00040001).');
    assert.deepEqual(await linesOf(db, '00040001'), [['cold_water', 31_000], ['electricity', 20_000]]);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), s0);
  });

  it('replaceScope in the mapping: "service" keeps what a several-service file does not hold, "account-period" replaces a one-service file\'s pairs', async () => {
    const s0 = await snapshot(db);
    const columns = ['account', 'period', 'service_code', 'charged', 'total'];
    const mapping = (replaceScope: string) => ({ name: 'РЦ', kind: 'charges', columns: Object.fromEntries(columns.map((c) => [c, c])), replaceScope });
    const path = join(dir, `scoped-${++files}.csv`);
    await writeCsv(path, 'charges', [charge('00040002', 'cold_water', '1'), charge('00040003', 'electricity', '2')], { columns });
    const bySerivce = await load(db, path, mapping('service'));
    assert.equal(bySerivce.status, 'done', JSON.stringify(bySerivce));
    assert.deepEqual(bySerivce.counts, { rows: 2, inserted: 0, replaced: 2, unchanged: 0, removed: 0, bad: 0 });
    assert.deepEqual(await linesOf(db, '00040002'), [['cold_water', 100], ['electricity', 20_000], ['maintenance', 50_000]]);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), s0);

    const one = join(dir, `scoped-${++files}.csv`);
    await writeCsv(one, 'charges', [charge('00040003', 'cold_water', '1')], { columns });
    const whole = await load(db, one, mapping('account-period'), { dryRun: true });
    assert.deepEqual(whole.counts, { rows: 1, inserted: 0, replaced: 1, unchanged: 0, removed: 2, bad: 0 });
    assert.match(whole.summary[1] ?? '', /^Будет удалено 2 начисления по услугам, которых нет в файле \(счёт 00040003\)\.$/);
    assert.deepEqual(await snapshot(db), s0);
  });

  it('"auto" on a file whose first batch (4 000 rows) holds one service and a later row another: the whole pair after all, exactly', async () => {
    // 4 001 rows: account 1's October cold water, 4 000 cold-water rows of 400 other accounts
    // (more than one batch of 4 000), then account 1's October electricity.
    const now = Date.now();
    const others = Array.from({ length: 400 }, (_, i) => `0004${String(1000 + i)}`);
    await db('accounts').insert(others.map((number) => ({
      number, building_id: buildingId, flat: '', address: `кв. ${number}`, total_area_cm2: 1, residents: 1, owner_name: 'Собственник', created_at: now, updated_at: now,
    })));
    const s0 = await snapshot(db);
    const rows: Cells[] = [charge('00040001', 'cold_water', '301')];
    for (let month = 1; month <= 10; month++) for (const n of others) rows.push(charge(n, 'cold_water', '1', `2025-${String(month).padStart(2, '0')}`));
    rows.push(charge('00040001', 'electricity', '201'));
    const refused = await importRows(db, 'charges', rows);
    assert.equal(refused.status, 'rejected');
    assert.deepEqual(refused.counts, { rows: 4_002, inserted: 4_000, replaced: 2, unchanged: 0, removed: 1, bad: 0 });
    assert.deepEqual(await snapshot(db), s0);
    const done = await importRows(db, 'charges', rows, { confirmRemovals: true, fileSha256: 'e'.repeat(64) });
    assert.equal(done.status, 'done');
    assert.deepEqual(await linesOf(db, '00040001'), [['cold_water', 30_100], ['electricity', 20_100]]);
    assert.deepEqual(await linesOf(db, '00040002'), [['cold_water', 30_000], ['electricity', 20_000], ['maintenance', 50_000]]);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), s0);
  });
});
