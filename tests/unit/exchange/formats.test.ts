// Formats real billing exports use (issue 17, item 3): account numbers that lost their leading
// zeros, periods as 202609 / 0926 / «Сентябрь 2026», totals rows anywhere in the row, benefits
// written negative, thousands separators of every kind; and problems that name the file's own
// column and quote the cell as written.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DBFFile } from 'dbffile';
import iconv from 'iconv-lite';
import { accountConverter, numberConverter, periodConverter } from '../../../shared/import/cells.ts';
import { fastRowParser } from '../../../shared/import/fast-rows.ts';
import { parseMapping } from '../../../shared/import/mapping.ts';
import { problemsFromIssues } from '../../../shared/import/problems.ts';
import { importRowSchemas } from '../../../shared/import/rows.ts';
import { totalsRule } from '../../../shared/import/totals.ts';
import type { OpenedImportFile, SourceRecord } from '../../../shared/import/source.ts';
import { readAll, tempDir, validRow } from './helpers.ts';

const file = tempDir();

const CHARGE_COLUMNS = { account: 'ЛС', period: 'Период', service_code: 'Услуга', charged: 'Начислено', benefits: 'Льгота', total: 'Итого' };
const chargesMapping = (extra: Record<string, unknown> = {}) =>
  parseMapping({ name: 'Биллинг', kind: 'charges', delimiter: ';', columns: CHARGE_COLUMNS, ...extra });

/** The problems the loader would report for a record (schema issues, through the one report rule). */
function problems(opened: OpenedImportFile, record: SourceRecord) {
  const parsed = importRowSchemas[opened.kind].safeParse(record.cells);
  return parsed.success ? [] : problemsFromIssues(record, parsed.error.issues, opened.headers);
}

describe('account numbers stored as numbers', () => {
  test('the converter pads digits to the length and drops a numeric tail, and leaves anything else', () => {
    const pad = accountConverter(9);
    assert.equal(pad('1234567'), '001234567');
    assert.equal(pad('1234567.0'), '001234567');
    assert.equal(pad('1234567,00'), '001234567');
    assert.equal(pad('001234567'), '001234567');
    assert.equal(pad('12345678901'), '12345678901'); // longer: the lookup says it is not ours
    assert.equal(pad('12-345'), '12-345');
    assert.equal(pad('1234567.5'), '1234567.5');
    assert.equal(accountConverter(undefined)('1234567.0'), '1234567');
  });

  test('an XLSX numeric account cell and a CSV text one get their zeros back (accountLength)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['ЛС', 'Период', 'Услуга', 'Начислено', 'Итого']);
    sheet.addRow([1234567, 202609, 'heating', 100.5, 100.5]);
    sheet.addRow(['0007654321', 42026, 'heating', 1, 1]); // April 2026 as MMYYYY, not a serial date
    await workbook.xlsx.writeFile(file('numeric.xlsx'));
    const mapping = parseMapping({
      name: 'x', kind: 'charges', accountLength: 9,
      columns: { account: 'ЛС', period: 'Период', service_code: 'Услуга', charged: 'Начислено', total: 'Итого' },
    });
    const { file: opened, records } = await readAll(file('numeric.xlsx'), { mapping });
    assert.deepEqual(records.map((r) => [r.cells.account, r.cells.period]), [['001234567', '2026-09'], ['0007654321', '2026-04']]);
    assert.deepEqual(records[0]!.raw, { account: '1234567', period: '202609' });
    assert.equal(opened.headers?.account, 'ЛС');

    writeFileSync(file('short.csv'), 'ЛС;Период;Услуга;Начислено;Итого\r\n1234567;09.2026;heating;1;1\r\n');
    const csv = await readAll(file('short.csv'), { mapping: { ...mapping, delimiter: ';' } });
    assert.equal(csv.records[0]!.cells.account, '001234567');
  });

  test('a DBF N field: account, period (MMYY lost its zero) and a negative benefit', async () => {
    const dbf = await DBFFile.create(file('heat.dbf'), [
      { name: 'LSCH', type: 'N', size: 10, decimalPlaces: 0 },
      { name: 'PER', type: 'N', size: 4, decimalPlaces: 0 },
      { name: 'NACH', type: 'N', size: 12, decimalPlaces: 2 },
      { name: 'LGOTA', type: 'N', size: 12, decimalPlaces: 2 },
      { name: 'ITOGO', type: 'N', size: 12, decimalPlaces: 2 },
      { name: 'NOTE', type: 'C', size: 30 },
    ], { encoding: 'cp866' });
    await dbf.appendRecords([
      { LSCH: 1234567, PER: 926, NACH: 1000, LGOTA: -150, ITOGO: 850, NOTE: '' },
      { LSCH: null, PER: null, NACH: 1000, LGOTA: -150, ITOGO: 850, NOTE: 'ИТОГО по дому' },
    ]);
    const mapping = parseMapping({
      name: 'РЦ', kind: 'charges', format: 'dbf', encoding: 'cp866', accountLength: 9, periodFormat: 'MMYY', negativeFields: ['benefits'],
      columns: { account: 'LSCH', period: 'PER', charged: 'NACH', benefits: 'LGOTA', total: 'ITOGO' }, constants: { service_code: 'heating' },
    });
    const { records } = await readAll(file('heat.dbf'), { mapping });
    assert.equal(records.length, 1, 'the totals record is skipped');
    assert.deepEqual(records[0]!.cells, { account: '001234567', period: '2026-09', charged: '1000.00', benefits: '150.00', total: '850.00', service_code: 'heating' });
    assert.deepEqual((validRow('charges', records[0]!.cells) as { benefits: number }).benefits, 15_000);
  });
});

