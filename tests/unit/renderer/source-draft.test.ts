// «Новый источник» in the renderer: the header line is guessed past title lines, columns are named
// by header text unless the text repeats (then by position), what is missing is said per field,
// and the mapping built is the schema's own (parseMapping accepts it as the CLI would).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMapping, dataRows, draftFromMapping, emptyDraft, guessHeaderRow, headerCells, resolveColumns, type SourceDraft } from '../../../desktop/renderer/src/source-draft.ts';
import type { RawFileRows } from '../../../desktop/renderer/src/view-types.ts';
import { parseMapping } from '../../../shared/import/mapping.ts';
import { canonicalColumns, requiredColumns } from '../../../shared/import/rows.ts';

const raw: RawFileRows = {
  format: 'csv', encoding: 'windows-1251', delimiter: ';', more: false,
  rows: [
    { line: 1, cells: ['Ведомость начислений за сентябрь 2026'] },
    { line: 2, cells: ['ООО «УК»', '', '', '', ''] },
    { line: 3, cells: ['Лицевой счет', 'Период', 'Услуга', 'Сумма', 'Сумма'] },
    { line: 4, cells: ['руб.', '', '', '', ''] },
    { line: 5, cells: ['00071001', 'Сентябрь 2026', 'Отопление', '1 234,50', '1 234,50'] },
  ],
};
const fields = canonicalColumns('charges').map((name) => ({ name, required: requiredColumns('charges').includes(name) }));

const draft = (change: Partial<SourceDraft>): SourceDraft => ({ ...emptyDraft('charges'), name: '1С', headerRow: 3, ...change });

describe('a new source drafted in the console', () => {
  it('takes the first line as wide as the widest for the header, and shows the data after the rows to skip', () => {
    assert.equal(guessHeaderRow(raw), 3);
    assert.deepEqual(headerCells(raw, 3), raw.rows[2]!.cells);
    assert.equal(headerCells(raw, 0), null);
    assert.deepEqual(dataRows(raw, { headerRow: 3, skipRows: 1 }).map((r) => r.line), [5]);
    assert.equal(guessHeaderRow({ ...raw, format: 'dbf' }), 1);
  });

  it('names columns by their header text, by position where the text repeats, and builds a mapping the schema accepts', () => {
    const built = buildMapping(
      draft({ sources: { account: 'c0', period: 'c1', service_code: 'c2', service_name: 'c2', charged: 'c3', total: 'c4', tariff: 'const' }, constants: { tariff: '10' }, skipRows: 1, decimalSeparator: ',', accountLength: '8', negativeFields: ['charged', 'benefits'] }),
      raw,
      fields,
    );
    assert.deepEqual(built.problems, {});
    assert.deepEqual(built.mapping.columns, { account: 'Лицевой счет', period: 'Период', service_code: 'Услуга', service_name: 'Услуга', charged: 4, total: 5 });
    const mapping = parseMapping(built.mapping);
    assert.equal(mapping.headerRow, 3);
    assert.equal(mapping.skipRows, 1);
    assert.equal(mapping.delimiter, ';', 'the delimiter the rows were split by');
    assert.equal(mapping.accountLength, 8);
    assert.deepEqual(mapping.constants, { tariff: '10' });
    assert.deepEqual(mapping.negativeFields, ['charged'], 'only fields read from a column');
    assert.deepEqual(mapping.totalsWords, ['Итого', 'Всего', 'Итог']);
  });

  it('says which required field has no column, which constant is empty, that the source needs a name and a sane account length', () => {
    const built = buildMapping(draft({ name: ' ', accountLength: '3', sources: { account: 'c0', tariff: 'const', meter_serial: 'c1' } as SourceDraft['sources'] }), raw, fields);
    assert.deepEqual(Object.keys(built.problems).sort(), ['accountLength', 'charged', 'name', 'period', 'service_code', 'tariff', 'total']);
    assert.equal(built.problems.period, 'Выберите столбец файла: поле обязательное');
    assert.equal('meter_serial' in built.mapping.columns, false, 'a pick of another kind is left out');
  });

  it('without a header, columns are positions and the mapping expects the width it was made for', () => {
    const bare: RawFileRows = { ...raw, rows: [{ line: 1, cells: [...raw.rows[4]!.cells, ''] }] };
    const built = buildMapping(draft({ headerRow: 0, sources: { account: 'c0', period: 'c1', service_code: 'c2', charged: 'c3', total: 'c4' } }), bare, fields);
    assert.deepEqual(built.mapping.columns, { account: 1, period: 2, service_code: 3, charged: 4, total: 5 });
    assert.deepEqual(built.mapping.expect, { columns: 5 });
    assert.equal(parseMapping(built.mapping).headerRow, 0);
  });

  it('opens a saved source in the form, picks its columns on a file, and saves back what the form does not show', () => {
    const saved = parseMapping({
      name: '1С', kind: 'charges', encoding: 'windows-1251', delimiter: ';', headerRow: 3, decimalSeparator: ',', accountLength: 8,
      columns: { account: 'ЛИЦЕВОЙ СЧЕТ', period: 2, service_code: 'Услуга', charged: 'Нет такого', total: 5 }, constants: { unit: 'руб.' },
      values: { service_code: { ХВС: 'cold_water' } }, expect: { headerWords: ['Период'] },
    });
    const opened = draftFromMapping(saved);
    assert.deepEqual([opened.headerRow, opened.encoding, opened.accountLength, opened.decimalSeparator], [3, 'windows-1251', '8', ',']);
    const sources = resolveColumns(saved, raw, opened.headerRow);
    assert.deepEqual(sources, { account: 'c0', period: 'c1', service_code: 'c2', total: 'c4', unit: 'const' }, 'a header the file lacks stays unpicked');
    const built = buildMapping({ ...opened, sources: { ...resolveColumns(saved, raw, opened.headerRow), charged: 'c3' } }, raw, fields);
    assert.deepEqual(built.problems, {});
    const again = parseMapping(built.mapping);
    assert.deepEqual(again.values, saved.values);
    assert.deepEqual(again.expect, saved.expect);
    assert.deepEqual(again.constants, { unit: 'руб.' });
  });
});
