import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { ImportJobView, ImportSummary, PrintProgress } from '../../../desktop/renderer/src/view-types.ts';
import { IMPORT_POLL_MS, useImportsStore } from '../../../desktop/renderer/src/stores/imports.ts';
import { PRINT_POLL_MS, useReceiptsStore } from '../../../desktop/renderer/src/stores/receipts.ts';
import { refusal, useFakeApi } from './fake-api.ts';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const counts = { rows: 0, inserted: 0, replaced: 0, unchanged: 0, removed: 0, bad: 0 };
const job = (change: Partial<ImportJobView>): ImportJobView => ({
  jobId: 'j1', status: 'running', dryRun: false, rowsRead: 0, percent: 0, counts, problems: [], problemsTotal: 0, error: null, importId: null, unknownValues: [], summary: [], ...change,
});
const summary: ImportSummary = {
  id: 9, kind: 'charges', fileName: 'charges.csv', fileSha256: 'a'.repeat(64), mappingName: null, actor: 'ivanova', staffId: 3, startedAt: 1, finishedAt: 2, status: 'done',
  dryRun: false, counts: { ...counts, rows: 2, inserted: 2 }, periods: ['2026-11'], problemsTotal: 0, error: null, undoneAt: null, undoUntil: 2 + 60 * 86_400_000, undoPrunedAt: null, undoable: true,
};

describe('import store', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('uploads, previews, runs and polls the progress until a final status, then reads the history', async () => {
    const answers = [job({ rowsRead: 500, percent: 50 }), job({ status: 'done', rowsRead: 1000, percent: 100, counts: { ...counts, rows: 1000, inserted: 1000 }, importId: 9 })];
    const file = new Blob(['account;period\n']);
    const fake = useFakeApi({
      uploadFile: async () => ({ fileId: 'f'.repeat(32) }),
      previewImport: async () => ({ format: 'csv', encoding: 'utf-8', columns: ['account'], rows: [{ line: 2, cells: { account: '1' }, problems: [] }], fileError: null, warnings: [], unknownValues: [] }),
      startImport: async () => job({}),
      getImportProgress: async () => answers.shift() ?? assert.fail('asked after the final status'),
      listImports: async () => [summary],
    });
    const store = useImportsStore();
    const chosen = await store.choose(file, 'charges.csv', 'charges', '1С:ЖКХ');
    assert.equal(chosen.ok, true);
    assert.deepEqual(fake.inputs('uploadFile').map(({ file: f, name }) => ({ file: f, name })), [{ file, name: 'charges.csv' }]);
    assert.deepEqual(fake.inputs('previewImport'), [{ fileId: 'f'.repeat(32), kind: 'charges', mapping: '1С:ЖКХ' }]);

    await store.run(true);
    assert.deepEqual(fake.inputs('startImport'), [{ fileId: 'f'.repeat(32), kind: 'charges', mapping: '1С:ЖКХ', dryRun: true }]);
    assert.equal(store.job?.status, 'running');

    mock.timers.tick(IMPORT_POLL_MS);
    await flush();
    assert.equal(store.job?.percent, 50);
    mock.timers.tick(IMPORT_POLL_MS);
    await flush();
    assert.equal(store.job?.status, 'done');
    assert.equal(store.history[0]?.id, 9, 'the history is read once the import ends');

    mock.timers.tick(IMPORT_POLL_MS * 10);
    await flush();
    assert.equal(fake.inputs('getImportProgress').length, 2, 'no polling after the final status');
    assert.deepEqual(fake.inputs('getImportProgress')[0], { jobId: 'j1' });
  });

  it('shows the file error of a refused upload and previews nothing', async () => {
    const fake = useFakeApi({ uploadFile: () => Promise.reject(refusal('validation', 'Файл слишком большой', { file: 'Не больше 200 МБ' })) });
    const store = useImportsStore();
    const outcome = await store.choose(new Blob(['x']), 'big.csv', 'accounts', '');
    assert.equal(!outcome.ok && outcome.error.fields.file, 'Не больше 200 МБ');
    assert.equal(fake.inputs('previewImport').length, 0);
    assert.equal(store.preview, null);
  });

  it('stops polling when a failed progress call ends it, and undoes the latest import', async () => {
    const fake = useFakeApi({
      uploadFile: async () => ({ fileId: 'a'.repeat(32) }),
      previewImport: async () => ({ format: 'csv', encoding: null, columns: [], rows: [], fileError: null, warnings: [], unknownValues: [] }),
      startImport: async () => job({}),
      getImportProgress: () => Promise.reject(refusal('not_found', 'Загрузка не найдена')),
      undoImport: async () => ({ ...summary, status: 'undone', undoable: false }),
      listImports: async () => [],
    });
    const store = useImportsStore();
    await store.choose(new Blob(['x']), 'a.csv', 'accounts', '');
    await store.run(false);
    mock.timers.tick(IMPORT_POLL_MS * 5);
    await flush();
    assert.equal(fake.inputs('getImportProgress').length, 1);
    assert.equal(store.jobError?.message, 'Загрузка не найдена');

    const undone = await store.undo(9);
    assert.equal(undone.ok, true);
    assert.deepEqual(fake.inputs('undoImport'), [{ importId: 9 }]);
    assert.equal(fake.inputs('listImports').length, 1);
  });
});

describe('receipts store', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  const progress = (change: Partial<PrintProgress>): PrintProgress => ({
    jobId: 'p'.repeat(24), status: 'running', done: 0, total: 40, percent: 0, fileId: null, fileName: 'Квитанции 2026-11.pdf', path: null, downloadPath: null, error: null, ...change,
  });

  it('prints one building and follows the job until the file is ready', async () => {
    const answers = [progress({ done: 20, percent: 50 }), progress({ status: 'done', done: 40, percent: 100, fileId: 'c'.repeat(32) })];
    const fake = useFakeApi({ printReceipts: async () => progress({}), getPrintProgress: async () => answers.shift() ?? assert.fail('asked after done') });
    const store = useReceiptsStore();
    await store.print('2026-11', 3);
    assert.deepEqual(fake.inputs('printReceipts'), [{ period: '2026-11', buildingId: 3 }]);
    for (let i = 0; i < 5; i += 1) {
      mock.timers.tick(PRINT_POLL_MS);
      await flush();
    }
    assert.equal(store.job?.status, 'done');
    assert.equal(store.job?.fileId, 'c'.repeat(32));
    assert.equal(fake.inputs('getPrintProgress').length, 2);
  });

  it('prints every account when no building is chosen and hands back a refusal', async () => {
    const fake = useFakeApi({ printReceipts: () => Promise.reject(refusal('not_found', 'За ноябрь 2026 начислений нет — печатать нечего')) });
    const store = useReceiptsStore();
    const outcome = await store.print('2026-11', null);
    assert.deepEqual(fake.inputs('printReceipts'), [{ period: '2026-11' }]);
    assert.match(!outcome.ok ? outcome.error.message : '', /печатать нечего/);
    assert.equal(store.job, null);
  });
});