describe('periods', () => {
  test('every unambiguous form with auto; MMYY and YYMM only when declared', () => {
    const auto = periodConverter({});
    const cases: [string, string][] = [
      ['202609', '2026-09'], ['092026', '2026-09'], ['92026', '2026-09'], ['09.2026', '09.2026'], ['2026-09', '2026-09'],
      ['Сентябрь 2026', '2026-09'], ['СЕНТЯБРЬ 2026 Г.', '2026-09'], ['сентября 2026 года', '2026-09'], ['Май, 2026г', '2026-05'],
      ['15.09.2026', '2026-09'], ['2026-09-30 00:00:00', '2026-09'], ['01.11.2026', '2026-11'],
      ['0926', '0926'], ['202613', '202613'], ['31.02.2026', '31.02.2026'], ['Сентябрище 2026', 'Сентябрище 2026'], ['2026', '2026'],
    ];
    for (const [text, expected] of cases) assert.equal(auto(text), expected, text);
    assert.equal(periodConverter({ periodFormat: 'MMYY' })('0926'), '2026-09');
    assert.equal(periodConverter({ periodFormat: 'MMYY' })('926'), '2026-09');
    assert.equal(periodConverter({ periodFormat: 'MMYY' })('1326'), '1326');
    assert.equal(periodConverter({ periodFormat: 'YYMM' })('2609'), '2026-09');
    assert.equal(periodConverter({ dateFormat: 'MM/DD/YYYY' })('09/15/2026'), '2026-09');
  });

  test('a CSV of 1C’s shapes: «Сентябрь 2026 г.» and 202609 through a mapping, 0926 under periodFormat MMYY', async () => {
    writeFileSync(file('periods.csv'), iconv.encode('ЛС;Период;Услуга;Начислено;Льгота;Итого\r\n1000001;Сентябрь 2026 г.;heating;1;;1\r\n1000001;202609;water;1;;1\r\n', 'windows-1251'));
    const { records } = await readAll(file('periods.csv'), { mapping: chargesMapping() });
    assert.deepEqual(records.map((r) => r.cells.period), ['2026-09', '2026-09']);
    writeFileSync(file('mmyy.csv'), 'ЛС;Период;Услуга;Начислено;Льгота;Итого\r\n1000001;0926;heating;1;;1\r\n');
    const declared = await readAll(file('mmyy.csv'), { mapping: chargesMapping({ periodFormat: 'MMYY' }) });
    assert.equal(declared.records[0]!.cells.period, '2026-09');
    const undeclared = await readAll(file('mmyy.csv'), { mapping: chargesMapping() });
    const [problem] = problems(undeclared.file, undeclared.records[0]!);
    assert.deepEqual([problem?.field, problem?.column, problem?.value], ['period', 'Период', '0926']);
    assert.match(problem!.message, /0926, читается, если в сопоставлении указан periodFormat MMYY/);
  });
});

