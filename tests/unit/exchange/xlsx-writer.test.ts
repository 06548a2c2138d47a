// The hand-written XLSX writer: its date arithmetic agrees with Date.UTC, and what it writes —
// repeated text kept once as shared strings, text needing escapes or keeping its spaces, numbers
// and dates — reads back the same through exceljs' full reader and through our own importer's
// streaming reader.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { excelSerial, createXlsxWriter } from '../../../shared/export/xlsx.ts';
import { openSink } from '../../../shared/export/sink.ts';
import { parseMapping } from '../../../shared/import/mapping.ts';
import type { ExportColumn, ExportRow } from '../../../shared/export/table.ts';
import { readAll, tempDir } from './helpers.ts';

const file = tempDir();

it('excelSerial gives the serial Date.UTC gives, for dates and date-times from 1900 to 2100', () => {
  const viaDate = (value: string) => {
    const [y, m, d] = [Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))];
    const seconds = value.length >= 19 ? Number(value.slice(11, 13)) * 3600 + Number(value.slice(14, 16)) * 60 + Number(value.slice(17, 19)) : 0;
    return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000 + seconds / 86_400;
  };
  for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2100, 11, 31); t += 86_400_000 * 7 + 3_723_000) {
    const iso = new Date(t).toISOString();
    const date = iso.slice(0, 10);
    const dateTime = `${date} ${iso.slice(11, 19)}`;
    assert.equal(excelSerial(date), viaDate(date), date);
    assert.equal(excelSerial(dateTime), viaDate(dateTime), dateTime);
  }
  for (const leap of ['2000-02-29', '2024-02-29', '2100-03-01', '1900-03-01']) assert.equal(excelSerial(leap), viaDate(leap), leap);
  assert.equal(excelSerial('2026-11-24'), 46_350);
});

const COLUMNS: readonly ExportColumn[] = [
  { name: 'account', type: 'text', width: 14 },
  { name: 'service', type: 'text', width: 20, repeats: true },
  { name: 'zone', type: 'integer', width: 6 },
  { name: 'value', type: 'decimal', width: 12 },
  { name: 'taken_on', type: 'date', width: 12 },
  { name: 'submitted_at', type: 'datetime', width: 20 },
  { name: 'note', type: 'text', width: 20, repeats: true },
];

const ROWS: ExportRow[] = Array.from({ length: 3_000 }, (_, i) => [
  String(10_000_000 + i),
  ['Холодное водоснабжение', 'Электроэнергия', 'A & B <"c">'][i % 3] ?? '',
  (i % 2) + 1,
  `${i}.${String(i % 1000).padStart(3, '0')}`,
  `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
  `2026-11-24 ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07`,
  i % 5 === 0 ? null : i % 5 === 1 ? '  с пробелами  ' : `уникальная ${i}`,
]);

async function written(): Promise<string> {
  const path = file('table.xlsx');
  const sink = openSink(path);
  const writer = createXlsxWriter(sink, COLUMNS, { sheetName: 'Лист & <1>', now: new Date(Date.UTC(2026, 10, 24, 9)) });
  await writer.writeRows(ROWS.slice(0, 1_234));
  await writer.writeRows(ROWS.slice(1_234));
  await writer.finish();
  await sink.close();
  return path;
}

it('writes repeated text once as shared strings, and exceljs reads every cell back as written', async () => {
  const path = await written();
  const sharedXml = execFileSync('unzip', ['-p', path, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.match(sharedXml, /uniqueCount="[0-9]+"/);
  assert.equal((sharedXml.match(/Холодное водоснабжение/g) ?? []).length, 1, 'a repeated value is kept once');
  assert.ok(sharedXml.includes('A &amp; B &lt;&quot;c&quot;&gt;'), 'escaped in the table');
  assert.ok(sharedXml.includes('<t xml:space="preserve">  с пробелами  </t>'), 'spaces kept');

  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.worksheets[0];
  assert.ok(sheet);
  assert.equal(sheet.name, 'Лист & <1>');
  assert.equal(sheet.rowCount, ROWS.length + 1);
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), COLUMNS.map((c) => c.name));
  for (const [k, expected] of ROWS.entries()) {
    const row = sheet.getRow(k + 2);
    const iso = (c: number) => (row.getCell(c).value as Date).toISOString().slice(0, 19).replace('T', ' ');
    assert.deepEqual(
      [row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value, iso(5).slice(0, 10), iso(6), row.getCell(7).value],
      [expected[0], expected[1], expected[2], Number(expected[3]), expected[4], expected[5], expected[6]],
      `row ${k + 2}`,
    );
    assert.equal(row.getCell(4).numFmt, ['0', '0.0', '0.00', '0.000'][Math.min(3, String(expected[3]).split('.')[1]?.length ?? 0)]);
  }
});

it('the importer\'s streaming reader takes the same file', async () => {
  const mapping = parseMapping({
    name: 'проверка', kind: 'readings', format: 'xlsx',
    columns: { account: 'account', service_code: 'service', serial: 'note', zone: 'zone', value: 'value', taken_on: 'taken_on' }, constants: { period: '2026-11' },
  });
  const { records } = await readAll(await written(), { mapping });
  assert.equal(records.length, ROWS.length);
  // Cyrillic text included (exceljs's streaming parser is patched to decode across chunk
  // boundaries: patches/exceljs+4.4.0.patch).
  for (const [k, record] of records.entries()) {
    const expected = ROWS[k] as ExportRow;
    assert.deepEqual(
      [record.cells.account, record.cells.service_code, record.cells.serial, Number(record.cells.zone), Number(record.cells.value), record.cells.taken_on],
      [expected[0], expected[1], expected[6] ?? '', expected[2], Number(expected[3]), expected[4]],
    );
  }
});
