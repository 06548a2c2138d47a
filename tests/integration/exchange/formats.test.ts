// Formats real exports use, loaded end to end on both engines: a settlement centre's DBF whose
// account and period are numbers (zeros lost), benefits written negative and a totals record
// loads into the right accounts; a 1C-style CSV (UTF-8: narrow spaces) with «Сентябрь 2026 г.», thousands of every kind
// and a subtotal row in the middle loads; the same CSV with a negative benefit and no
// negativeFields is refused naming the file's column and the value as written, nothing changed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { DBFFile } from 'dbffile';
import type { Knex } from 'knex';
import { sha256File } from '../../../shared/import/hash.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { runImport } from '../../../shared/import/load.ts';
import { registerUpload } from '../../../shared/import/uploads.ts';
import { createStaff } from '../../support/console.ts';
import { call, commandDeps, sessionFor, valueOf } from '../console/calls.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { CLI_ACTOR, snapshot } from '../../support/import-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'kkp-formats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function load(db: Knex, path: string, mapping: object) {
  const file = await openImportFile(path, { mapping });
  return runImport({ db, now: Date.now }, { file, fileName: 'f', fileSha256: await sha256File(path), dryRun: false, actor: CLI_ACTOR });
}

/** [account, period, service, charged, benefits, total] of the charges, kopecks. */
async function charges(db: Knex): Promise<[string, string, string, number, number, number][]> {
  const rows: Record<string, unknown>[] = await db('charges')
    .join('accounts', 'accounts.id', 'charges.account_id')
    .join('services', 'services.id', 'charges.service_id')
    .orderBy(['accounts.number', 'charges.period', 'services.code'])
    .select('accounts.number', 'charges.period', 'services.code', 'charges.charged', 'charges.benefits', 'charges.total');
  return rows.map((r) => [String(r.number), String(r.period), String(r.code), Number(r.charged), Number(r.benefits), Number(r.total)]);
}

const CSV_MAPPING = {
  name: '1С', kind: 'charges', encoding: 'utf-8', delimiter: ';', headerRow: 2, decimalSeparator: ',',
  columns: { account: 'Лицевой счет', period: 'Период', service_code: 'Код', charged: 'Начислено', benefits: 'Льгота', total: 'К оплате' },
};

