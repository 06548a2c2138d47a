// «Новый источник» and the answers after a run, in the stores: a file is uploaded once and its
// first rows read again with other settings (a refusal keeps the rows shown); a saved source's
// file is previewed without a second upload; new services and removals the clerk confirmed go
// with every later run of that file and are forgotten when another file is chosen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useImportsStore } from '../../../desktop/renderer/src/stores/imports.ts';
import { useSourcesStore } from '../../../desktop/renderer/src/stores/sources.ts';
import type { ImportJobView, ImportPreview, RawFileRows } from '../../../desktop/renderer/src/view-types.ts';
import { refusal, useFakeApi } from './fake-api.ts';

const FILE = 'a'.repeat(32);
const raw: RawFileRows = { format: 'csv', encoding: 'windows-1251', delimiter: ';', more: false, rows: [{ line: 1, cells: ['Лицевой счет', 'Услуга'] }] };
const preview: ImportPreview = { format: 'csv', encoding: 'windows-1251', columns: ['account'], rows: [], fileError: null, warnings: [], unknownValues: [] };
const counts = { rows: 1, inserted: 1, replaced: 0, unchanged: 0, removed: 0, bad: 0 };
const done: ImportJobView = {
  jobId: 'j1', status: 'done', dryRun: true, rowsRead: 1, percent: 100, counts, problems: [], problemsTotal: 0, error: null, importId: null, unknownValues: [], summary: [],
};

describe('sources store', () => {
  it('uploads once and reads the first rows again with the settings chosen; a refused reading keeps the rows shown', async () => {
    const fake = useFakeApi({
      uploadFile: async () => ({ fileId: FILE }),
      readRawRows: async (input) => (input.encoding === 'utf-8' ? Promise.reject(refusal('validation', 'Файл не в кодировке UTF-8')) : raw),
    });
    const store = useSourcesStore();
    const blob = new Blob(['x']);
    assert.equal((await store.choose(blob, '1c.csv')).ok, true);
    assert.deepEqual(store.file, { fileId: FILE, fileName: '1c.csv' });
    assert.deepEqual(store.raw, raw);

    assert.equal((await store.read({ encoding: 'utf-8', headerRow: 3 })).ok, false);
    assert.equal(store.rawError?.message, 'Файл не в кодировке UTF-8');
    assert.deepEqual(store.raw, raw, 'the rows read before stay on the screen');
    assert.deepEqual(fake.inputs('readRawRows'), [{ fileId: FILE }, { fileId: FILE, encoding: 'utf-8', headerRow: 3 }]);
    assert.equal(fake.inputs('uploadFile').length, 1);
  });

  it('opens, saves and removes a source, and adds the answers for unknown services to its dictionary', async () => {
    const saved = { name: '1С', kind: 'charges' as const, fileName: '1с.json', problem: null, replaced: false };
    const fake = useFakeApi({
      saveImportMapping: async () => saved, addImportMappingValues: async () => ({ ...saved, replaced: true }),
      getImportMapping: () => Promise.reject(refusal('not_found', 'Сопоставление столбцов «Старый» не найдено')), deleteImportMapping: async () => null,
    });
    const store = useSourcesStore();
    const mapping = { name: '1С', kind: 'charges' as const, columns: { account: 'Лицевой счет' } };
    assert.equal((await store.save(mapping, false)).ok, true);
    assert.equal((await store.addServiceValues('1С', { ХВС: 'cold_water' })).ok, true);
    assert.deepEqual(fake.inputs('saveImportMapping'), [{ mapping, replace: false }]);
    assert.deepEqual(fake.inputs('addImportMappingValues'), [{ mappingName: '1С', column: 'service_code', values: { ХВС: 'cold_water' } }]);
    const missing = await store.open('Старый');
    assert.equal(!missing.ok && missing.error.id, 'not_found');
    assert.equal((await store.remove('1С')).ok, true);
    assert.deepEqual(fake.inputs('deleteImportMapping'), [{ name: '1С' }]);
  });
});

describe('import store: what the clerk confirmed', () => {
  it('sends confirmed new services and removals with every later run of the file, and forgets them for another file', async () => {
    const fake = useFakeApi({
      previewImport: async () => preview,
      uploadFile: async () => ({ fileId: 'b'.repeat(32) }),
      startImport: async () => done,
      listImports: async () => [],
    });
    const store = useImportsStore();
    await store.previewUploaded(FILE, '1c.csv', 'charges', '1С');
    assert.deepEqual(fake.inputs('previewImport'), [{ fileId: FILE, kind: 'charges', mapping: '1С' }], 'no second upload');
    await store.run(true, { confirmNewServices: ['Отопление'] });
    await store.run(false, { confirmRemovals: true });
    await store.choose(new Blob(['y']), 'other.csv', 'charges', '');
    await store.run(false);
    assert.deepEqual(fake.inputs('startImport'), [
      { fileId: FILE, kind: 'charges', mapping: '1С', dryRun: true, confirmNewServices: ['Отопление'] },
      { fileId: FILE, kind: 'charges', mapping: '1С', dryRun: false, confirmNewServices: ['Отопление'], confirmRemovals: true },
      { fileId: 'b'.repeat(32), kind: 'charges', dryRun: false },
    ]);
  });
});
