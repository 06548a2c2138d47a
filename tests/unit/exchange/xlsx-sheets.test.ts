// A workbook whose archive stores xl/workbook.xml after the sheets (and the sheets in another
// order, or after the workbook's relationships and shared strings): the sheet a mapping names or numbers is still the one Excel shows under that name or in
// that place, and a missing one is refused with the workbook's own sheet names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { sheetRows } from '../../../shared/import/xlsx-reader.ts';
import { workbookSheets } from '../../../shared/import/xlsx-sheets.ts';
import { reorderParts } from '../../support/damaged-xlsx.ts';
import { tempDir } from './helpers.ts';

const file = tempDir();

async function firstCells(path: string, sheet: number | string): Promise<unknown[]> {
  const cells: unknown[] = [];
  for await (const row of sheetRows(path, { sheet }, () => {})) cells.push(row.values[1]);
  return cells;
}

test('sheets are found by name and by place whatever order the archive stores them in', async () => {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Сводка').addRow(['итоги']);
  book.addWorksheet('Реестр & Ко').addRow(['00071001']);
  book.addWorksheet('Прочее').addRow(['прочее']);
  await book.xlsx.writeFile(file('written.xlsx'));
  await reorderParts(file('written.xlsx'), file('reordered.xlsx'));
  // exceljs's streaming reader read such a sheet before it knew the workbook and failed, and a
  // sheet skipped while waiting in its temp file crashed the process (patches/exceljs+4.4.0.patch).
  await reorderParts(file('written.xlsx'), file('workbook-last.xlsx'), 'workbook-last');

  for (const path of [file('written.xlsx'), file('reordered.xlsx'), file('workbook-last.xlsx')]) {
    assert.deepEqual((await workbookSheets(path)).map((s) => s.name), ['Сводка', 'Реестр & Ко', 'Прочее']);
    assert.deepEqual(await firstCells(path, 2), ['00071001'], path);
    assert.deepEqual(await firstCells(path, ' реестр & ко '), ['00071001'], path);
    assert.deepEqual(await firstCells(path, 1), ['итоги'], path);
    assert.deepEqual(await firstCells(path, 3), ['прочее'], path);
    await assert.rejects(firstCells(path, 4), /нет листа №4\. Листы: Сводка, Реестр & Ко, Прочее/);
  }
});