describe('totals rows', () => {
  test('a cell starting with a totals word, in any case and any column, is a totals row; «Итоговая» is not', () => {
    const rule = totalsRule(['Итого', 'Всего', 'Итог']);
    for (const cell of ['Итого', 'ИТОГО:', 'Итого по дому:', ' всего', 'Итог', 'итог.', 'Всего 12 строк']) assert.equal(rule.cell(cell), true, cell);
    for (const cell of ['Итоговая ул.', 'Всеволод', 'Всегоднев', '1000001', 'heating', '', 'Промежуточный итог']) assert.equal(rule.cell(cell), false, cell);
    assert.equal(rule.row(['', '', 'Итого по дому:', '15 000,00']), true);
    assert.equal(totalsRule(['Подытог', 'Сумма по']).cell('СУММА ПО ДОМУ'), true);
    assert.equal(totalsRule([]).cell('Итого'), false);
  });

  test('skipped in a canonical file (default words) and under a mapping (its words), CSV and XLSX', async () => {
    writeFileSync(file('totals.csv'),
      'account;period;service_code;charged;total\r\n' +
      '1000001;11.2026;heating;10,00;10,00\r\n' +
      ';;Итого по дому:;10,00;10,00\r\n' +
      '1000002;11.2026;heating;5,00;5,00\r\n' +
      ';;;;ВСЕГО\r\n');
    const canonical = await readAll(file('totals.csv'));
    assert.deepEqual(canonical.records.map((r) => r.line), [2, 4]);

    writeFileSync(file('words.csv'), 'ЛС;Период;Услуга;Начислено;Льгота;Итого\r\n1000001;11.2026;heating;1;;1\r\nПодытог;;;1;;1\r\nИтого;;;1;;1\r\n');
    const custom = await readAll(file('words.csv'), { mapping: chargesMapping({ totalsWords: ['Подытог'] }) });
    assert.deepEqual(custom.records.map((r) => r.line), [2, 4], '«Итого» is not a totals word of this mapping: the row stays, to be refused');

    // In a column the mapping does not read, and past the header.
    writeFileSync(file('unpicked.csv'), 'Адрес;ЛС;Период;Услуга;Начислено;Льгота;Итого\r\nд. 1;1000001;11.2026;heating;1;;1\r\nИтого по дому 1:;;;;1;;1\r\n;;;;1;;1;Всего\r\n');
    const unpicked = await readAll(file('unpicked.csv'), { mapping: chargesMapping() });
    assert.deepEqual(unpicked.records.map((r) => r.line), [2]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['account', 'period', 'service_code', 'charged', 'total']);
    sheet.addRow(['1000001', '11.2026', 'heating', 10, 10]);
    sheet.addRow([null, null, 'Всего:', 10, 10]);
    await workbook.xlsx.writeFile(file('totals.xlsx'));
    const xlsx = await readAll(file('totals.xlsx'));
    assert.deepEqual(xlsx.records.map((r) => r.line), [2]);
  });
});

