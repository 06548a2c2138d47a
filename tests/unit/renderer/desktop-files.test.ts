// Inside Electron the renderer has no HTTP bridge: the import's upload goes to the preload's
// window.kkpFiles, and its refusals reach the screen as the same ConsoleError as any command's.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { setApi, useApi } from '../../../desktop/renderer/src/api.ts';
import { desktopFiles } from '../../../desktop/renderer/src/files.ts';
import { toUiError } from '../../../desktop/renderer/src/errors.ts';

type Globals = { kkpConsole?: unknown; kkpFiles?: unknown };
const globals = globalThis as Globals;

function inElectron(files: unknown): void {
  globals.kkpConsole = {};
  globals.kkpFiles = files;
  setApi(null);
}

afterEach(() => {
  delete globals.kkpConsole;
  delete globals.kkpFiles;
  setApi(null);
});

describe('files inside Electron', () => {
  test('a plain browser has no desktop files: downloads stay links', () => {
    assert.equal(desktopFiles(), null);
  });

  test('the import upload registers the picked file through the preload and answers its id', async () => {
    const picked: unknown[] = [];
    inElectron({
      registerFile: async (file: unknown) => {
        picked.push(file);
        return { ok: true, value: { fileId: 'c'.repeat(32), name: 'a.csv', size: 3 } };
      },
      saveFile: async () => assert.fail('not asked'),
    });
    const file = new Blob(['a;b']);
    assert.deepEqual(await useApi().uploadFile({ file, name: 'a.csv' }), { fileId: 'c'.repeat(32) });
    assert.deepEqual(picked, [file]);
  });

  test('a refused file reaches the screen with the main process\'s Russian message', async () => {
    inElectron({
      registerFile: async () => ({ ok: false, error: { id: 'validation', message: 'Файл «x.exe» не подходит: нужен CSV, XLSX или DBF', fieldErrors: [] } }),
      saveFile: async () => ({ ok: true, value: { saved: false, name: null } }),
    });
    const failure = await useApi().uploadFile({ file: new Blob([]), name: 'x.exe' }).catch((error: unknown) => error);
    assert.deepEqual(toUiError(failure), { id: 'validation', message: 'Файл «x.exe» не подходит: нужен CSV, XLSX или DBF', fields: {} });
    assert.deepEqual(await desktopFiles()?.save('d'.repeat(32)), { saved: false, name: null });
  });
});
