// The Electron main process's IPC handlers against a real server (the console service on
// 127.0.0.1, as `npm start` runs it) with only Electron's ipcMain faked: every command is refused
// without a staff session, a bad argument is refused with field messages, an operator cannot run
// an administrator's command, and the session sign-in starts stays in the main process — the
// page never sees its token.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { CommandName } from '../../../shared/console/api.ts';
import type { CommandResult } from '../../../shared/console/command.ts';
import { commands } from '../../../shared/console/commands/index.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import { channelOf } from '../../../desktop/main/ipc-channels.ts';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { registerIpcHandlers, type InvokeEvent, type IpcMainLike } from '../../../desktop/main/ipc.ts';
import { remoteCommands } from '../../../desktop/main/remote-commands.ts';
import { ServerConnection } from '../../../desktop/main/server-connection.ts';
import { ServerProfileFile } from '../../../desktop/main/server-profile.ts';
import { SessionStore } from '../../../desktop/main/session-store.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { commandDeps } from '../console/calls.ts';

const PAGE = 'app://console/index.html';
type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

function window(id: number): InvokeEvent {
  return { senderFrame: { url: PAGE }, sender: { id, once: () => undefined } };
}

forEachEngine('console over IPC, run on the server', (ctx) => {
  const database = ctx.databaseForSuite();
  let bridge: RunningBridge;
  let dir = '';
  const connections: ServerConnection[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kkp-ipc-'));
    bridge = await startConsoleBridge({ deps: commandDeps(database().db), rendererDir: dir, port: 0 });
  });
  after(async () => {
    for (const c of connections) c.close();
    await bridge?.close();
    await rm(dir, { recursive: true, force: true });
  });

  function mainProcess() {
    const handlers = new Map<string, Listener>();
    const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
    const connection = new ServerConnection(new ServerProfileFile(join(dir, `server-${connections.length}.json`)));
    connections.push(connection);
    const ready = connection.readCertificate(bridge.url);
    registerIpcHandlers(ipcMain, {
      policy: { appOrigins: ['app://console'], rendererFiles: [], externalOrigins: [] },
      sessions: new SessionStore(Date.now),
      logger: { warn: () => undefined, error: () => undefined },
      run: async (call) => {
        await ready;
        return remoteCommands(connection)(call);
      },
    });
    return async (name: CommandName, event: InvokeEvent, input?: unknown) => {
      const handler = handlers.get(channelOf(name));
      assert.ok(handler, `no handler for ${name}`);
      return (await handler(event, input)) as CommandResult<unknown>;
    };
  }

  it('refuses every staff command from a window without a session', async () => {
    const invoke = mainProcess();
    const guarded = COMMAND_NAMES.filter((name) => commands[name].access !== 'public');
    assert.ok(guarded.length > 20);
    for (const name of guarded) {
      const result = await invoke(name, window(1), {});
      assert.equal(result.ok, false, name);
      if (!result.ok) assert.equal(result.error.id, 'unauthenticated', name);
    }
  });

  it('keeps the session in the main process: the signed-in window may call, another window may not', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const invoke = mainProcess();
    const signedIn = await invoke('signIn', window(7), { login: operator.login, password: operator.password });
    assert.equal(signedIn.ok, true);
    assert.equal(JSON.stringify(signedIn).includes('token'), false, 'the token never reaches the page');

    const list = await invoke('listApplications', window(7), {});
    assert.equal(list.ok, true);
    const stranger = await invoke('listApplications', window(8), {});
    assert.equal(stranger.ok, false);
    if (!stranger.ok) assert.equal(stranger.error.id, 'unauthenticated');
  });

  it('refuses a bad argument with Russian field messages, and an operator running an administrator command', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const invoke = mainProcess();
    await invoke('signIn', window(3), { login: operator.login, password: operator.password });

    const bad = await invoke('rejectApplication', window(3), { id: 'один', reason: '' });
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.equal(bad.error.id, 'validation');
      assert.deepEqual(bad.error.fieldErrors.map((e) => e.field).sort(), ['id', 'reason']);
      assert.ok(bad.error.fieldErrors.every((e) => /[а-яё]/i.test(e.message)), JSON.stringify(bad.error.fieldErrors));
    }
    const notString = await invoke('searchResidents', window(3), 'not an object');
    assert.equal(notString.ok, false);

    for (const name of ['getSettings', 'listAudit', 'listStaff', 'createStaff'] as const) {
      const result = await invoke(name, window(3), {});
      assert.equal(result.ok, false, name);
      if (!result.ok) assert.equal(result.error.id, 'forbidden', name);
    }
    const audit = await db('audit_log').where({ actor_type: 'staff', actor_id: operator.id, action: 'staff.sign_in' }).count({ n: '*' }).first();
    assert.equal(Number(audit?.n), 1);
  });
});