describe('signed amounts and thousands separators', () => {
  test('negativeFields: «-150,00» becomes 150, a positive value stays; without it the refusal names the option', async () => {
    writeFileSync(file('benefits.csv'), 'ЛС;Период;Услуга;Начислено;Льгота;Итого\r\n1000001;11.2026;heating;1000,00;-150,00;850,00\r\n1000001;11.2026;water;10,00;5,00;5,00\r\n');
    const signed = await readAll(file('benefits.csv'), { mapping: chargesMapping({ negativeFields: ['benefits'] }) });
    assert.deepEqual(signed.records.map((r) => (validRow('charges', r.cells) as { benefits: number }).benefits), [15_000, 500]);
    assert.deepEqual(signed.records[0]!.raw, { benefits: '-150,00' });

    const plain = await readAll(file('benefits.csv'), { mapping: chargesMapping() });
    const [problem] = problems(plain.file, plain.records[0]!);
    assert.equal(problem?.field, 'benefits');
    assert.equal(problem?.column, 'Льгота');
    assert.equal(problem?.value, '-150,00');
    assert.match(problem!.message, /Льготы: не может быть отрицательным.*negativeFields/);
  });

  test('a mapping may not flip the sign of a signed field or name a field it does not have', () => {
    assert.throws(() => chargesMapping({ negativeFields: ['recalculation'] }), /нет в columns/);
    assert.throws(() => parseMapping({ name: 'x', kind: 'charges', columns: { ...CHARGE_COLUMNS, recalculation: 'П' }, negativeFields: ['recalculation'] }), /recalculation бывает и отрицательным/);
    assert.throws(() => chargesMapping({ negativeFields: ['total'] }), /total бывает и отрицательным/);
    assert.throws(() => chargesMapping({ negativeFields: ['benifits'] }), /нет столбца benifits/);
    assert.throws(() => chargesMapping({ negativeFields: ['account'] }), /account — не число/);
    assert.throws(() => parseMapping({ name: 'x', kind: 'meters', periodFormat: 'MMYY', columns: { account: 1, service_code: 2, serial: 3, zones: 4, verification_due: 5 }, headerRow: 0 }), /нет столбца period/);
  });

  test('every thousands separator, and the decimal mark by the mapping or by position', () => {
    const auto = numberConverter('auto');
    const cases: [string, string][] = [
      ['1.234,56', '1234.56'], ['1,234.56', '1234.56'], ['-1 781,33', '-1 781,33'], ['1\u00a0234,56', '1\u00a0234,56'],
      ['1\u202f234,56', '1\u202f234,56'], ['1\u2009234,56', '1\u2009234,56'], ["1'234.56", '1234.56'], ['1’234,56', '1234,56'],
      ['1.234.567', '1234567'], ['1,234,567', '1234567'], ['\u22121 781,33', '-1781,33'], ['12.34,5', '12.34,5'], ['1,234', '1,234'],
    ];
    for (const [text, expected] of cases) assert.equal(auto(text), expected, text);
    assert.equal(numberConverter(',')('1.234'), '1234');
    assert.equal(numberConverter(',')("1'234,5"), '1234,5');
    assert.equal(numberConverter('.')('1,234'), '1234');
    assert.equal(numberConverter('.')('1 234.5'), '1 234.5');
    // Each result is money the schema and the fast path read alike.
    const fast = fastRowParser('payments');
    for (const [text, kopecks] of [['1.234,56', 123_456], ['1\u2009234,56', 123_456], ["1'234.56", 123_456], ['1 781,33', 178_133]] as const) {
      const cells = { account: '1000001', paid_on: '2026-11-05', amount: auto(text), external_id: 'P' };
      assert.equal((validRow('payments', cells) as { amount: number }).amount, kopecks, text);
      assert.equal(fast(cells)?.amount, kopecks, text);
    }
  });

  test('a row problem names the file’s header and quotes the cell as written', async () => {
    writeFileSync(file('pay.csv'), 'Лицевой;Дата платежа;Сумма платежа;Номер\r\n1000001;05.11.2026;-1 781,33;P1\r\n1000001;05.11.2026;1.234,5x;P2\r\n');
    const mapping = parseMapping({
      name: 'Банк', kind: 'payments', delimiter: ';', decimalSeparator: ',',
      columns: { account: 'Лицевой', paid_on: 'Дата платежа', amount: 'Сумма платежа', external_id: 'Номер' },
    });
    const { file: opened, records } = await readAll(file('pay.csv'), { mapping });
    assert.deepEqual(problems(opened, records[0]!).map((p) => [p.line, p.field, p.column, p.value]), [[2, 'amount', 'Сумма платежа', '-1 781,33']]);
    assert.deepEqual(problems(opened, records[1]!).map((p) => [p.line, p.field, p.column, p.value]), [[3, 'amount', 'Сумма платежа', '1.234,5x']]);
  });
});
