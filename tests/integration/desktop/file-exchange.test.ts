// Files inside Electron, through the main process's handlers with the real dispatch, a real
// database and real files: a billing file picked in the page is registered by its path and
// imported through the same commands as over the bridge; an export is saved where the save
// dialog says, only by the clerk who made it, and audited. Pages that are not ours, windows
// without a session and paths that are not files on the disk are refused in Russian.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { CommandDeps, CommandResult } from '../../../shared/console/command.ts';
import { dispatch } from '../../../shared/console/dispatch.ts';
import type { ExportFileView } from '../../../shared/console/views.ts';
import { importJobDone } from '../../../shared/exchange/jobs.ts';
import { uploadedFile } from '../../../shared/exchange/uploads.ts';
import { FILE_CHANNELS } from '../../../desktop/main/ipc-channels.ts';
import { registerFileHandlers, type FileIpcMain } from '../../../desktop/main/file-exchange.ts';
import type { InvokeEvent } from '../../../desktop/main/ipc.ts';
import { SessionStore } from '../../../desktop/main/session-store.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { commandDeps, sessionFor } from '../console/calls.ts';

const PAGE = 'app://console/index.html';
const CSV = 'account;period;service_code;charged;total\n00060001;11.2026;cold_water;100,00;100,00\n00060001;11.2026;electricity;50;50\n';

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

function windowEvent(id: number, url = PAGE): InvokeEvent {
  return { senderFrame: { url }, sender: { id, once: () => undefined } };
}

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-electron-files-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

