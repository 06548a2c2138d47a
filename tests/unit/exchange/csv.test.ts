import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { CsvParser, detectDelimiter, type CsvRecord } from '../../../shared/import/csv-parser.ts';
import { parseMapping } from '../../../shared/import/mapping.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { accountRows, chargeRows, paymentRows, take, writeChargesCsv, writeCsv } from '../../support/billing-files.ts';
import { assertSameRows, fileError, readAll, tempDir } from './helpers.ts';
import { eachRecord } from '../../../shared/import/source.ts';

const file = tempDir();
const paymentsMapping = {
  name: 'Платежи',
  kind: 'payments',
  columns: { account: 'account', paid_on: 'paid_on', amount: 'amount', external_id: 'external_id' },
};

describe('CSV files in the canonical layout', () => {
  test('UTF-8 with «;» round-trips to the canonical cells, kind found from the header', async () => {
    const rows = take(chargeRows(25));
    await writeChargesCsv(file('utf8.csv'), rows);
    const { file: opened, records } = await readAll(file('utf8.csv'));
    assert.equal(opened.kind, 'charges');
    assert.equal(opened.format, 'csv');
    assert.equal(opened.encoding, 'utf-8');
    assert.deepEqual(records.map((r) => r.cells), rows);
    assert.deepEqual(records.map((r) => r.line), rows.map((_, i) => i + 2));
    assert.deepEqual(opened.progress(), { bytesRead: opened.progress().totalBytes, totalBytes: opened.progress().totalBytes });
  });

  test('windows-1251 with decimal commas is detected without a mapping and validates', async () => {
    const rows = take(chargeRows(40));
    await writeChargesCsv(file('cp1251.csv'), rows, { encoding: 'windows-1251', decimalComma: true });
    const { file: opened, records } = await readAll(file('cp1251.csv'));
    assert.equal(opened.encoding, 'windows-1251');
    assert.equal(records[0]!.cells.service_name, 'Отопление');
    assert.equal(records[0]!.cells.charged, '10,00');
    assertSameRows('charges', records, rows);
  });

  test('windows-1251 whose first megabyte is plain ASCII still decodes the Russian text after it', async () => {
    const rows = take(accountRows(20_000)).map((r, i) => (i < 19_999 ? { ...r, owner_name: 'Ivanov', address: 'Desnogorsk' } : r));
    await writeCsv(file('late-cyrillic.csv'), 'accounts', rows, { encoding: 'windows-1251' });
    const { file: opened, records } = await readAll(file('late-cyrillic.csv'));
    assert.equal(records.at(-1)!.cells.owner_name, rows.at(-1)!.owner_name);
    assert.equal(opened.encoding, 'windows-1251');
  });

  test('tab and comma delimiters, LF line ends and a BOM', async () => {
    const rows = take(paymentRows(10));
    await writeCsv(file('tab.csv'), 'payments', rows, { delimiter: '\t', lineEnd: '\n' });
    await writeCsv(file('comma.csv'), 'payments', rows, { delimiter: ',', bom: true });
    for (const name of ['tab.csv', 'comma.csv']) {
      const { file: opened, records } = await readAll(file(name));
      assert.equal(opened.kind, 'payments');
      assert.deepEqual(records.map((r) => r.cells), rows, name);
    }
  });

  test('quoted fields keep «;», quotes and line breaks; lines are counted as in Notepad', async () => {
    const text =
      'account;paid_on;amount;external_id\r\n' +
      '1000001;05.11.2026;"1 500,00";"A;1"\r\n' +
      '1000002;05.11.2026;200;"say ""hi""\r\nsecond line"\r\n' +
      '\r\n' +
      '1000003;2026-11-06;300.5;C\r\n';
    writeFileSync(file('quoted.csv'), text);
    const { records } = await readAll(file('quoted.csv'), { kind: 'payments' });
    assert.deepEqual(
      records.map((r) => [r.line, r.cells.amount, r.cells.external_id]),
      [
        [2, '1 500,00', 'A;1'],
        [3, '200', 'say "hi"\r\nsecond line'],
        [6, '300.5', 'C'],
      ],
    );
  });

  test('Russian header names are accepted', async () => {
    writeFileSync(file('ru.csv'), 'Лицевой счёт;Дата оплаты;Сумма;Номер платежа\n1000001;05.11.2026;100,50;P1\n');
    const { file: opened, records } = await readAll(file('ru.csv'));
    assert.equal(opened.kind, 'payments');
    assert.deepEqual(records[0]!.cells, { account: '1000001', paid_on: '05.11.2026', amount: '100,50', external_id: 'P1' });
  });

  test('a row with fewer values than the header, or a stray delimiter, carries a problem', async () => {
    writeFileSync(file('short.csv'), 'account;paid_on;amount;external_id\n1000001;05.11.2026;100\n1000002;05.11.2026;1;5;P2\n1000003;05.11.2026;7;P3;\n');
    const { records } = await readAll(file('short.csv'));
    assert.match(records[0]!.problems![0]!.message, /обрезана/);
    assert.equal(records[0]!.problems![0]!.line, 2);
    assert.match(records[1]!.problems![0]!.message, /лишний разделитель/);
    assert.equal(records[2]!.problems, undefined, 'a trailing empty value is harmless');
  });

  test('abort stops reading promptly with the signal’s reason', async () => {
    await writeChargesCsv(file('abort.csv'), chargeRows(20_000));
    const opened = await openImportFile(file('abort.csv'));
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(async () => {
      for await (const _ of eachRecord(opened, controller.signal)) {
        if (++seen === 100) controller.abort();
      }
    }, { name: 'AbortError' });
    assert.equal(seen, 100);
  });
});

