import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { dateConverter, numberConverter, periodConverter } from '../../../shared/import/cells.ts';
import { parseMapping, readMappingFile } from '../../../shared/import/mapping.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { ImportFileError } from '../../../shared/import/source.ts';
import { repoRoot } from '../../run-node-tests.ts';
import { fileError, readAll, tempDir, validRow } from './helpers.ts';

const file = tempDir();

describe('column mappings', () => {
  test('a 1C-style windows-1251 registry: header names, «#» lines, thousands, MM/DD/YYYY dates, a constant', async () => {
    const text =
      '# Реестр платежей за 11.2026\r\n' +
      'Л/С;Дата;Сумма, руб.;Ид\r\n' +
      '1000001;11/05/2026;1.234,50;P-1\r\n' +
      '# итого 1 строка\r\n';
    writeFileSync(file('bank.csv'), iconv.encode(text, 'windows-1251'));
    const mapping = parseMapping({
      name: 'Банк', kind: 'payments', encoding: 'windows-1251', delimiter: ';', skipLinesStartingWith: '#',
      dateFormat: 'MM/DD/YYYY', decimalSeparator: ',',
      columns: { account: 'л/с', paid_on: 'ДАТА', amount: 'Сумма, руб.', external_id: 'Ид' }, constants: { source: 'bank' },
    });
    const { file: opened, records } = await readAll(file('bank.csv'), { mapping });
    assert.equal(opened.kind, 'payments');
    assert.deepEqual(records.map(({ line, cells, raw }) => ({ line, cells, raw })), [{
      line: 3,
      cells: { account: '1000001', paid_on: '2026-11-05', amount: '1234.50', external_id: 'P-1', source: 'bank' },
      raw: { paid_on: '11/05/2026', amount: '1.234,50' }, // as written, for messages
    }]);
    assert.deepEqual(validRow('payments', records[0]!.cells), {
      account: '1000001', paid_on: '2026-11-05', amount: 123_450, period: null, external_id: 'P-1', source: 'bank',
    });
  });

  test('positions without a header, rows skipped at the top', async () => {
    writeFileSync(file('positions.csv'), 'отчёт\n1000001,x,2026-11,150.00\n1000002,y,2026-11,7\n');
    const mapping = parseMapping({
      name: 'Без заголовка', kind: 'payments', headerRow: 0, skipRows: 1, delimiter: ',',
      columns: { account: 1, period: 3, amount: 4, external_id: 2 }, constants: { paid_on: '2026-11-30' },
    });
    const { records } = await readAll(file('positions.csv'), { mapping });
    assert.deepEqual(records.map((r) => [r.line, r.cells.account, r.cells.amount, r.cells.paid_on]), [
      [2, '1000001', '150.00', '2026-11-30'],
      [3, '1000002', '7', '2026-11-30'],
    ]);
  });

  test('a header the mapping does not find is named', async () => {
    writeFileSync(file('nohdr.csv'), 'ЛС;Дата\n1;2\n');
    const mapping = parseMapping({ name: 'x', kind: 'payments', columns: { account: 'ЛС', paid_on: 'Дата', amount: 'Сумма', external_id: 5 } });
    await fileError(() => openImportFile(file('nohdr.csv'), { mapping }), /В файле нет столбцов: «Сумма» \(amount\), №5 \(external_id\)/, /Найдены: «ЛС», «Дата»/);
  });

  test('a bad mapping lists its problems in Russian', () => {
    assert.throws(
      () => parseMapping({ name: 'x', kind: 'charges', delimeter: ';', columns: { account: 1, totl: 2 } }),
      (error: unknown) => {
        assert.ok(error instanceof ImportFileError);
        assert.match(error.message, /неизвестные параметры delimeter/);
        assert.match(error.message, /Столбец totl: нет такого столбца/);
        assert.match(error.message, /Не указаны обязательные столбцы: period, service_code, charged, total/);
        return true;
      },
    );
    assert.throws(() => parseMapping({ name: 'x', kind: 'payments', headerRow: 0, columns: { account: 'ЛС' } }), /без строки заголовка указывайте номер/);
  });

  test('the example mappings in docs/mappings parse', async () => {
    const dir = join(repoRoot, 'docs', 'mappings');
    const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
    assert.ok(names.length >= 2);
    for (const name of names) await readMappingFile(join(dir, name));
  });
});

describe('cell normalisation', () => {
  test('dates in the mapping’s order become ISO; what does not fit is left for the schema', () => {
    assert.equal(dateConverter('MM/DD/YYYY')!('11/5/2026'), '2026-11-05');
    assert.equal(dateConverter('DD/MM/YYYY')!('05/11/2026 0:00:00'), '2026-11-05');
    assert.equal(dateConverter('YYYYMMDD')!('20261105'), '2026-11-05');
    assert.equal(dateConverter('DD.MM.YY')!('05.11.26'), '2026-11-05');
    assert.equal(dateConverter('MM/DD/YYYY')!('завтра'), 'завтра');
    assert.equal(dateConverter('DD.MM.YYYY'), null);
  });

  test('periods written as a date or a month name', () => {
    const period = periodConverter(undefined);
    assert.equal(period('01.11.2026'), '2026-11');
    assert.equal(period('2026-11-01 00:00:00'), '2026-11');
    assert.equal(period('Ноябрь 2026 г.'), '2026-11');
    assert.equal(period('мая 2026'), '2026-05');
    assert.equal(period('март 2026'), '2026-03');
    assert.equal(period('11.2026'), '11.2026');
  });

  test('numbers: thousands separators and the decimal mark', () => {
    assert.equal(numberConverter(',')('1.234.567,89'), '1234567.89');
    assert.equal(numberConverter('.')('1,234,567.89'), '1234567.89');
    assert.equal(numberConverter('auto')('1,234.5'), '1234.5');
    assert.equal(numberConverter('auto')('1.234,5'), '1234.5');
    assert.equal(numberConverter('auto')('1 234,5'), '1 234,5'); // fields.ts reads it as it is
  });
});
