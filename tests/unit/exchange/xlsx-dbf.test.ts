import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { openImportFile } from '../../../shared/import/open.ts';
import { parseMapping } from '../../../shared/import/mapping.ts';
import { accountRows, chargeRows, meterRows, take, writeDbf, writeXlsx } from '../../support/billing-files.ts';
import { assertSameRows, fileError, readAll, tempDir } from './helpers.ts';
import { eachRecord } from '../../../shared/import/source.ts';

const file = tempDir();

describe('XLSX files', () => {
  test('typed cells (numbers, dates) round-trip and validate; rows are numbered as in Excel', async () => {
    const rows = take(meterRows(20));
    await writeXlsx(file('meters.xlsx'), 'meters', rows);
    const { file: opened, records } = await readAll(file('meters.xlsx'));
    assert.equal(opened.kind, 'meters');
    assert.equal(opened.format, 'xlsx');
    assert.equal(records[0]!.cells.verification_due, '2026-03-01');
    assert.equal(records[0]!.cells.zones, '1');
    assert.equal(records[0]!.line, 2);
    assertSameRows('meters', records, rows);
    assert.equal(opened.progress().bytesRead, opened.progress().totalBytes);
  });

  test('text cells, a title row above the header and a chosen sheet by mapping', async () => {
    const rows = take(chargeRows(15));
    await writeXlsx(file('charges.xlsx'), 'charges', rows, { typed: false, preamble: [['Начисления за ноябрь 2026'], []], sheetName: 'Ноябрь' });
    const mapping = parseMapping({
      name: 'Excel', kind: 'charges', headerRow: 3, sheet: 'ноябрь',
      columns: { account: 'account', period: 'period', service_code: 'service_code', charged: 'charged', total: 'total' },
    });
    const { records } = await readAll(file('charges.xlsx'), { mapping });
    assert.equal(records[0]!.line, 4);
    assert.deepEqual(records[0]!.cells, { account: rows[0]!.account, period: '2026-11', service_code: 'heating', charged: '10.00', total: '10.00' });
    await fileError(() => openImportFile(file('charges.xlsx'), { mapping: { ...mapping, sheet: 'Декабрь' } }), /нет листа «Декабрь»/, /Ноябрь/);
  });

  test('Cyrillic text survives however the inflated XML is cut into chunks', async () => {
    // Thousands of distinct Cyrillic names: the shared strings run to hundreds of kilobytes, so
    // chunk boundaries fall inside two-byte letters many times over.
    const rows = take(accountRows(4000));
    await writeXlsx(file('accounts.xlsx'), 'accounts', rows, { typed: false });
    const { records } = await readAll(file('accounts.xlsx'));
    assert.equal(records.length, rows.length);
    const broken = records.filter((r) => /\uFFFD/.test(JSON.stringify(r.cells)));
    assert.deepEqual(broken.map((r) => r.line), [], 'no replacement characters');
    assert.deepEqual(records.map((r) => r.cells.owner_name), rows.map((r) => r.owner_name));
    assert.deepEqual(records.map((r) => r.cells.address), rows.map((r) => r.address));
  });

  test('a truncated or non-XLSX file gives a clear message', async () => {
    await writeXlsx(file('whole.xlsx'), 'charges', chargeRows(200));
    const bytes = readFileSync(file('whole.xlsx'));
    writeFileSync(file('cut.xlsx'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await fileError(() => openImportFile(file('cut.xlsx')), /XLSX повреждён или обрезан/);
    writeFileSync(file('text.xlsx'), 'account;period\n');
    await fileError(() => openImportFile(file('text.xlsx')), /не является книгой Excel/);
    const garbled = Buffer.from(bytes);
    garbled.fill(0x41, 200, Math.floor(bytes.length * 0.9));
    writeFileSync(file('garbled.xlsx'), garbled);
    await fileError(async () => {
      for await (const _ of eachRecord(await openImportFile(file('garbled.xlsx')))) void _;
    }, /XLSX повреждён/);
  });
});

describe('DBF files', () => {
  test('cp866 (guessed from the text) with numeric and date fields round-trips and validates', async () => {
    const rows = take(chargeRows(30));
    await writeDbf(file('charges.dbf'), 'charges', rows);
    const { file: opened, records } = await readAll(file('charges.dbf'));
    assert.equal(opened.format, 'dbf');
    assert.equal(opened.encoding, 'cp866');
    assert.equal(records[1]!.cells.service_name, rows[1]!.service_name);
    assert.equal(records[0]!.cells.tariff, '2850.12345');
    assert.equal(records[0]!.line, 2);
    assertSameRows('charges', records, rows);
  });

  test('windows-1251 from the language byte; dates become ISO', async () => {
    const rows = take(meterRows(5));
    await writeDbf(file('meters.dbf'), 'meters', rows, { encoding: 'windows-1251', languageDriver: 0xc9 });
    const { file: opened, records } = await readAll(file('meters.dbf'));
    assert.equal(opened.encoding, 'windows-1251');
    assert.equal(records[0]!.cells.serial, 'СВК-100000');
    assert.equal(records[0]!.cells.installed_on, '2020-03-15');
    assertSameRows('meters', records, rows);
  });

  test('a mapping by DBF field names and a constant', async () => {
    const rows = take(chargeRows(4));
    await writeDbf(file('lsch.dbf'), 'charges', rows, {
      columns: ['account', 'period', 'charged', 'total'],
      fieldNames: ['LSCH', 'PERIOD', 'NACH', 'ITOGO'],
    });
    const mapping = parseMapping({
      name: '1С DBF', kind: 'charges', format: 'dbf', encoding: 'cp866',
      columns: { account: 'lsch', period: 'PERIOD', charged: 'NACH', total: 'ITOGO' }, constants: { service_code: 'heating' },
    });
    const { file: opened, records } = await readAll(file('lsch.dbf'), { mapping });
    assert.deepEqual(opened.columns, ['account', 'period', 'service_code', 'charged', 'total']);
    assert.deepEqual(records[0]!.cells, { account: rows[0]!.account, period: '2026-11', charged: '10.00', total: '10.00', service_code: 'heating' });
  });

  test('a truncated DBF and a file that is not DBF give a clear message', async () => {
    await writeDbf(file('whole.dbf'), 'charges', chargeRows(100));
    const bytes = readFileSync(file('whole.dbf'));
    writeFileSync(file('cut.dbf'), bytes.subarray(0, bytes.length - 500));
    await fileError(() => openImportFile(file('cut.dbf')), /DBF обрезан: в заголовке 100 записей/);
    writeFileSync(file('junk.dbf'), Buffer.from('this is not a dbf file at all, just text'));
    await fileError(() => openImportFile(file('junk.dbf')), /DBF повреждён или это не DBF/);
  });
});
