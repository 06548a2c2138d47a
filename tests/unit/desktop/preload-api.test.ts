import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandName } from '../../../shared/console/api.ts';
import type { CommandResult } from '../../../shared/console/command.ts';
import { ConsoleError, wrapRawConsoleApi } from '../../../shared/console/client.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import type { IpcChannel } from '../../../desktop/main/ipc-channels.ts';
import { createConsoleApi, type Invoke } from '../../../desktop/preload/api.ts';
import { CONSOLE_API_KEY } from '../../../desktop/preload/window.ts';

const NAMES = ['signIn', 'listApplications', 'blockResident'] as unknown as CommandName[];

/** The page is untrusted script: it calls with whatever arguments it likes. */
type LooseApi = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** A fake `ipcRenderer.invoke` that records every argument it gets and answers from a function. */
function fakeInvoke(answer: (channel: IpcChannel, input: unknown) => unknown) {
  const calls: unknown[][] = [];
  const invoke: Invoke = async (...args: unknown[]) => {
    calls.push(args);
    return answer(args[0] as IpcChannel, args[1]);
  };
  return { invoke, calls };
}

const loose = (invoke: Invoke, names: readonly CommandName[] = NAMES) => createConsoleApi(invoke, names) as unknown as LooseApi;

describe('createConsoleApi', () => {
  test('is exposed as window.kkpConsole', () => {
    assert.equal(CONSOLE_API_KEY, 'kkpConsole');
  });

  test('has exactly one method per command name, frozen, and no way to reach IPC directly', () => {
    const api = loose(fakeInvoke(() => null).invoke);
    assert.deepEqual(Object.keys(api), ['signIn', 'listApplications', 'blockResident']);
    for (const method of Object.values(api)) assert.equal(typeof method, 'function');
    assert.ok(Object.isFrozen(api));
    for (const leak of ['invoke', 'send', 'on', 'ipcRenderer', 'channel']) assert.equal(Object.hasOwn(api, leak), false, leak);
  });

  test('by default, one method per entry of COMMAND_NAMES', () => {
    const api = createConsoleApi(fakeInvoke(() => null).invoke);
    assert.deepEqual(Object.keys(api), [...COMMAND_NAMES]);
  });

  test('each method sends exactly its one input to its own channel, whatever else the page passes', async () => {
    const { invoke, calls } = fakeInvoke(() => ({ ok: true, value: null }));
    const api = loose(invoke);
    await api.signIn?.({ login: 'ivanova', password: 'x' }, 'console:blockResident', { evil: true });
    await api.listApplications?.();
    await api.blockResident?.({ userId: 5, reason: 'подозрительные входы' });
    assert.deepEqual(calls, [
      ['console:signIn', { login: 'ivanova', password: 'x' }],
      ['console:listApplications', undefined],
      ['console:blockResident', { userId: 5, reason: 'подозрительные входы' }],
    ]);
  });

  test('a successful command resolves to its plain result', async () => {
    const value = { items: [{ id: 1 }], total: 1 };
    const api = loose(fakeInvoke(() => ({ ok: true, value })).invoke);
    assert.deepEqual(await api.listApplications?.({}), { ok: true, value });
  });

  // contextBridge keeps only an error's message, so failures cross as data and the renderer
  // turns them into a ConsoleError with wrapRawConsoleApi.
  test('a failed command resolves to its failure, which the renderer unwraps into a ConsoleError', async () => {
    const failure: CommandResult<never> = {
      ok: false,
      error: { id: 'validation', message: 'Проверьте введённые данные', fieldErrors: [{ field: 'login', message: 'Укажите логин' }] },
    };
    const raw = createConsoleApi(fakeInvoke(() => failure).invoke);
    assert.deepEqual(await raw.signIn({ login: '', password: '' }), failure);
    const api = wrapRawConsoleApi(raw);
    await assert.rejects(api.signIn({ login: '', password: '' }), (error: unknown) => {
      assert.ok(error instanceof ConsoleError);
      assert.equal(error.id, 'validation');
      assert.equal(error.message, 'Проверьте введённые данные');
      assert.deepEqual(error.fieldErrors, [{ field: 'login', message: 'Укажите логин' }]);
      return true;
    });
  });

  test('an answer that is not a CommandResult is an error, not a lie to the page', async () => {
    for (const answer of [undefined, null, 'pong', { ok: true }, { ok: false }, { ok: false, error: { id: 1 } }, { ok: 'yes', value: 1 }]) {
      const api = loose(fakeInvoke(() => answer).invoke);
      await assert.rejects(api.signIn?.({}) ?? Promise.resolve(), /Unexpected answer on console:signIn/, JSON.stringify(answer));
    }
  });

  test('a failed invoke rejects the call', async () => {
    const api = loose(async () => {
      throw new Error('refused');
    });
    await assert.rejects(api.signIn?.({}) ?? Promise.resolve(), /refused/);
  });
});
