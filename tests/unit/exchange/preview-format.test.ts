// The console's import preview named «Формат CSV» for an XLSX or DBF it could not read (the
// preview call had only the error, and the screen filled in 'csv'). The label now comes from
// what the file was read as, or for an unread file from its name, or is left out.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { previewFormatLabel } from '../../../desktop/renderer/src/preview-format.ts';

const unread = { format: 'csv', fileError: 'Файл XLSX повреждён' };

it('a file that could not be read is named by its extension, never CSV for an XLSX or DBF', () => {
  assert.equal(previewFormatLabel(unread, { fileName: 'Начисления.XLSX' }), 'XLSX');
  assert.equal(previewFormatLabel(unread, { fileName: 'heat.dbf' }), 'DBF');
  assert.equal(previewFormatLabel(unread, { fileName: 'реестр.txt' }), 'CSV');
  assert.equal(previewFormatLabel(unread, { fileName: 'old.xls' }), null);
  assert.equal(previewFormatLabel(unread, { fileName: 'без расширения' }), null);
});

it('with a mapping (which may name another format) nothing is claimed for an unread file', () => {
  assert.equal(previewFormatLabel(unread, { fileName: 'heat.txt', mapping: 'РКЦ отопление' }), null);
});

it('a file that was read is named by what it was read as', () => {
  assert.equal(previewFormatLabel({ format: 'dbf', fileError: null }, { fileName: 'heat.txt', mapping: 'РКЦ' }), 'DBF');
  assert.equal(previewFormatLabel({ format: 'xlsx', fileError: null }, { fileName: 'a.xlsx' }), 'XLSX');
});
