// Files inside Electron, through the main process's handlers against a real server (the console
// service) with only Electron's edge faked (ipcMain, the save dialog, webContents.send): a billing
// file picked in the page is streamed to the server with progress, and can be cancelled, then
// imported through the same commands as over the browser; an export is downloaded into the place
// the save dialog says, only by the clerk who made it, and audited on the server. Pages that are
// not ours, windows without a session and paths that are not files on the disk are refused in Russian.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { CommandDeps, CommandResult } from '../../../shared/console/command.ts';
import type { ExportFileView } from '../../../shared/console/views.ts';
import { importJobDone } from '../../../shared/import/jobs.ts';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { FILE_CHANNELS, FILE_EVENTS } from '../../../desktop/main/ipc-channels.ts';
import { registerFileHandlers, type FileIpcMain, type UploadProgress } from '../../../desktop/main/file-exchange.ts';
import type { InvokeEvent } from '../../../desktop/main/ipc.ts';
import { remoteCommands } from '../../../desktop/main/remote-commands.ts';
import { ServerConnection } from '../../../desktop/main/server-connection.ts';
import { ServerProfileFile } from '../../../desktop/main/server-profile.ts';
import { SessionStore } from '../../../desktop/main/session-store.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { commandDeps } from '../console/calls.ts';

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

forEachEngine('console files inside Electron, to and from the server', (ctx) => {
  const database = ctx.databaseForSuite();
  let bridge: RunningBridge;
  let deps: CommandDeps;
  const uploads = () => join(dir, `uploads-${ctx.engine}`, 'imports');
  const connections: ServerConnection[] = [];

  before(async () => {
    const base = commandDeps(database().db);
    deps = { ...base, config: { ...base.config, exportDir: join(dir, `exports-${ctx.engine}`), uploadDir: join(dir, `uploads-${ctx.engine}`) } };
    bridge = await startConsoleBridge({ deps, rendererDir: dir, port: 0 });
  });
  after(async () => {
    for (const c of connections) c.close();
    await bridge?.close();
  });

  /** The main process: the file handlers and a command caller sharing one session store and server connection. */
  async function mainProcess(answerSaveDialog: () => string | null) {
    const sessions = new SessionStore(Date.now);
    const connection = new ServerConnection(new ServerProfileFile(join(dir, `server-${ctx.engine}-${connections.length}.json`)));
    connections.push(connection);
    await connection.readCertificate(bridge.url);
    const handlers = new Map<string, Listener>();
    const ipcMain: FileIpcMain = { handle: (channel, listener) => void handlers.set(channel, listener) };
    const asked: string[] = [];
    const told: UploadProgress[] = [];
    let onProgress: (p: UploadProgress) => void = () => undefined;
    registerFileHandlers(ipcMain, {
      policy: { appOrigins: ['app://console'], rendererFiles: [], externalOrigins: [] },
      sessions,
      logger: { error: () => undefined },
      connection,
      statFile: (path) => stat(path),
      askWhereToSave: async (_event, suggestedName) => {
        asked.push(suggestedName);
        return answerSaveDialog();
      },
      notify: (_event, channel, payload) => {
        assert.equal(channel, FILE_EVENTS.progress);
        told.push(payload as UploadProgress);
        onProgress(payload as UploadProgress);
      },
    });
    const run = remoteCommands(connection);
    const file = async <T>(channel: string, event: InvokeEvent, input?: unknown) => (await handlers.get(channel)?.(event, input)) as CommandResult<T>;
    const command = async <T>(name: string, windowId: number, input: unknown) => {
      const result = await run({ name, input, token: sessions.tokenFor(windowId), origin: 'ipc', client: 'ipc', session: sessions.controlFor(windowId) });
      assert.ok(result.ok, `${name}: ${!result.ok && result.error.message}`);
      return result.value as T;
    };
    const signIn = (windowId: number, staff: StaffFixture) => command('signIn', windowId, { login: staff.login, password: staff.password });
    return { file, command, signIn, asked, told, whenProgress: (fn: (p: UploadProgress) => void) => (onProgress = fn) };
  }

  it('streams a picked billing file to the server, telling the page how far it got, and imports it', async () => {
    const { db } = database();
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00060001', lastPeriod: '2026-10' });
    const clerk = await createStaff(db, 'operator');
    const main = await mainProcess(() => null);
    await main.signIn(1, clerk);
    const path = join(dir, 'начисления ноябрь.csv');
    await writeFile(path, CSV);

    const registered = await main.file<{ fileId: string; name: string; size: number }>(FILE_CHANNELS.register, windowEvent(1), { path });
    assert.ok(registered.ok, JSON.stringify(registered));
    assert.deepEqual({ ...registered.value, fileId: '' }, { fileId: '', name: 'начисления ноябрь.csv', size: Buffer.byteLength(CSV) });
    assert.deepEqual(main.told.at(-1), { name: 'начисления ноябрь.csv', sent: Buffer.byteLength(CSV), total: Buffer.byteLength(CSV) });

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

  it('cancels a file on its way to the server: the page is told, and the server keeps nothing of it', async () => {
    const clerk = await createStaff(database().db, 'operator');
    const main = await mainProcess(() => null);
    await main.signIn(6, clerk);
    const big = join(dir, 'big.csv');
    await writeFile(big, `${'account;period;service_code;charged;total\n'}${'00060001;11.2026;cold_water;1;1\n'.repeat(400_000)}`);
    const before = await readdir(uploads()).catch(() => [] as string[]);
    main.whenProgress((p) => {
      if (p.sent > 0 && p.sent < p.total) void main.file(FILE_CHANNELS.cancel, windowEvent(6));
    });
    const canceled = await main.file(FILE_CHANNELS.register, windowEvent(6), { path: big });
    assert.deepEqual(canceled, { ok: false, error: { id: 'canceled', message: 'Передача файла «big.csv» отменена', fieldErrors: [] } });
    // The server removes the part it received once the connection is cut.
    let after: string[] = [];
    for (let i = 0; i < 50; i++) {
      after = await readdir(uploads()).catch(() => [] as string[]);
      if (after.length === before.length) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(after.sort(), before.sort());
  });

  it('refuses other pages, windows without a session, and paths that are not billing files on the disk', async () => {
    const { db } = database();
    const clerk = await createStaff(db, 'operator');
    const main = await mainProcess(() => null);
    await main.signIn(2, clerk);
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

  it('downloads an export into the place the clerk chooses, only for its author, and the server audits it', async () => {
    const { db } = database();
    const clerk = await createStaff(db, 'operator');
    const other = await createStaff(db, 'operator');
    let answer: string | null = join(dir, `readings-${ctx.engine}.csv`);
    const main = await mainProcess(() => answer);
    await main.signIn(4, clerk);
    await main.signIn(5, other);
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
    assert.ok(audited.length >= 1, 'the server audits what it hands out');
    assert.equal(audited[0].ip, '127.0.0.1');
  });
});
