// A billing file on its way to the server, in the imports store: the screen sees how far it got
// while it goes, nothing once it has arrived, and «Отменить передачу» stops it with the reason.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConsoleError } from '../../../shared/console/client.ts';
import { useImportsStore } from '../../../desktop/renderer/src/stores/imports.ts';
import type { ImportPreview } from '../../../desktop/renderer/src/view-types.ts';
import { useFakeApi } from './fake-api.ts';

const FILE = 'b'.repeat(32);
const preview: ImportPreview = { format: 'csv', encoding: 'utf-8', columns: ['account'], rows: [], fileError: null, warnings: [], unknownValues: [] };

it('shows the transfer while it goes and can cancel it', async () => {
  const seen: unknown[] = [];
  const box = {} as { store: ReturnType<typeof useImportsStore> };
  useFakeApi({
    uploadFile: async (input) => {
      input.onProgress?.(50, 100);
      seen.push(box.store.upload);
      if (input.name === 'cancel.csv') {
        box.store.cancelUpload();
        assert.equal(input.signal?.aborted, true);
        throw new ConsoleError('canceled', 'Передача файла «cancel.csv» отменена');
      }
      input.onProgress?.(100, 100);
      return { fileId: FILE };
    },
    previewImport: async () => preview,
  });
  const store = (box.store = useImportsStore());
  const blob = new Blob(['x'.repeat(100)]);
  assert.equal((await store.choose(blob, 'ok.csv', 'charges', '')).ok, true);
  assert.deepEqual(seen, [{ name: 'ok.csv', sent: 50, total: 100 }]);
  assert.equal(store.upload, null, 'nothing shown once it has arrived');

  const canceled = await store.choose(blob, 'cancel.csv', 'charges', '');
  assert.equal(canceled.ok, false);
  assert.equal(!canceled.ok && canceled.error.message, 'Передача файла «cancel.csv» отменена');
  assert.equal(store.upload, null);
});
