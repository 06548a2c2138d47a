// The Electron IPC handlers with the real dispatch and a real database: every command is
// refused without a staff session, a bad argument is refused with field messages, an operator
// cannot run an administrator's command, and the session sign-in starts stays in the main process.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CommandName } from '../../../shared/console/api.ts';
import type { CommandResult } from '../../../shared/console/command.ts';
import { commands } from '../../../shared/console/commands/index.ts';
import { dispatch } from '../../../shared/console/dispatch.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import { channelOf } from '../../../desktop/main/ipc-channels.ts';
import { registerIpcHandlers, type InvokeEvent, type IpcMainLike } from '../../../desktop/main/ipc.ts';
import { SessionStore } from '../../../desktop/main/session-store.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { commandDeps } from '../console/calls.ts';

const PAGE = 'app://console/index.html';
type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

function window(id: number): InvokeEvent {
  return { senderFrame: { url: PAGE }, sender: { id, once: () => undefined } };
}

forEachEngine('console over IPC with the real dispatch', (ctx) => {
  const database = ctx.databaseForSuite();

  function mainProcess() {
    const handlers = new Map<string, Listener>();
    const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
    registerIpcHandlers(ipcMain, {
      policy: { appOrigins: ['app://console'], rendererFiles: [], externalOrigins: [] },
      sessions: new SessionStore(Date.now),
      commandDeps: commandDeps(database().db),
      dispatch,
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
