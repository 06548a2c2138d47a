import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { saveDialogFilters } from '../../../desktop/main/file-exchange.ts';
import { FILE_CHANNELS, IPC_CHANNELS } from '../../../desktop/main/ipc-channels.ts';
import { createConsoleFiles, type FileInvoke } from '../../../desktop/preload/files.ts';
import { CONSOLE_FILES_KEY } from '../../../desktop/preload/window.ts';

const OK = { ok: true, value: { fileId: 'a'.repeat(32), name: 'x.csv', size: 1 } };

function recorder(answer: unknown = OK) {
  const calls: unknown[][] = [];
  const invoke: FileInvoke = async (...args: unknown[]) => {
    calls.push(args);
    return answer;
  };
  return { invoke, calls };
}

describe('createConsoleFiles (the preload\'s window.kkpFiles)', () => {
  test('is exposed as window.kkpFiles with exactly four frozen methods and no way to reach IPC', () => {
    assert.equal(CONSOLE_FILES_KEY, 'kkpFiles');
    const files = createConsoleFiles(recorder().invoke, () => '/home/clerk/a.csv');
    assert.deepEqual(Object.keys(files).sort(), ['cancelUpload', 'onUploadProgress', 'registerFile', 'saveFile']);
    assert.ok(Object.isFrozen(files));
    for (const leak of ['invoke', 'send', 'ipcRenderer', 'path']) assert.equal(Object.hasOwn(files, leak), false, leak);
  });

  test('sends only the path the preload read from the picked file, on its own channel', async () => {
    const { invoke, calls } = recorder();
    const picked = { name: 'a.csv' } as unknown as File;
    const seen: unknown[] = [];
    const files = createConsoleFiles(invoke, (file) => {
      seen.push(file);
      return '/home/clerk/a.csv';
    });
    const answer = await (files.registerFile as (...args: unknown[]) => Promise<unknown>)(picked, '/etc/shadow', { path: '/root' });
    assert.deepEqual(answer, OK);
    assert.deepEqual(seen, [picked]);
    assert.deepEqual(calls, [[FILE_CHANNELS.register, { path: '/home/clerk/a.csv' }]]);
  });

  test('a value that is not a picked file is sent as an empty path, which the main process refuses', async () => {
    const { invoke, calls } = recorder();
    const files = createConsoleFiles(invoke, () => {
      throw new TypeError('not a File');
    });
    await files.registerFile('C:/Windows/system.ini' as unknown as File);
    assert.deepEqual(calls, [[FILE_CHANNELS.register, { path: '' }]]);
  });

  test('saveFile sends the id as a string and nothing else', async () => {
    const { invoke, calls } = recorder({ ok: true, value: { saved: false, name: null } });
    const files = createConsoleFiles(invoke, () => '');
    await (files.saveFile as (...args: unknown[]) => Promise<unknown>)(12345, 'extra');
    assert.deepEqual(calls, [[FILE_CHANNELS.save, { fileId: '12345' }]]);
  });

  test('file channels are apart from the command channels', () => {
    for (const channel of Object.values(FILE_CHANNELS)) assert.equal((IPC_CHANNELS as readonly string[]).includes(channel), false);
  });
});

describe('saveDialogFilters', () => {
  test('offers the export\'s own type first, then any file', () => {
    assert.deepEqual(saveDialogFilters('.XLSX'), [
      { name: 'Книга Excel', extensions: ['xlsx'] },
      { name: 'Все файлы', extensions: ['*'] },
    ]);
    assert.deepEqual(saveDialogFilters('.pdf')[0], { name: 'Документ PDF', extensions: ['pdf'] });
    assert.deepEqual(saveDialogFilters('.bin'), [{ name: 'Все файлы', extensions: ['*'] }]);
  });

  test('cancels on its own channel and hands the page only the three figures of each progress event', async () => {
    const { invoke, calls } = recorder({ ok: true, value: { canceled: true } });
    let emit: (p: { name: string; sent: number; total: number }) => void = () => undefined;
    let stopped = false;
    const files = createConsoleFiles(invoke, () => '', (listener) => {
      emit = listener;
      return () => void (stopped = true);
    });
    assert.deepEqual(await files.cancelUpload(), { ok: true, value: { canceled: true } });
    assert.deepEqual(calls, [[FILE_CHANNELS.cancel, null]]);
    const seen: unknown[] = [];
    const stop = files.onUploadProgress((p) => seen.push(p));
    emit({ name: 'a.csv', sent: 10, total: 20, path: '/home/clerk/a.csv' } as never);
    assert.deepEqual(seen, [{ name: 'a.csv', sent: 10, total: 20 }]);
    stop();
    assert.equal(stopped, true);
  });
});