forEachEngine('formats real exports use', (ctx) => {
  const database = ctx.databaseForSuite();

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    for (const accountNumber of ['001234567', '001234568']) await createResident(db, world, { accountNumber });
  });

  it('a DBF with numeric accounts and periods, negative benefits and a totals record loads into the right accounts', async () => {
    const { db } = database();
    const path = join(dir, `${ctx.engine}-centre.dbf`);
    const dbf = await DBFFile.create(path, [
      { name: 'LSCH', type: 'N', size: 10, decimalPlaces: 0 },
      { name: 'PER', type: 'N', size: 4, decimalPlaces: 0 },
      { name: 'NACH', type: 'N', size: 12, decimalPlaces: 2 },
      { name: 'LGOTA', type: 'N', size: 12, decimalPlaces: 2 },
      { name: 'ITOGO', type: 'N', size: 12, decimalPlaces: 2 },
      { name: 'ADRES', type: 'C', size: 40 },
    ], { encoding: 'cp866' });
    await dbf.appendRecords([
      { LSCH: 1234567, PER: 926, NACH: 1781.33, LGOTA: -150, ITOGO: 1631.33, ADRES: 'д. 1, кв. 67' },
      { LSCH: 1234568, PER: 926, NACH: 500, LGOTA: 0, ITOGO: 500, ADRES: 'д. 1, кв. 68' },
      { LSCH: null, PER: null, NACH: 2281.33, LGOTA: -150, ITOGO: 2131.33, ADRES: 'ИТОГО по дому 1' },
    ]);
    const result = await load(db, path, {
      name: 'РЦ', kind: 'charges', format: 'dbf', encoding: 'cp866', accountLength: 9, periodFormat: 'MMYY', negativeFields: ['benefits'],
      columns: { account: 'LSCH', period: 'PER', charged: 'NACH', benefits: 'LGOTA', total: 'ITOGO' }, constants: { service_code: 'cold_water' },
    });
    assert.equal(result.status, 'done', JSON.stringify(result.problems));
    assert.equal(result.counts.rows, 2);
    // (the residents have September charges of other services; a one-service file leaves them)
    assert.deepEqual((await charges(db)).filter((c) => c[1] === '2026-09' && c[2] === 'cold_water'), [
      ['001234567', '2026-09', 'cold_water', 178_133, 15_000, 163_133],
      ['001234568', '2026-09', 'cold_water', 50_000, 0, 50_000],
    ]);
  });

  it('a 1C-style CSV: month names, thousands of every kind, a subtotal row; a negative benefit without negativeFields is refused as written', async () => {
    const { db } = database();
    const text = (benefit: string, extra = '') =>
      'Начисления за октябрь 2026 г.;;;;;\r\n' +
      'Лицевой счет;Период;Код;Начислено;Льгота;К оплате\r\n' +
      '1234567;Октябрь 2026 г.;hot_water;1\u00a0781,33;;1\u202f781,33\r\n' +
      `1234568;ОКТЯБРЯ 2026;hot_water;1.000,00;${benefit};1'000,00\r\n` +
      ';;Итого по дому:;2 781,33;;2 781,33\r\n' +
      extra;
    const refusedPath = join(dir, `${ctx.engine}-1c-bad.csv`);
    writeFileSync(refusedPath, text('-1 000,00', '7654321;октябрь 2026;hot_water;1;;1\r\n'));
    const before = await snapshot(db);
    const refused = await load(db, refusedPath, { ...CSV_MAPPING, accountLength: 9 });
    assert.equal(refused.status, 'rejected');
    assert.deepEqual(refused.problems.map((p) => [p.line, p.field, p.column, p.value]), [
      [4, 'benefits', 'Льгота', '-1 000,00'],
      [6, 'account', 'Лицевой счет', '7654321'], // the loader's own finding names the column and quotes the cell as written
    ]);
    assert.match(refused.problems[0]!.message, /negativeFields/);
    assert.deepEqual(await snapshot(db), before);

    const path = join(dir, `${ctx.engine}-1c.csv`);
    writeFileSync(path, text(''));
    const result = await load(db, path, { ...CSV_MAPPING, accountLength: 9 });
    assert.equal(result.status, 'done', JSON.stringify(result.problems));
    assert.deepEqual((await charges(db)).filter((c) => c[1] === '2026-10' && c[2] === 'hot_water'), [
      ['001234567', '2026-10', 'hot_water', 178_133, 0, 178_133],
      ['001234568', '2026-10', 'hot_water', 100_000, 0, 100_000],
    ]);
  });

  it('the console preview reports as the run does: the file’s column, the value as written, the reader’s own findings', async () => {
    const { db } = database();
    const clerk = await createStaff(db, 'operator');
    const path = join(dir, `${ctx.engine}-preview.csv`);
    writeFileSync(path,
      'Лицевой счет;Период;Код;Начислено;Льгота;К оплате\r\n' +
      '1234567;202610;hot_water;1\u00a0781,33;-1 000,00;781,33\r\n' +
      '1234568;202610;hot_water;1,00;;1,00;лишнее\r\n');
    const fileId = registerUpload({ path, name: 'начисления.csv', size: 1, staffId: clerk.id, owned: false }).id;
    const preview = valueOf<{ rows: { line: number; cells: Record<string, string>; problems: { field: string; column?: string; value?: string }[] }[] }>(
      (await call(commandDeps(db), 'previewImport', { fileId, mapping: { ...CSV_MAPPING, headerRow: 1, accountLength: 9 } }, await sessionFor(db, clerk.id))).result,
    );
    assert.deepEqual(preview.rows.map((r) => [r.line, r.cells.account, r.cells.period, r.problems.map((p) => [p.field, p.column, p.value])]), [
      [2, '001234567', '2026-10', [['benefits', 'Льгота', '-1 000,00']]],
      [3, '001234568', '2026-10', [['row', undefined, 'лишнее']]],
    ]);
  });
});
