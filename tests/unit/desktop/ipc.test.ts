import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandName } from '../../../shared/console/api.ts';
import type { CommandResult } from '../../../shared/console/command.ts';
import type { CommandCall } from '../../../shared/console/dispatch.ts';
import type { Logger } from '../../../shared/logger.ts';
import { IPC_CHANNELS } from '../../../desktop/main/ipc-channels.ts';
import {
  REFUSED,
  registerIpcHandlers,
  type RunCommand,
  type InvokeEvent,
  type IpcDeps,
  type IpcMainLike,
} from '../../../desktop/main/ipc.ts';
import type { NavigationPolicy } from '../../../desktop/main/navigation-guard.ts';
import { remoteCommands } from '../../../desktop/main/remote-commands.ts';
import { ServerLinkError } from '../../../desktop/main/server-link.ts';
import { SessionStore } from '../../../desktop/main/session-store.ts';

const PAGE = 'app://console/index.html';
const policy: NavigationPolicy = { appOrigins: ['app://console'], rendererFiles: [], externalOrigins: [] };
// Names as the commands will have them; the registry itself is filled by other work.
const NAMES = ['signIn', 'signOut', 'listApplications'] as unknown as CommandName[];

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeLogger() {
  const warnings: unknown[] = [];
  const errors: unknown[] = [];
  const logger = { warn: (details: unknown) => warnings.push(details), error: (details: unknown) => errors.push(details) };
  return { logger: logger as unknown as Logger, warnings, errors };
}

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      assert.equal(handlers.has(channel), false, `${channel} registered twice`);
      handlers.set(channel, listener);
    },
  };
  return { ipcMain, handlers };
}

/** A webContents stand-in: an id and a 'destroyed' event the test can fire. */
function fakeSender(id: number) {
  const onDestroyed: (() => void)[] = [];
  return {
    sender: { id, once: (_event: 'destroyed', listener: () => void) => onDestroyed.push(listener) },
    destroy: () => onDestroyed.splice(0).forEach((listener) => listener()),
  };
}

/** A dispatch that records its calls and answers from a function. */
function fakeDispatch(answer: (call: CommandCall) => CommandResult<unknown> | Promise<CommandResult<unknown>>) {
  const calls: CommandCall[] = [];
  const dispatch: RunCommand = async (call) => {
    calls.push(call);
    return answer(call);
  };
  return { dispatch, calls };
}

function setup(dispatch: RunCommand, names: readonly CommandName[] = NAMES) {
  const { ipcMain, handlers } = fakeIpcMain();
  const { logger, warnings, errors } = fakeLogger();
  const sessions = new SessionStore(() => 1_000);
  const deps: IpcDeps = { policy, sessions, logger, run: dispatch, names };
  registerIpcHandlers(ipcMain, deps);
  const call = (channel: string, senderUrl: string | null, sender = fakeSender(1).sender, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    assert.ok(handler, `no handler for ${channel}`);
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl }, sender }, ...args);
  };
  return { handlers, call, sessions, warnings, errors };
}