describe('CSV problems that stop the import', () => {
  test('an empty file, or one with only blank lines', async () => {
    writeFileSync(file('empty.csv'), '');
    writeFileSync(file('blank.csv'), '\r\n\r\n');
    await fileError(() => openImportFile(file('empty.csv')), /Файл пуст/);
    await fileError(() => openImportFile(file('blank.csv')), /Файл пуст/);
  });

  test('missing columns are named, with what was found', async () => {
    writeFileSync(file('wrong.csv'), 'account;service_code;charged\n1000001;heating;1\n');
    await fileError(() => openImportFile(file('wrong.csv'), { kind: 'charges' }), /нет столбцов: period, total/, /Найдены: «account», «service_code», «charged»/);
    await fileError(() => openImportFile(file('wrong.csv')), /Не удалось определить вид данных/, /period/);
  });

  test('unknown columns in the canonical layout are named', async () => {
    writeFileSync(file('unknown.csv'), 'account;paid_on;amount;external_id;Примечание\n');
    await fileError(() => openImportFile(file('unknown.csv')), /Неизвестные столбцы: «Примечание»/);
  });

  test('a file cut inside a quoted value', async () => {
    writeFileSync(file('cut.csv'), 'account;paid_on;amount;external_id\n1000001;05.11.2026;1;"P1\n');
    // small files are parsed whole at open; big ones fail while streaming — the same error either way
    await fileError(async () => {
      for await (const _ of eachRecord(await openImportFile(file('cut.csv')))) void _;
    }, /Строка 2: кавычка не закрыта/);
  });

  test('a mapping that says UTF-8 for a windows-1251 file', async () => {
    writeFileSync(file('bad-utf8.csv'), iconv.encode('account;paid_on;amount;external_id\n1000001;05.11.2026;1;Платёж\n', 'windows-1251'));
    const mapping = parseMapping({ ...paymentsMapping, encoding: 'utf-8' });
    await fileError(() => openImportFile(file('bad-utf8.csv'), { mapping }), /не в кодировке UTF-8/);
  });

  test('UTF-8 (by the mapping) that breaks after the first megabyte is reported while streaming', async () => {
    await writeCsv(file('late-bad.csv'), 'payments', paymentRows(40_000));
    appendFileSync(file('late-bad.csv'), Buffer.concat([Buffer.from('1000001;05.11.2026;1;'), iconv.encode('Платёж', 'windows-1251'), Buffer.from('\r\n')]));
    const opened = await openImportFile(file('late-bad.csv'), { mapping: parseMapping({ ...paymentsMapping, encoding: 'utf-8' }) });
    await fileError(async () => {
      for await (const _ of eachRecord(opened)) void _;
    }, /^Файл не в кодировке UTF-8: неверные байты в строке 40002\. /);
  });
});

describe('CsvParser', () => {
  const parseAll = (text: string, chunk: number, delimiter = ';') => {
    const parser = new CsvParser(delimiter);
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk), out);
    parser.end(out);
    return out.map((r) => [r.line, ...r.fields]);
  };
  const sample = 'a;b\r\n"x\r\ny";"q""q"\r\n\r\nlast;"t"ail\rCR;only\n;\n"end"';
  const expected = [[1, 'a', 'b'], [2, 'x\r\ny', 'q"q'], [5, 'last', 'tail'], [6, 'CR', 'only'], [7, '', ''], [8, 'end']];

  test('every chunk size gives the same records and lines', () => {
    for (const size of [1, 2, 3, 5, 7, 64]) assert.deepEqual(parseAll(sample, size), expected, `chunk ${size}`);
  });

  test('comment lines are skipped', () => {
    const parser = new CsvParser(';', '#');
    const out: CsvRecord[] = [];
    parser.push('# header of the registry\na;b\n#total;1\nc;d\n', out);
    parser.end(out);
    assert.deepEqual(out.map((r) => [r.line, ...r.fields]), [[2, 'a', 'b'], [4, 'c', 'd']]);
  });

  test('delimiter detection prefers the consistent split over a decimal comma', () => {
    assert.equal(detectDelimiter(['1000001;12,50;3', '1000002;7;4,25']), ';');
    assert.equal(detectDelimiter(['a\tb\tc', 'd\te\tf']), '\t');
    assert.equal(detectDelimiter(['a,b,c', '"x;y",2,3']), ',');
  });
});
