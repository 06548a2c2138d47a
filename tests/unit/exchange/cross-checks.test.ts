// Cross-checks that catch a wrong mapping: the mapping's own `expect` and `control` are judged
// when it is read; a file of another shape is refused when opened, naming line, column and
// reason; a registry's control line must agree with its rows; plausibility warnings name what
// looks like a wrong column. Files are written the way the real systems write them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parseMapping, type ColumnMapping } from '../../../shared/import/mapping.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { PlausibilityProbe } from '../../../shared/import/plausibility.ts';
import type { ImportKind } from '../../../shared/import/rows.ts';
import type { SourceRecord } from '../../../shared/import/source.ts';
import { repoRoot } from '../../run-node-tests.ts';
import { writeBankRegistry, writeStatementCsv, type RegistryPayment } from '../../support/real-exports.ts';
import { fileError, readAll, tempDir, validRow } from './helpers.ts';

/** The warnings of a handful of records, as the probe gives them after seeing them. */
function plausibilityWarnings(kind: ImportKind, records: Iterable<SourceRecord>): string[] {
  const probe = new PlausibilityProbe(kind);
  for (const record of records) probe.see(record);
  return probe.warnings();
}

const file = tempDir();
const shipped = (name: string): ColumnMapping => parseMapping(JSON.parse(readFileSync(join(repoRoot, 'docs', 'mappings', name), 'utf8')));
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const payments = (n: number): RegistryPayment[] =>
  Array.from({ length: n }, (_, i) => ({ account: String(10_001 + i).padStart(8, '0'), paidOn: '2026-09-05', period: '2026-09', kopecks: 150_000 + i * 1_000 }));

describe('a mapping’s expect and control', () => {
  const base = { name: 'Реестр', kind: 'payments', headerRow: 0, columns: { account: 1, paid_on: 2, amount: 3, external_id: 4 } } as const;

  test('are judged when the mapping is read, every problem in Russian', () => {
    assert.throws(
      () => parseMapping({ ...base, expect: { headerWords: ['Сумма'], patterns: { amount: '^(\\d+', period: '^\\d{4}$' } } }),
      (error: Error) => {
        assert.match(error.message, /Образец для amount: не регулярное выражение/);
        assert.match(error.message, /Образец для period: такого столбца нет в columns/);
        assert.match(error.message, /у файла без строки заголовка \(headerRow 0\) слов заголовка нет/);
        return true;
      },
    );
    assert.throws(() => parseMapping({ ...base, expect: { columns: 3 } }), /expect.columns: 3 столб., а в columns указан столбец 4/);
    assert.throws(() => parseMapping({ ...base, control: { prefix: '=' } }), /укажите номер числа платежей \(count\) и\/или суммы \(sum\)/);
    assert.throws(() => parseMapping({ ...base, format: 'xlsx', control: { prefix: '=', count: 1 } }), /только в текстовых файлах/);
    assert.throws(() => parseMapping({ ...base, skipLinesStartingWith: '=', control: { prefix: '=', count: 1 } }), /пропускалась бы параметром skipLinesStartingWith/);
    assert.throws(
      () => parseMapping({ name: 'x', kind: 'meters', headerRow: 0, columns: { account: 1, service_code: 2, serial: 3, zones: 4, verification_due: 5 }, control: { prefix: '#', sum: 2 } }),
      /control.sum: у вида meters нет суммы/,
    );
    assert.throws(() => parseMapping({ ...base, control: { prefix: '=', count: 1, total: 2 } }), /control: неизвестные параметры total/);
    assert.doesNotThrow(() => parseMapping({ ...base, expect: { columns: 4, patterns: { amount: '^\\d+,\\d{2}$' } }, control: { prefix: '=', count: 1, sum: 2 } }));
  });
});