describe('registerIpcHandlers', () => {
  test('registers exactly one handler per command name: the real list', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, {
      policy,
      sessions: new SessionStore(),
      logger: fakeLogger().logger,
      run: fakeDispatch(() => REFUSED).dispatch,
    });
    assert.deepEqual([...handlers.keys()], [...IPC_CHANNELS]);
  });

  test('registers exactly one handler per command name: a given list', () => {
    const { handlers } = setup(fakeDispatch(() => REFUSED).dispatch);
    assert.deepEqual([...handlers.keys()], ['console:signIn', 'console:signOut', 'console:listApplications']);
  });

  test('refuses callers that are not our pages, without running the command', async () => {
    const { dispatch, calls } = fakeDispatch(() => ({ ok: true, value: 'secret' }));
    const { call, warnings } = setup(dispatch);
    for (const url of ['https://evil.example/', 'file:///tmp/evil.html', 'app://evil/index.html', 'about:blank', null]) {
      assert.deepEqual(await call('console:listApplications', url), REFUSED, String(url));
    }
    assert.deepEqual(calls, []);
    assert.equal(warnings.length, 5);
  });

  test('runs the command as an IPC call with the one input, and returns its result', async () => {
    const result: CommandResult<unknown> = { ok: true, value: { items: [1, 2] } };
    const { dispatch, calls } = fakeDispatch(() => result);
    const { call } = setup(dispatch);
    const answer = await call('console:listApplications', `${PAGE}#/applications`, fakeSender(1).sender, { status: 'new' }, 'extra', { evil: true });
    assert.equal(answer, result);
    assert.equal(calls.length, 1);
    const [made] = calls;
    assert.equal(made?.name, 'listApplications');
    assert.deepEqual(made?.input, { status: 'new' });
    assert.equal(made?.origin, 'ipc');
    assert.equal(made?.client, 'ipc');
    assert.equal(made?.token, null);
    assert.equal(typeof made?.session.start, 'function');
  });

  test('a failed command comes back as a result, unchanged', async () => {
    const failure: CommandResult<never> = {
      ok: false,
      error: { id: 'validation', message: 'Проверьте введённые данные', fieldErrors: [{ field: 'login', message: 'Укажите логин' }] },
    };
    const { call } = setup(fakeDispatch(() => failure).dispatch);
    assert.deepEqual(await call('console:signIn', PAGE), failure);
  });

  test('the token sign-in started travels with that window’s later calls, never with another’s', async () => {
    const { dispatch, calls } = fakeDispatch((made) => {
      if (made.name === 'signIn') made.session.start('token-1', 10_000);
      if (made.name === 'signOut') made.session.end();
      return { ok: true, value: null };
    });
    const { call } = setup(dispatch);
    const first = fakeSender(1);
    const second = fakeSender(2);
    await call('console:signIn', PAGE, first.sender, { login: 'ivanova', password: 'x' });
    await call('console:listApplications', PAGE, first.sender);
    await call('console:listApplications', PAGE, second.sender);
    await call('console:signOut', PAGE, first.sender);
    await call('console:listApplications', PAGE, first.sender);
    assert.deepEqual(
      calls.map((made) => [made.name, made.token]),
      [
        ['signIn', null],
        ['listApplications', 'token-1'],
        ['listApplications', null],
        ['signOut', 'token-1'],
        ['listApplications', null],
      ],
    );
  });

  test('a destroyed window’s token is forgotten', async () => {
    const { dispatch } = fakeDispatch((made) => {
      made.session.start('token-1', 10_000);
      return { ok: true, value: null };
    });
    const { call, sessions } = setup(dispatch);
    const window = fakeSender(3);
    await call('console:signIn', PAGE, window.sender);
    assert.equal(sessions.tokenFor(3), 'token-1');
    window.destroy();
    assert.equal(sessions.tokenFor(3), null);
  });

  test('a dispatch that throws still answers with a result, and is logged', async () => {
    const { call, errors } = setup(async () => {
      throw new Error('boom');
    });
    const answer = (await call('console:signIn', PAGE)) as CommandResult<unknown>;
    assert.equal(answer.ok, false);
    assert.equal(answer.ok === false && answer.error.id, 'internal');
    assert.equal(errors.length, 1);
  });

  test('run on the server: a server that cannot be reached is an «unavailable» result saying why, not an exception', async () => {
    const connection = { link: () => Promise.reject(new ServerLinkError('unreachable', 'Сервер kkp:3100 не отвечает')) };
    const { call } = setup(remoteCommands(connection));
    const answer = (await call('console:listApplications', PAGE)) as CommandResult<unknown>;
    assert.deepEqual(answer, { ok: false, error: { id: 'unavailable', message: 'Сервер kkp:3100 не отвечает', fieldErrors: [] } });
  });
});
