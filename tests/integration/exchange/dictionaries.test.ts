// Value dictionaries: files that name their services («Отопление», «ХВС») or give the billing
// system's own codes («000000005») load through the mapping's `values`; a service that is
// neither ours nor in the dictionary is listed once, refused with the database unchanged, made
// only when the clerk confirms it, and undo removes it with the rest of the import.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { importCommand } from '../../../cli/import.ts';
import { sha256File } from '../../../shared/import/hash.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { undoLatestImport } from '../../../shared/import/history.ts';
import { importJobDone } from '../../../shared/import/jobs.ts';
import { runImport, type RunImportOptions } from '../../../shared/import/load.ts';
import type { ImportResult, UnknownValue } from '../../../shared/import/outcome.ts';
import { registerUpload } from '../../../shared/import/uploads.ts';
import { createStaff } from '../../support/console.ts';
import { writeCsv, writeDbf, type Cells } from '../../support/billing-files.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { CLI_ACTOR, snapshot } from '../../support/import-run.ts';
import { call, commandDeps, sessionFor, valueOf } from '../console/calls.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-dictionaries-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const COLUMNS = ['account', 'period', 'service_code', 'service_name', 'unit', 'charged', 'total'];
const row = (account: string, service: string, total: string, extra: Cells = {}): Cells => ({ account, period: '2026-11', service_code: service, charged: total, total, ...extra });

/** A mapping for the files below: canonical header names, the dictionary given. */
const mapping = (values: Record<string, string> | null, extra: Record<string, unknown> = {}) => ({
  name: 'Расчётный центр', kind: 'charges', columns: Object.fromEntries(COLUMNS.map((c) => [c, c])),
  ...(values ? { values: { service_code: values } } : {}), ...extra,
});

let files = 0;
async function csv(rows: Cells[]): Promise<string> {
  const path = join(dir, `charges-${++files}.csv`);
  await writeCsv(path, 'charges', rows, { columns: COLUMNS, decimalComma: true });
  return path;
}

async function load(db: Knex, path: string, map: unknown, o: Partial<RunImportOptions> = {}) {
  const file = await openImportFile(path, { kind: 'charges', mapping: map });
  return runImport({ db, now: Date.now }, { file, fileName: path, fileSha256: await sha256File(path), dryRun: false, actor: CLI_ACTOR, ...o });
}

const servicesOf = async (db: Knex, account: string) =>
  (await db('charges as c').join('services as s', 's.id', 'c.service_id').join('accounts as a', 'a.id', 'c.account_id')
    .where({ 'a.number': account, 'c.period': '2026-11' }).orderBy('s.code').select('s.code', 'c.total'))
    .map((r: { code: string; total: number | string }) => [r.code, Number(r.total)]);