describe('the Сбербанк registry mapping', () => {
  const sber = shipped('sberbank-payments-registry.json');

  test('reads a registry written as Сбербанк writes it: the control line is no payment', async () => {
    writeBankRegistry(file('right.txt'), payments(3));
    const { file: opened, records } = await readAll(file('right.txt'), { mapping: sber });
    assert.equal(records.length, 3);
    assert.deepEqual(validRow('payments', records[0]!.cells), { paid_on: '2026-09-05', external_id: '700000123', account: '00010001', period: '2026-09', amount: 150_000, source: 'bank' });
    assert.deepEqual(opened.warnings?.(), []);
  });

  test('refuses a registry of another column order when it is opened, naming line, column and value', async () => {
    writeBankRegistry(file('other.txt'), payments(3), { layout: 'other-bank' });
    await fileError(() => openImportFile(file('other.txt'), { mapping: sber }), /сопоставление «Сбербанк: реестр платежей ЖКХ/, /строка 1, столбец 10 \(amount\): «0926» не подходит под образец/, /файл не загружен/);
  });

  test('refuses a registry with another number of columns', async () => {
    writeBankRegistry(file('wide.txt'), payments(2));
    const lines = iconv.decode(readFileSync(file('wide.txt')), 'win1251').split('\r\n');
    writeFileSync(file('wide.txt'), iconv.encode(lines.map((l) => (/^\d/.test(l) ? `${l};1` : l)).join('\r\n'), 'win1251'));
    await fileError(() => openImportFile(file('wide.txt'), { mapping: sber }), /строка 1: 13 знач\., а ожидается 12/);
  });

  test('refuses a registry whose control line disagrees with its rows, with both figures', async () => {
    writeBankRegistry(file('short.txt'), payments(11), { control: { count: 12, kopecks: 1_534_000 } });
    const message = spaces(await fileError(() => readAll(file('short.txt'), { mapping: sber })));
    assert.match(message, /В контрольной строке \(строка 12\) 12 платежей на 15 340,00 ₽, а в файле 11 платежей на 17 050,00 ₽/);
  });

  test('refuses a registry without its control line', async () => {
    writeBankRegistry(file('none.txt'), payments(2), { control: 'none' });
    await fileError(() => readAll(file('none.txt'), { mapping: sber }), /В файле нет контрольной строки \(начинается с «=»/);
  });

  test('without the cross-checks the other order would load wrong money: the warnings still say so', async () => {
    const { expect: _e, control: _c, periodFormat: _p, ...bare } = sber;
    const careless = parseMapping({ ...bare, columns: { paid_on: 1, external_id: 5, account: 6, amount: 10 } });
    writeBankRegistry(file('other2.txt'), payments(4), { layout: 'other-bank' });
    const { file: opened, records } = await readAll(file('other2.txt'), { mapping: careless });
    assert.equal(records[0]!.cells.amount, '0926'); // 926 roubles: the defect
    const warnings = opened.warnings?.() ?? [];
    assert.ok(warnings.some((w) => /Столбец 10 \(amount\): значения похожи на периоды \(0926…\)/.test(w)), warnings.join('\n'));
  });
});

describe('the 1C:ЖКХ statement mapping', () => {
  test('refuses a file whose header lacks the statement’s words', async () => {
    writeStatementCsv(file('osv.csv'), [], { header: ['Лицевой счет', 'Адрес', 'Сальдо на начало', 'Начислено', 'Оплачено', 'Сальдо на конец'] });
    await fileError(() => openImportFile(file('osv.csv'), { mapping: shipped('1c-zhkh-charges-csv.json') }), /в строке заголовка нет «Период», «Услуга», «К оплате»/);
  });
});

describe('plausibility warnings', () => {
  test('a canonical file gets them too, naming its own header', async () => {
    const lines = ['Лицевой счёт;Дата оплаты;Сумма оплаты;Номер платежа', ...[0, 1, 2, 3].map((i) => `0001000${i + 1};05.09.2026;0${6 + (i % 3)}26;P-${i}`)];
    writeFileSync(file('canonical.csv'), lines.join('\n'));
    const { file: opened } = await readAll(file('canonical.csv'));
    assert.match((opened.warnings?.() ?? []).join(), /Столбец «Сумма оплаты» \(amount\): значения похожи на периоды \(0626, 0726, 0826…\)/);
  });

  const record = (line: number, cells: Record<string, string>): SourceRecord => ({ line, cells });

  test('amounts like periods or dates, one amount everywhere, payment numbers that repeat or are dates', () => {
    const rows = (amount: (i: number) => string, id: (i: number) => string) =>
      Array.from({ length: 6 }, (_, i) => record(i + 1, { account: '00010001', paid_on: '2026-09-05', amount: amount(i), external_id: id(i) }));
    assert.deepEqual(plausibilityWarnings('payments', rows((i) => `${1500 + i}.00`, (i) => `P-${i}`)), []);
    const [periods] = plausibilityWarnings('payments', rows((i) => ['0926', '1026', '0826'][i % 3]!, (i) => `P-${i}`));
    assert.match(periods!, /Столбец amount: значения похожи на периоды \(0926, 1026, 0826…\)/);
    assert.match(plausibilityWarnings('payments', rows(() => '05.09', (i) => `P-${i}`)).join(), /похожи на даты/);
    assert.match(plausibilityWarnings('payments', rows(() => '500.00', (i) => `P-${i}`)).join(), /во всех 6 строках одна и та же сумма 500.00/);
    assert.match(plausibilityWarnings('payments', rows((i) => `${1500 + i}.00`, (i) => String(i % 4))).join(), /номер платежа «0» повторяется \(строки 1 и 5\)/);
    assert.match(plausibilityWarnings('payments', rows((i) => `${1500 + i}.00`, (i) => `0${i + 1}.09.2026`)).join(), /номера платежей похожи на даты или время/);
  });
});
