// The shipped mappings (docs/mappings) against files written the way each system writes them,
// on both engines: a Сбербанк registry, a 1C:ЖКХ statement as CSV and XLSX, a settlement centre's
// DBF. Each loads exactly the right rows and money — or, for a registry whose control line
// disagrees, a registry of another column order, a file of another shape, is refused with line,
// column and reason within seconds and the database is unchanged.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { sha256File } from '../../../shared/import/hash.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { runImport } from '../../../shared/import/load.ts';
import type { ImportResult } from '../../../shared/import/outcome.ts';
import { ImportFileError } from '../../../shared/import/source.ts';
import type { CommandDeps } from '../../../shared/console/command.ts';
import { registerUpload } from '../../../shared/import/uploads.ts';
import { repoRoot } from '../../run-node-tests.ts';
import { createStaff } from '../../support/console.ts';
import { call, commandDeps, errorOf, sessionFor, valueOf } from '../console/calls.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { CLI_ACTOR, snapshot } from '../../support/import-run.ts';
import {
  lineTotal, writeBankRegistry, writeCentreDbf, writeStatementCsv, writeStatementXlsx, type CentreCharge, type RegistryPayment, type StatementLine,
} from '../../support/real-exports.ts';

const dir = mkdtempSync(join(tmpdir(), 'kkp-shipped-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const mappingJson = (name: string): unknown => JSON.parse(readFileSync(join(repoRoot, 'docs', 'mappings', name), 'utf8'));
const ACCOUNTS = ['00010001', '00010002', '00010003'];
/** A refusal must come at once, not after a stall. */
const QUICK_MS = 5_000;
const spaces = (text: string | null | undefined) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

type Outcome = { result: ImportResult } | { refused: string };

/** Opens the file under a shipped mapping and runs the import, as `kkp import --mapping` does. */
async function load(db: Knex, path: string, mapping: string | object, dryRun = false): Promise<Outcome> {
  const json = typeof mapping === 'string' ? mappingJson(mapping) : mapping;
  let opened;
  try {
    opened = await openImportFile(path, { mapping: json });
  } catch (error) {
    if (error instanceof ImportFileError) return { refused: error.message };
    throw error;
  }
  const result = await runImport(
    { db, now: Date.now },
    { file: opened, fileName: path.split('/').at(-1)!, fileSha256: await sha256File(path), mappingName: (json as { name: string }).name, dryRun, actor: CLI_ACTOR },
  );
  return { result };
}

function done(outcome: Outcome): ImportResult {
  assert.ok('result' in outcome, `refused: ${'refused' in outcome ? outcome.refused : ''}`);
  assert.equal(outcome.result.status, 'done', JSON.stringify({ error: outcome.result.error, problems: outcome.result.problems.slice(0, 5) }));
  return outcome.result;
}

/** The charges of a period as [account, service, charged, benefits, total] in kopecks. */
async function chargesOf(db: Knex, period: string): Promise<[string, string, number, number, number][]> {
  const rows: { number: string; code: string; charged: unknown; benefits: unknown; total: unknown }[] = await db('charges')
    .join('accounts', 'accounts.id', 'charges.account_id')
    .join('services', 'services.id', 'charges.service_id')
    .where('charges.period', period)
    .orderBy(['accounts.number', 'services.code'])
    .select('accounts.number', 'services.code', 'charges.charged', 'charges.benefits', 'charges.total');
  return rows.map((r) => [r.number, r.code, Number(r.charged), Number(r.benefits), Number(r.total)]);
}

forEachEngine('shipped mappings on real-style files', (ctx) => {
  const database = ctx.databaseForSuite();
  const file = (name: string) => join(dir, `${ctx.engine}-${name}`);

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    for (const accountNumber of ACCOUNTS) await createResident(db, world, { accountNumber });
    // The services the shipped dictionaries name beside the test world's four.
    for (const [code, name, unit] of [['heating', 'Отопление', 'Гкал'], ['water_disposal', 'Водоотведение', 'м³']]) {
      await db('services').insert({ code, name, unit, metered: false, sort_order: 10, provider_company_id: world.companyId });
    }
  });

  // ── Сбербанк registry ──

  const registry = (n: number, first: number): RegistryPayment[] =>
    Array.from({ length: n }, (_, i) => ({ account: ACCOUNTS[i % ACCOUNTS.length]!, paidOn: '2026-11-05', period: '2026-10', kopecks: first + i * 1_011 }));

  it('a Сбербанк registry loads its payments, the control line not among them', async () => {
    const { db } = database();
    writeBankRegistry(file('sber.txt'), registry(5, 150_000));
    const result = done(await load(db, file('sber.txt'), 'sberbank-payments-registry.json'));
    assert.equal(result.counts.rows, 5);
    const rows: { number: string; amount: unknown; period: string; source: string; external_id: string }[] = await db('payments')
      .join('accounts', 'accounts.id', 'payments.account_id')
      .where('payments.source', 'bank')
      .orderBy('payments.external_id')
      .select('accounts.number', 'payments.amount', 'payments.period', 'payments.source', 'payments.external_id');
    assert.deepEqual(
      rows.map((r) => [r.number, Number(r.amount), r.period, r.external_id]),
      registry(5, 150_000).map((p, i) => [p.account, p.kopecks, '2026-10', String(700_000_123 + i * 17)]),
    );
  });

  it('a registry whose control line disagrees is refused whole, with both figures, and nothing changes', async () => {
    const { db } = database();
    const before = await snapshot(db);
    writeBankRegistry(file('sber-short.txt'), registry(4, 200_000), { control: { count: 5, kopecks: 1_012_345 } });
    const started = Date.now();
    const outcome = await load(db, file('sber-short.txt'), 'sberbank-payments-registry.json');
    assert.ok('result' in outcome);
    assert.equal(outcome.result.status, 'rejected');
    assert.match(spaces(outcome.result.error), /В контрольной строке \(строка 5\) 5 платежей на 10 123,45 ₽, а в файле 4 платежа на 8 060,66 ₽/);
    assert.ok(Date.now() - started < QUICK_MS);
    assert.deepEqual(await snapshot(db), before);
  });

  it('a registry without its control line is refused and nothing changes', async () => {
    const { db } = database();
    const before = await snapshot(db);
    writeBankRegistry(file('sber-none.txt'), registry(3, 250_000), { control: 'none' });
    const outcome = await load(db, file('sber-none.txt'), 'sberbank-payments-registry.json');
    assert.ok('result' in outcome);
    assert.deepEqual([outcome.result.status, outcome.result.counts.inserted], ['rejected', 0]);
    assert.match(outcome.result.error ?? '', /В файле нет контрольной строки \(начинается с «=»/);
    assert.deepEqual(await snapshot(db), before);
  });

  it('a registry of another column order is refused at opening, not loaded as wrong money', async () => {
    const { db } = database();
    const before = await snapshot(db);
    writeBankRegistry(file('other-bank.txt'), registry(4, 300_000), { layout: 'other-bank' });
    const started = Date.now();
    const outcome = await load(db, file('other-bank.txt'), 'sberbank-payments-registry.json');
    assert.ok('refused' in outcome, 'the file was loaded');
    assert.match(outcome.refused, /строка 1, столбец 10 \(amount\): «1026» не подходит под образец/);
    assert.ok(Date.now() - started < QUICK_MS);
    assert.deepEqual(await snapshot(db), before);
  });

  it('a careless mapping (no expected shape, no control line) would take the period for the amount: the dry run warns', async () => {
    const { db } = database();
    const before = await snapshot(db);
    const { expect: _e, control: _c, periodFormat: _p, ...bare } = mappingJson('sberbank-payments-registry.json') as Record<string, unknown>;
    const careless = { ...bare, name: 'Банк: реестр без проверок', skipLinesStartingWith: '=', columns: { paid_on: 1, external_id: 5, account: 6, amount: 10 } };
    writeBankRegistry(file('other-bank-2.txt'), registry(4, 300_000), { layout: 'other-bank' });
    const outcome = await load(db, file('other-bank-2.txt'), careless, true);
    assert.ok('result' in outcome);
    assert.equal(outcome.result.status, 'done', JSON.stringify([outcome.result.error, outcome.result.problems])); // the defect: 10,26 ₽ a payment would load
    assert.match((outcome.result.warnings ?? []).join('\n'), /Столбец 10 \(amount\): значения похожи на периоды \(1026…\)/);
    assert.deepEqual(await snapshot(db), before);
  });

  it('the console previews with the shipped mappings: a registry of another order is refused there, a careless mapping warns', async () => {
    const { db } = database();
    const clerk = await createStaff(db, 'operator');
    const base = commandDeps(db);
    const deps: CommandDeps = { ...base, config: { ...base.config, importMappingsDir: join(repoRoot, 'docs', 'mappings') } };
    const token = await sessionFor(db, clerk.id);
    const upload = (path: string) => registerUpload({ path, name: 'реестр.txt', size: 1, staffId: clerk.id, owned: false }).id;
    const name = (mappingJson('sberbank-payments-registry.json') as { name: string }).name;

    writeBankRegistry(file('console-right.txt'), registry(3, 120_000));
    const right = valueOf<{ rows: unknown[]; warnings: string[] }>((await call(deps, 'previewImport', { fileId: upload(file('console-right.txt')), mappingName: name }, token)).result);
    assert.deepEqual([right.rows.length, right.warnings], [3, []]);

    writeBankRegistry(file('console-other.txt'), registry(3, 120_000), { layout: 'other-bank' });
    const refused = errorOf((await call(deps, 'previewImport', { fileId: upload(file('console-other.txt')), mappingName: name }, token)).result);
    assert.match(refused.message, /строка 1, столбец 10 \(amount\): «1026» не подходит под образец/);

    const careless = { name: 'Банк без проверок', kind: 'payments', format: 'csv', encoding: 'windows-1251', delimiter: ';', headerRow: 0, skipLinesStartingWith: '=', dateFormat: 'DD-MM-YYYY', columns: { paid_on: 1, external_id: 5, account: 6, amount: 10 } };
    const warned = valueOf<{ warnings: string[] }>((await call(deps, 'previewImport', { fileId: upload(file('console-other.txt')), mapping: careless }, token)).result);
    assert.match(warned.warnings.join('\n'), /Столбец 10 \(amount\): значения похожи на периоды \(1026…\)/);
  });

  // ── 1C:ЖКХ statement ──

  const statement = (period: string): StatementLine[] =>
    ACCOUNTS.slice(0, 2).flatMap((account, a) => [
      { account, period, service: 'Отопление', unit: 'Гкал', volume: '1.250', tariff: '2850.12', charged: 356_265 + a, recalculation: 0, benefits: 15_000, penalties: 0 },
      { account, period, service: 'ХВС', unit: 'куб.м', volume: '4.000', tariff: '41.27', charged: 16_508, recalculation: -2_000, benefits: 0, penalties: 0 },
      { account, period, service: 'Содержание жилья', unit: 'кв.м', volume: '52.300', tariff: '25.50', charged: 133_365, recalculation: 0, benefits: 0, penalties: 1_234 },
    ]);
  const CODES: Record<string, string> = { Отопление: 'heating', ХВС: 'cold_water', 'Содержание жилья': 'maintenance' };
  const expected = (lines: StatementLine[]) =>
    lines.map((l) => [l.account, CODES[l.service]!, l.charged, l.benefits, lineTotal(l)] as [string, string, number, number, number])
      .sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));

  it('a 1C:ЖКХ statement saved as CSV loads: service names, decimal commas, negative benefits, totals rows skipped', async () => {
    const { db } = database();
    const lines = statement('2026-11');
    writeStatementCsv(file('1c.csv'), lines);
    const result = done(await load(db, file('1c.csv'), '1c-zhkh-charges-csv.json'));
    assert.equal(result.counts.rows, 6);
    assert.deepEqual(await chargesOf(db, '2026-11'), expected(lines));
  });

  it('the same statement saved to Excel loads the same money', async () => {
    const { db } = database();
    const lines = statement('2026-12');
    await writeStatementXlsx(file('1c.xlsx'), lines);
    const result = done(await load(db, file('1c.xlsx'), '1c-zhkh-charges-xlsx.json'));
    assert.equal(result.counts.rows, 6);
    assert.deepEqual(await chargesOf(db, '2026-12'), expected(lines));
  });

  it('a file of another shape under the 1C:ЖКХ mapping is refused at opening and nothing changes', async () => {
    const { db } = database();
    const before = await snapshot(db);
    // A turnover statement (ОСВ) from the same program: no services, no «К оплате».
    writeStatementCsv(file('osv.csv'), statement('2026-11'), { header: ['Лицевой счет', 'Адрес', 'Период', 'Сальдо на начало', 'Ед.', 'Кол.', 'Тариф', 'Начислено', 'Оплачено', 'Льготы', 'Пени', 'Сальдо на конец'] });
    const outcome = await load(db, file('osv.csv'), '1c-zhkh-charges-csv.json');
    assert.ok('refused' in outcome, 'the file was loaded');
    assert.match(outcome.refused, /в строке заголовка нет «Услуга», «К оплате»/);
    assert.deepEqual(await snapshot(db), before);
  });

  // ── Settlement centre DBF ──

  const centre = (period: string): CentreCharge[] =>
    ACCOUNTS.flatMap((account, a) => [
      { account, period, code: 2, name: 'Отопление', volume: '1.100', tariff: '2850.1200', charged: 313_513 + a, recalculation: 0, benefits: 0, total: 313_513 + a },
      { account, period, code: 5, name: 'Водоотведение', volume: '6.500', tariff: '33.1000', charged: 21_515, recalculation: -515, benefits: 1_000, total: 20_000 },
    ]);

  it('a settlement centre’s DBF loads: numeric accounts padded, services by code, YYYYMM periods', async () => {
    const { db } = database();
    const charges = centre('2027-01');
    await writeCentreDbf(file('rc.dbf'), charges);
    const result = done(await load(db, file('rc.dbf'), 'settlement-centre-charges-dbf.json'));
    assert.equal(result.counts.rows, 6);
    assert.deepEqual(
      await chargesOf(db, '2027-01'),
      charges.map((c) => [c.account, c.code === 2 ? 'heating' : 'water_disposal', c.charged, c.benefits, c.total]),
    );
  });

  it('a DBF of another layout under the settlement centre’s mapping is refused at opening and nothing changes', async () => {
    const { db } = database();
    const before = await snapshot(db);
    // Another centre's order of the period, MMYYYY, where the mapping expects YYYYMM: 022027 is no February.
    await writeCentreDbf(file('rc-other.dbf'), centre('022027'));
    const outcome = await load(db, file('rc-other.dbf'), 'settlement-centre-charges-dbf.json');
    assert.ok('refused' in outcome, 'the file was loaded');
    assert.match(outcome.refused, /строка 2, столбец «PERIOD» \(period\): «022027» не подходит под образец/);
    assert.deepEqual(await snapshot(db), before);
  });
});
