// Housekeeping of the console's import, through the bridge on both engines: an upload lands in
// <UPLOAD_DIR>/imports (not var/uploads under the working folder), stays for the real run after
// a dry one and is gone once the real run has ended; one never run is swept after a day, at the
// bridge's start. A file refused at opening, by startImport or `kkp import`, is a 'rejected' run
// in the history with its reason and an audit entry, the data unchanged; a preview records nothing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, it } from 'node:test';
import { importCommand } from '../../../cli/import.ts';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import type { CommandDeps } from '../../../shared/console/command.ts';
import { importJobDone } from '../../../shared/import/jobs.ts';
import { importUploadsDir, sweepUploads, UPLOAD_TTL_MS } from '../../../shared/import/uploads.ts';
import { createLogger } from '../../../shared/logger.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { snapshot } from '../../support/import-run.ts';
import { bridgeSession, sessionFor } from '../console/calls.ts';

const GOOD = 'account;period;service_code;charged;total\n00060001;11.2026;cold_water;100,00;100,00\n';
/** An XLSX that is no zip at all: refused when opened. */
const BROKEN_XLSX = 'это не книга Excel';
const DAY_AND_A_BIT = UPLOAD_TTL_MS + 60_000;

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kkp-upload-dir-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const ours = (dir: string) => readdir(dir).catch(() => [] as string[]);

