import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IPC_CHANNELS } from '../../../desktop/main/ipc-channels.ts';
import { registerIpcHandlers, type InvokeEvent, type IpcMainLike } from '../../../desktop/main/ipc.ts';
import type { NavigationPolicy } from '../../../desktop/main/navigation-guard.ts';

const RENDERER = 'file:///opt/kkp-console/resources/app.asar/out/desktop/renderer/index.html';
const policy: NavigationPolicy = { appOrigins: [], rendererFiles: [RENDERER], externalOrigins: [] };

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      assert.equal(handlers.has(channel), false, `${channel} registered twice`);
      handlers.set(channel, listener);
    },
  };
  const call = (channel: string, senderUrl: string | null, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    assert.ok(handler, `no handler for ${channel}`);
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  };
  return { ipcMain, handlers, call };
}

describe('registerIpcHandlers', () => {
  test('registers a handler for every channel, and only those', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, { policy, appVersion: '0.1.0' });
    assert.deepEqual([...handlers.keys()].sort(), Object.values(IPC_CHANNELS).sort());
  });

  test('answers our renderer page', () => {
    const { ipcMain, call } = fakeIpcMain();
    registerIpcHandlers(ipcMain, { policy, appVersion: '0.1.0' });
    assert.equal(call('console:ping', RENDERER), 'pong');
    assert.equal(call('console:version', `${RENDERER}#/settings`), '0.1.0');
  });

  test('refuses callers that are not our pages', () => {
    const { ipcMain, call } = fakeIpcMain();
    registerIpcHandlers(ipcMain, { policy, appVersion: '0.1.0' });
    for (const sender of ['https://evil.example/', 'file:///tmp/evil.html', 'about:blank', null]) {
      assert.throws(() => call('console:version', sender), /not a console page/, String(sender));
    }
  });
});
