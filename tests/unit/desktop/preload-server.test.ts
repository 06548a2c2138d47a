import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVER_CHANNELS } from '../../../desktop/main/ipc-channels.ts';
import { createConsoleServer } from '../../../desktop/preload/server.ts';
import { CONSOLE_SERVER_KEY } from '../../../desktop/preload/window.ts';

test('window.kkpServer: four frozen methods, each on its own channel with only its own strings', async () => {
  assert.equal(CONSOLE_SERVER_KEY, 'kkpServer');
  const calls: unknown[][] = [];
  const server = createConsoleServer(async (...args) => {
    calls.push(args);
    return { ok: true, value: null };
  });
  assert.deepEqual(Object.keys(server).sort(), ['forget', 'readCertificate', 'status', 'trust']);
  assert.ok(Object.isFrozen(server));
  await server.status();
  await (server.readCertificate as (...a: unknown[]) => Promise<unknown>)('https://kkp:3100', { evil: true });
  await server.trust('https://kkp:3100', 'AB:CD');
  await server.forget();
  assert.deepEqual(calls, [
    [SERVER_CHANNELS.status, null],
    [SERVER_CHANNELS.read, { url: 'https://kkp:3100' }],
    [SERVER_CHANNELS.trust, { url: 'https://kkp:3100', fingerprint: 'AB:CD' }],
    [SERVER_CHANNELS.forget, null],
  ]);
});