forEachEngine('console uploads and refused files in the history', (ctx) => {
  const database = ctx.databaseForSuite();
  let bridge: RunningBridge;
  let session: Record<string, string> = {};
  let uploadDir = '';
  let staffId = 0;

  const startBridge = () => {
    const deps: CommandDeps = { db: database().db, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', UPLOAD_DIR: uploadDir }), logger: createLogger('silent'), now: Date.now };
    return startConsoleBridge({ deps, rendererDir: uploadDir, port: 0 });
  };

  beforeEach(async () => {
    const { db } = database();
    uploadDir = await mkdtemp(join(root, 'u-'));
    bridge = await startBridge();
    staffId ||= (await createStaff(db, 'operator')).id;
    session = bridgeSession(await sessionFor(db, staffId));
  });
  afterEach(async () => {
    await bridge.close();
  });

  const upload = async (body: string, name: string): Promise<string> => {
    const reply = await fetch(`${bridge.url}/api/upload`, {
      method: 'POST', body, headers: { 'content-type': 'application/octet-stream', 'x-kkp-console': '1', 'x-file-name': encodeURIComponent(name), ...session },
    });
    const json = (await reply.json()) as { ok: boolean; value: { fileId: string } };
    assert.ok(json.ok);
    return json.value.fileId;
  };
  const command = async (name: string, input: unknown) => {
    const reply = await fetch(`${bridge.url}/api/${name}`, { method: 'POST', body: JSON.stringify(input), headers: { 'content-type': 'application/json', 'x-kkp-console': '1', ...session } });
    return (await reply.json()) as { ok: boolean; value: Record<string, unknown>; error?: { message: string } };
  };

  it('an upload lands in UPLOAD_DIR/imports, survives the dry run and is gone after the real run', async () => {
    const { db } = database();
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00060001', lastPeriod: '2026-10' });
    const fileId = await upload(GOOD, 'начисления.csv');
    const dir = importUploadsDir(uploadDir);
    assert.equal((await ours(dir)).length, 1, 'the file is in <UPLOAD_DIR>/imports');
    assert.ok(!existsSync(join(process.cwd(), 'var/uploads', (await ours(dir))[0] ?? '-')), 'not under the working folder');

    const dry = await command('startImport', { fileId, kind: 'charges', dryRun: true });
    await importJobDone(String(dry.value.jobId));
    assert.equal((await ours(dir)).length, 1, 'kept for the real run');
    const real = await command('startImport', { fileId, kind: 'charges', dryRun: false });
    await importJobDone(String(real.value.jobId));
    assert.deepEqual(await ours(dir), [], 'removed once the run has ended');
    const again = await command('previewImport', { fileId, kind: 'charges' });
    assert.equal(again.ok, false);
    assert.match(String(again.error?.message), /загрузите его ещё раз/);
  });

  it('a file refused at opening is a rejected run in the history with an audit entry; a preview is not a run', async () => {
    const { db } = database();
    const before = await snapshot(db);
    const importsBefore = await db('imports').count({ n: '*' }).first();
    const fileId = await upload(BROKEN_XLSX, 'начисления.xlsx');

    const preview = await command('previewImport', { fileId, kind: 'charges' });
    assert.equal(preview.ok, false);
    assert.deepEqual(await db('imports').count({ n: '*' }).first(), importsBefore, 'a preview records nothing');

    const start = await command('startImport', { fileId, kind: 'charges', dryRun: false });
    assert.equal(start.ok, false);
    const row = await db('imports').orderBy('id', 'desc').first();
    assert.equal(row.status, 'rejected');
    assert.equal(row.kind, 'charges');
    assert.equal(row.file_name, 'начисления.xlsx');
    assert.equal(row.error, start.error?.message);
    assert.equal(Boolean(row.dry_run), false);
    const audit = await db('audit_log').where({ action: 'import.run', subject_id: String(row.id) }).first();
    assert.ok(audit, 'audited');
    assert.deepEqual(await ours(importUploadsDir(uploadDir)), [], 'a refused run has ended too: its upload is removed');

    const history = (await command('listImports', {})).value as unknown as { id: number; status: string; error: string }[];
    assert.deepEqual([history[0]?.id, history[0]?.status], [Number(row.id), 'rejected']);
    assert.deepEqual(await snapshot(db), before, 'the data is unchanged');
  });

  it('`kkp import` records a file it refuses at opening, with the kind unknown when nothing says it', async () => {
    const { db } = database();
    const path = join(uploadDir, 'непонятный.xlsx');
    await writeFile(path, BROKEN_XLSX);
    const log = console.log;
    const printed: string[] = [];
    console.log = (line: string) => void printed.push(line);
    let code: number;
    try {
      code = await importCommand(db, path, { dryRun: false });
    } finally {
      console.log = log;
    }
    assert.equal(code, 3);
    const row = await db('imports').orderBy('id', 'desc').first();
    assert.deepEqual([row.status, row.kind, row.file_name, row.actor.startsWith('cli:')], ['rejected', 'unknown', 'непонятный.xlsx', true]);
    assert.ok(row.error);
    assert.match(printed.join('\n'), new RegExp(`Файл не принят \\(загрузка № ${row.id}\\)`));
    assert.ok(await db('audit_log').where({ action: 'import.run', subject_id: String(row.id) }).first());
  });

  it('uploads never run are swept after a day, at the bridge\'s start; other files are left alone', async () => {
    const dir = importUploadsDir(uploadDir);
    await mkdir(dir, { recursive: true });
    const old = join(dir, `${'a'.repeat(32)}.csv`);
    const fresh = join(dir, `${'b'.repeat(32)}.xlsx`);
    const foreign = join(dir, 'notes.txt');
    for (const path of [old, fresh, foreign]) await writeFile(path, 'x');
    const dayAgo = (Date.now() - DAY_AND_A_BIT) / 1000;
    await utimes(old, dayAgo, dayAgo);
    await utimes(foreign, dayAgo, dayAgo);
    // A bridge starting now sweeps at once.
    await bridge.close();
    bridge = await startBridge();
    for (let i = 0; i < 50 && existsSync(old); i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual((await ours(dir)).sort(), [`${'b'.repeat(32)}.xlsx`, 'notes.txt']);
    assert.equal(await sweepUploads(dir, Date.now() + DAY_AND_A_BIT), 1, 'the fresh one goes a day later');
  });
});
