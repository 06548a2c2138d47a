import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IPC_CHANNELS, type IpcChannel } from '../../../desktop/main/ipc-channels.ts';
import { CONSOLE_API_KEY, createConsoleApi, type Invoke } from '../../../desktop/preload/api.ts';

/** A fake `ipcRenderer.invoke` that records calls and answers from a table. */
function fakeInvoke(answers: Partial<Record<IpcChannel, unknown>>) {
  const calls: [IpcChannel, unknown[]][] = [];
  const invoke: Invoke = async (channel, ...args) => {
    calls.push([channel, args]);
    return answers[channel];
  };
  return { invoke, calls };
}

describe('createConsoleApi', () => {
  test('is exposed as window.kkpConsole', () => {
    assert.equal(CONSOLE_API_KEY, 'kkpConsole');
  });

  test('has exactly the typed methods, frozen, and no way to reach IPC directly', () => {
    const api = createConsoleApi(fakeInvoke({}).invoke);
    assert.deepEqual(Object.keys(api).sort(), ['ping', 'version']);
    for (const method of Object.values(api)) assert.equal(typeof method, 'function');
    assert.ok(Object.isFrozen(api));
    for (const leak of ['invoke', 'send', 'on', 'ipcRenderer']) assert.equal(leak in api, false, leak);
  });

  test('ping() asks console:ping and resolves to pong', async () => {
    const { invoke, calls } = fakeInvoke({ [IPC_CHANNELS.ping]: 'pong' });
    assert.equal(await createConsoleApi(invoke).ping(), 'pong');
    assert.deepEqual(calls, [['console:ping', []]]);
  });

  test('version() asks console:version and resolves to the string', async () => {
    const { invoke, calls } = fakeInvoke({ [IPC_CHANNELS.version]: '0.1.0' });
    assert.equal(await createConsoleApi(invoke).version(), '0.1.0');
    assert.deepEqual(calls, [['console:version', []]]);
  });

  test('arguments the page adds never reach the main process', async () => {
    const { invoke, calls } = fakeInvoke({ [IPC_CHANNELS.ping]: 'pong', [IPC_CHANNELS.version]: '1' });
    // The page is untrusted script: it can pass anything, whatever the types say.
    const api = createConsoleApi(invoke) as unknown as {
      ping: (...args: unknown[]) => Promise<unknown>;
      version: (...args: unknown[]) => Promise<unknown>;
    };
    await api.ping('console:version', { evil: true });
    await api.version('../../etc/passwd');
    assert.deepEqual(calls, [
      ['console:ping', []],
      ['console:version', []],
    ]);
  });

  test('an answer of the wrong shape is an error, not a lie to the page', async () => {
    const api = createConsoleApi(fakeInvoke({ [IPC_CHANNELS.ping]: 'pang', [IPC_CHANNELS.version]: 42 }).invoke);
    await assert.rejects(api.ping(), /console:ping/);
    await assert.rejects(api.version(), /console:version/);
  });

  test('a failed invoke rejects the call', async () => {
    const api = createConsoleApi(async () => {
      throw new Error('refused');
    });
    await assert.rejects(api.ping(), /refused/);
  });
});
