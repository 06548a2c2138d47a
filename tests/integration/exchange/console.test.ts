// The console's import flow through the HTTP bridge: upload the file (POST /api/upload with the
// staff session), preview it, dry-run and run it in the background while polling progress, read
// the history and undo. Uploads without a session or from another page are refused.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, it } from 'node:test';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { importJobDone } from '../../../shared/import/jobs.ts';
import { bridgeSession, commandDeps, sessionFor } from '../console/calls.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { snapshot } from '../../support/import-run.ts';

const CSV = 'account;period;service_code;charged;total\n00050001;11.2026;cold_water;100,00;100,00\n00050001;11.2026;electricity;оops;50\n';
const GOOD = 'account;period;service_code;charged;total\n00050001;11.2026;cold_water;100,00;100,00\n00050001;11.2026;electricity;50;50\n';

let uploads = '';
after(async () => {
  if (uploads) await rm(uploads, { recursive: true, force: true });
});

forEachEngine('console: billing import through the bridge', (ctx) => {
  const database = ctx.databaseForEachTest();
  let bridge: RunningBridge;
  let session: Record<string, string> = {};

  beforeEach(async () => {
    const { db } = database();
    uploads ||= await mkdtemp(join(tmpdir(), 'kkp-uploads-'));
    bridge = await startConsoleBridge({ deps: commandDeps(db), rendererDir: uploads, port: 0, uploads: { dir: uploads, limitBytes: 4096 } });
    const staff = await createStaff(db, 'operator');
    session = bridgeSession(await sessionFor(db, staff.id));
  });
  afterEach(async () => {
    await bridge.close();
  });

  const upload = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${bridge.url}/api/upload`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/octet-stream', 'x-kkp-console': '1', 'x-file-name': encodeURIComponent('начисления.csv'), ...session, ...headers },
    });
  const command = async <T>(name: string, input: unknown): Promise<T> => {
    const reply = await fetch(`${bridge.url}/api/${name}`, { method: 'POST', body: JSON.stringify(input), headers: { 'content-type': 'application/json', 'x-kkp-console': '1', ...session } });
    const json = (await reply.json()) as { ok: boolean; value: T; error?: { message: string } };
    assert.ok(json.ok, `${name}: ${json.error?.message}`);
    return json.value;
  };
  async function runToEnd(fileId: string, dryRun: boolean) {
    const { jobId } = await command<{ jobId: string }>('startImport', { fileId, dryRun });
    await importJobDone(jobId);
    return command<{ status: string; percent: number; result: { importId: number; counts: { inserted: number }; problems: { line: number; field: string }[] } }>('getImportProgress', { jobId });
  }

  it('upload, preview, dry run, run, history and undo', async () => {
    const { db } = database();
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00050001', lastPeriod: '2026-10' });
    const before = await snapshot(db);

    const bad = (await (await upload(CSV)).json()) as { value: { fileId: string; name: string } };
    assert.equal(bad.value.name, 'начисления.csv');
    const preview = await command<{ kind: string; rows: { line: number; problems: { field: string }[] }[] }>('previewImport', { fileId: bad.value.fileId });
    assert.equal(preview.kind, 'charges');
    assert.deepEqual(preview.rows.map((r) => [r.line, r.problems.map((p) => p.field)]), [[2, []], [3, ['charged']]]);
    const rejected = await runToEnd(bad.value.fileId, false);
    assert.equal(rejected.status, 'rejected');
    assert.deepEqual(rejected.result.problems.map((p) => [p.line, p.field]), [[3, 'charged']]);

    const good = (await (await upload(GOOD)).json()) as { value: { fileId: string } };
    const dry = await runToEnd(good.value.fileId, true);
    assert.deepEqual([dry.status, dry.result.counts.inserted], ['done', 2]);
    assert.deepEqual(await snapshot(db), before);
    const done = await runToEnd(good.value.fileId, false);
    assert.deepEqual([done.status, done.percent], ['done', 100]);
    assert.equal((await db('charges').where({ period: '2026-11' })).length, 2);

    const history = await command<{ id: number; status: string; actor: string; undoable: boolean; fileName: string }[]>('listImports', {});
    assert.deepEqual(history.map((h) => [h.status, h.undoable]), [['done', true], ['done', false], ['rejected', false]]);
    assert.equal(history[0]?.fileName, 'начисления.csv');
    await command('undoImport', { importId: done.result.importId });
    assert.deepEqual(await snapshot(db), before);
  });

  it('refuses uploads without a session, from another page, of the wrong type or too large', async () => {
    assert.equal((await upload(GOOD, { cookie: '', 'x-kkp-session-key': '' })).status, 401);
    assert.equal((await upload(GOOD, { origin: 'http://evil.example' })).status, 403);
    assert.equal((await upload(GOOD, { 'x-kkp-console': '' })).status, 403);
    assert.equal((await upload(GOOD, { 'content-type': 'text/csv' })).status, 415);
    assert.equal((await upload('x'.repeat(5000))).status, 413);
  });
});