forEachEngine('console files inside Electron', (ctx) => {
  const database = ctx.databaseForSuite();

  /** The main process: the file handlers and a command caller sharing one session store. */
  function mainProcess(answerSaveDialog: () => string | null) {
    const base = commandDeps(database().db);
    const deps: CommandDeps = { ...base, config: { ...base.config, exportDir: join(dir, `exports-${ctx.engine}`) } };
    const sessions = new SessionStore(Date.now);
    const handlers = new Map<string, Listener>();
    const ipcMain: FileIpcMain = { handle: (channel, listener) => void handlers.set(channel, listener) };
    const asked: string[] = [];
    registerFileHandlers(ipcMain, {
      policy: { appOrigins: ['app://console'], rendererFiles: [], externalOrigins: [] },
      sessions,
      commandDeps: deps,
      statFile: (path) => stat(path),
      copyFile: (from, to) => copyFile(from, to),
      askWhereToSave: async (_event, suggestedName) => {
        asked.push(suggestedName);
        return answerSaveDialog();
      },
    });
    const file = async <T>(channel: string, event: InvokeEvent, input?: unknown) => (await handlers.get(channel)?.(event, input)) as CommandResult<T>;
    const command = async <T>(name: string, windowId: number, input: unknown) => {
      const result = await dispatch(deps, { name, input, token: sessions.tokenFor(windowId), origin: 'ipc', client: 'ipc', session: sessions.controlFor(windowId) });
      assert.ok(result.ok, `${name}: ${!result.ok && result.error.message}`);
      return result.value as T;
    };
    const signIn = async (windowId: number, staffId: number) => sessions.controlFor(windowId).start(await sessionFor(database().db, staffId), Date.now() + 3_600_000);
    return { file, command, signIn, asked };
  }

  it('registers a picked billing file by its path and imports it through the console commands', async () => {
    const { db } = database();
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00060001', lastPeriod: '2026-10' });
    const clerk = await createStaff(db, 'operator');
    const main = mainProcess(() => null);
    await main.signIn(1, clerk.id);
    const path = join(dir, 'начисления ноябрь.csv');
    await writeFile(path, CSV);

    const registered = await main.file<{ fileId: string; name: string; size: number }>(FILE_CHANNELS.register, windowEvent(1), { path });
    assert.ok(registered.ok);
    assert.deepEqual({ ...registered.value, fileId: '' }, { fileId: '', name: 'начисления ноябрь.csv', size: Buffer.byteLength(CSV) });
    assert.equal(uploadedFile(registered.value.fileId, clerk.id).path, path);

    const preview = await main.command<{ kind: string; rows: unknown[] }>('previewImport', 1, { fileId: registered.value.fileId });
    assert.deepEqual([preview.kind, preview.rows.length], ['charges', 2]);
    const { jobId } = await main.command<{ jobId: string }>('startImport', 1, { fileId: registered.value.fileId, dryRun: false });
    await importJobDone(jobId);
    const progress = await main.command<{ status: string }>('getImportProgress', 1, { jobId });
    assert.equal(progress.status, 'done');
    assert.equal((await db('charges').where({ period: '2026-11' })).length, 2);
    // The clerk's own file is read where it is and left there.
    assert.equal(await readFile(path, 'utf8'), CSV);
  });

  it('refuses other pages, windows without a session, and paths that are not billing files on the disk', async () => {
    const { db } = database();
    const clerk = await createStaff(db, 'operator');
    const main = mainProcess(() => null);
    await main.signIn(2, clerk.id);
    const csv = join(dir, 'good.csv');
    await writeFile(csv, CSV);
    await mkdir(join(dir, 'folder.csv'), { recursive: true });

    const refusal = async (event: InvokeEvent, input: unknown) => {
      const result = await main.file(FILE_CHANNELS.register, event, input);
      assert.equal(result.ok, false);
      return !result.ok ? [result.error.id, result.error.message] : [];
    };
    assert.equal((await refusal(windowEvent(2, 'https://evil.example/'), { path: csv }))[0], 'forbidden');
    assert.equal((await refusal(windowEvent(3), { path: csv }))[0], 'unauthenticated');
    assert.deepEqual(await refusal(windowEvent(2), { path: '' }), ['validation', 'Выберите файл на диске компьютера']);
    assert.deepEqual(await refusal(windowEvent(2), { path: 'relative.csv' }), ['validation', 'Выберите файл на диске компьютера']);
    assert.deepEqual(await refusal(windowEvent(2), { path: csv, extra: 1 }), ['validation', 'Выберите файл на диске компьютера']);
    assert.deepEqual(await refusal(windowEvent(2), { path: '/etc/passwd' }), ['validation', 'Файл «passwd» не подходит: нужен CSV, XLSX или DBF']);
    assert.deepEqual(await refusal(windowEvent(2), { path: join(dir, 'нет такого.csv') }), ['not_found', 'Файл «нет такого.csv» не открывается: проверьте, что он есть и доступен']);
    assert.deepEqual(await refusal(windowEvent(2), { path: join(dir, 'folder.csv') }), ['validation', '«folder.csv» — не файл']);

    await db('staff_users').where({ id: clerk.id }).update({ must_change_password: true });
    assert.deepEqual(await refusal(windowEvent(2), { path: csv }), ['forbidden', 'Сначала смените временный пароль']);
  });

  it('saves an export where the clerk chooses, only for its author, and audits it', async () => {
    const { db } = database();
    const clerk = await createStaff(db, 'operator');
    const other = await createStaff(db, 'operator');
    let answer: string | null = join(dir, `readings-${ctx.engine}.csv`);
    const main = mainProcess(() => answer);
    await main.signIn(4, clerk.id);
    await main.signIn(5, other.id);
    const made = await main.command<ExportFileView>('exportReadings', 4, { period: '2026-10' });

    const strangers = await main.file(FILE_CHANNELS.save, windowEvent(5), { fileId: made.fileId });
    assert.deepEqual(!strangers.ok && strangers.error.id, 'not_found');
    const saved = await main.file<{ saved: boolean; name: string }>(FILE_CHANNELS.save, windowEvent(4), { fileId: made.fileId });
    assert.deepEqual(saved, { ok: true, value: { saved: true, name: `readings-${ctx.engine}.csv` } });
    assert.deepEqual(main.asked, [made.fileName], 'the dialog suggests the export\'s Russian name');
    const text = await readFile(answer, 'utf8');
    assert.match(text, /^\uFEFF?[^\n]*;/, 'a CSV with its header line');
    assert.equal((await stat(answer)).size, made.bytes);

    answer = null;
    const cancelled = await main.file(FILE_CHANNELS.save, windowEvent(4), { fileId: made.fileId });
    assert.deepEqual(cancelled, { ok: true, value: { saved: false, name: null } });
    const bad = await main.file(FILE_CHANNELS.save, windowEvent(4), { fileId: '../../etc/passwd' });
    assert.deepEqual(!bad.ok && bad.error.id, 'validation');

    const audited = await db('audit_log').where({ action: 'export.download', actor_id: clerk.id, subject_id: made.fileId });
    assert.equal(audited.length, 1, 'one save, one audit row; a cancelled dialog saves and audits nothing');
    assert.equal(audited[0].ip, 'ipc');
  });
});