forEachEngine('billing import: value dictionaries', (ctx) => {
  const database = ctx.databaseForSuite();
  let db: Knex;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    await db('services').insert({ code: 'heating', name: 'Отопление', unit: 'Гкал', metered: false, sort_order: 5, provider_company_id: world.companyId });
    for (const n of ['00030001', '00030002', '00030003', '00030004']) await createResident(db, world, { accountNumber: n, lastPeriod: '2026-10' });
  });

  it('a cp866 DBF naming its services loads through the dictionary, case and «ё» aside, with no service created', async () => {
    const path = join(dir, `heating-${ctx.engine}.dbf`);
    await writeDbf(path, 'charges', [
      { account: '00030001', period: '11.2026', service_code: 'ОТОПЛЕНИЕ', charged: '1500.25', total: '1500.25' },
      { account: '00030001', period: '11.2026', service_code: 'хвс ', charged: '300', total: '300' },
      { account: '00030002', period: '11.2026', service_code: 'Электроэнергия (учет)', charged: '120', total: '120' },
    ], { columns: ['account', 'period', 'service_code', 'charged', 'total'], fieldNames: ['LS', 'PERIOD', 'USLUGA', 'NACH', 'ITOGO'] });
    const services = await db('services').count({ n: '*' }).first();
    const result = await load(db, path, {
      name: 'РЦ: DBF', kind: 'charges', format: 'dbf', encoding: 'cp866',
      columns: { account: 'LS', period: 'PERIOD', service_code: 'USLUGA', charged: 'NACH', total: 'ITOGO' },
      values: { service_code: { 'Отопление': 'heating', 'ХВС': 'cold_water', 'Электроэнергия (учёт)': 'electricity' } },
    });
    assert.equal(result.status, 'done', JSON.stringify(result.problems));
    assert.deepEqual(result.unknownValues, []);
    assert.deepEqual(await servicesOf(db, '00030001'), [['cold_water', 30_000], ['heating', 150_025]]);
    assert.deepEqual(await servicesOf(db, '00030002'), [['electricity', 12_000]]);
    assert.deepEqual(await db('services').count({ n: '*' }).first(), services);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
  });

  it('the billing system\'s own codes («000000005») map to ours: loaded twice, no duplicate service, no empty unit', async () => {
    const before = await snapshot(db);
    const codes = { '000000005': 'heating', '000000001': 'cold_water' };
    const rows = (total: string) => [
      row('00030003', '000000005', total, { service_name: 'Отопление', unit: 'Гкал' }),
      row('00030003', '000000001', '10', { service_name: 'Холодная вода', unit: '' }),
    ];
    const first = await load(db, await csv(rows('100')), mapping(codes));
    assert.equal(first.status, 'done', JSON.stringify(first.problems));
    const second = await load(db, await csv(rows('200')), mapping(codes));
    assert.equal(second.status, 'done', JSON.stringify(second.problems));
    assert.deepEqual([second.counts.inserted, second.counts.replaced, second.counts.unchanged], [0, 1, 1]);
    assert.deepEqual(await servicesOf(db, '00030003'), [['cold_water', 1000], ['heating', 20_000]]);
    assert.deepEqual((await db('services').where('code', 'like', '0%').orWhere({ unit: '' }).select('code')), []);

    // Without the dictionary the same codes are unknown: listed, refused, nothing created.
    const without = await load(db, await csv(rows('300')), mapping(null));
    assert.equal(without.status, 'rejected');
    assert.deepEqual(without.unknownValues.map((u) => [u.value, u.name, u.rows, u.firstLine]), [['000000005', 'Отопление', 1, 2], ['000000001', 'Холодная вода', 1, 3]]);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), before);
  });

  it('an unknown service is listed once and refused (database unchanged), created on confirmation, removed by undo', async () => {
    const before = await snapshot(db);
    const rows = [
      row('00030004', 'ХВС', '300'),
      row('00030004', 'Вывоз ТКО', '55,5', { service_name: 'Вывоз ТКО', unit: 'чел.' }),
      row('00030001', 'Вывоз ТКО', '55,5', { service_name: 'Вывоз ТКО', unit: 'чел.' }),
      row('00030002', 'вывоз тко', '55,5', { service_name: 'Вывоз ТКО', unit: 'чел.' }),
    ];
    const path = await csv(rows);
    const map = mapping({ 'ХВС': 'cold_water' });

    const dry = await load(db, path, map, { dryRun: true });
    assert.equal(dry.status, 'rejected');
    assert.deepEqual(dry.unknownValues, [
      { column: 'service_code', value: 'Вывоз ТКО', name: 'Вывоз ТКО', rows: 2, firstLine: 3 },
      { column: 'service_code', value: 'вывоз тко', name: 'Вывоз ТКО', rows: 1, firstLine: 5 },
    ]);
    // One problem per value, not per row; every such row is bad.
    assert.deepEqual(dry.problems.map((p) => [p.line, p.field, p.message]), [
      [3, 'service_code', 'Услуга «Вывоз ТКО» не найдена: сопоставьте её с услугой из справочника или подтвердите создание новой'],
      [5, 'service_code', 'Услуга «вывоз тко» не найдена: сопоставьте её с услугой из справочника или подтвердите создание новой'],
    ]);
    assert.equal(dry.counts.bad, 3);
    const refused = await load(db, path, map);
    assert.equal(refused.status, 'rejected');
    assert.deepEqual(await snapshot(db), before);

    // Confirmed by the name as the clerk typed it: one service for both spellings.
    const done = await load(db, path, map, { confirmNewServices: ['вывоз тко'] });
    assert.equal(done.status, 'done', JSON.stringify(done.problems));
    assert.deepEqual(done.unknownValues, []);
    const created = await db('services').where({ code: 'vyvoz_tko' }).first('name', 'unit', 'metered');
    assert.deepEqual([created?.name, created?.unit], ['Вывоз ТКО', 'чел.']);
    assert.deepEqual(await servicesOf(db, '00030004'), [['cold_water', 30_000], ['vyvoz_tko', 5550]]);
    assert.deepEqual(await servicesOf(db, '00030002'), [['vyvoz_tko', 5550]]);

    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), before);
  });

  it('the command line lists unknown services and creates them with --create-services', async () => {
    const before = await snapshot(db);
    const path = await csv([row('00030001', 'Домофон', '40', { unit: 'кв.' })]);
    const out: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (...args: unknown[]) => void out.push(args.join(' '));
    console.error = () => undefined;
    try {
      assert.equal(await importCommand(db, path, { kind: 'charges', mapping: JSON.stringify(mapping(null)), dryRun: false }), 3);
      assert.ok(out.some((l) => l.includes('«Домофон»: строк 1, первая — строка 2')), out.join('\n'));
      assert.ok(out.some((l) => l.includes('--create-services "Домофон"')), out.join('\n'));
      assert.deepEqual(await snapshot(db), before);
      out.length = 0;
      assert.equal(await importCommand(db, path, { kind: 'charges', mapping: JSON.stringify(mapping(null)), dryRun: false, createServices: 'Домофон, Вывоз ТКО' }), 0);
      assert.ok(out.some((l) => l.startsWith('Добавлено 1 начисление за 11.2026')), out.join('\n'));
    } finally {
      console.log = log;
      console.error = error;
    }
    assert.deepEqual(await servicesOf(db, '00030001'), [['domofon', 4000]]);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), before);
  });

  it('the console: the preview and the dry run list an unknown service, startImport creates it on confirmNewServices', async () => {
    const before = await snapshot(db);
    const clerk = await createStaff(db, 'operator');
    const deps = commandDeps(db);
    const token = await sessionFor(db, clerk.id);
    const path = await csv([row('00030002', 'Вывоз ТКО', '55', { unit: 'чел.' }), row('00030003', 'Вывоз ТКО', '55', { unit: 'чел.' })]);
    const { id: fileId } = registerUpload({ path, name: 'начисления.csv', size: 1, staffId: clerk.id, owned: false });
    const map = mapping(null);
    const run = async (input: Record<string, unknown>) => {
      const { jobId } = valueOf<{ jobId: string }>((await call(deps, 'startImport', { fileId, mapping: map, ...input }, token)).result);
      await importJobDone(jobId);
      return valueOf<{ status: string; result: ImportResult }>((await call(deps, 'getImportProgress', { jobId }, token)).result);
    };
    const preview = valueOf<{ rows: { problems: { message: string }[] }[]; unknownValues: UnknownValue[] }>(
      (await call(deps, 'previewImport', { fileId, mapping: map }, token)).result);
    assert.deepEqual(preview.unknownValues.map((u) => [u.value, u.rows]), [['Вывоз ТКО', 2]]);
    assert.deepEqual(preview.rows.map((r) => r.problems.length), [1, 0]);

    const dry = await run({ dryRun: true });
    assert.deepEqual([dry.status, dry.result.unknownValues.map((u) => u.value)], ['rejected', ['Вывоз ТКО']]);
    const done = await run({ confirmNewServices: ['Вывоз ТКО'] });
    assert.equal(done.status, 'done', JSON.stringify(done.result.problems));
    assert.deepEqual(done.result.summary, ['Добавлено 2 начисления за 11.2026.', 'Заменяются только услуги из файла (Вывоз ТКО); начисления по другим услугам не затрагиваются.']);
    await undoLatestImport(db, CLI_ACTOR, { now: Date.now() });
    assert.deepEqual(await snapshot(db), before);
  });
});
