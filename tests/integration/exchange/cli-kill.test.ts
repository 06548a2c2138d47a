// A `kkp import` killed with SIGKILL mid-way leaves the database exactly as before (nothing is
// committed until the end), and running it again loads the whole file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { forEachEngine } from '../../support/engines.ts';
import { createWorld } from '../../support/factories.ts';
import { insertAccounts, writeChargesCsv } from '../../support/charges-file.ts';
import { snapshot } from '../../support/import-run.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs kkp; `killWhen` sees stderr as it comes and may ask for a SIGKILL. */
function kkp(databaseUrl: string, args: string[], killWhen?: (stderr: string) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kkp.js', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      if (killWhen?.(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-import-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

forEachEngine('kkp import killed mid-way', (ctx) => {
  it('a kkp import killed mid-way leaves the database as it was; the rerun loads the whole file', async () => {
    const { db, url } = await ctx.freshDatabase();
    const world = await createWorld(db);
    await insertAccounts(db, world.buildingId, 1_000);
    const periods = Array.from({ length: 25 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const file = join(dir, `big-${ctx.engine}.csv`);
    const rows = await writeChargesCsv(file, { accounts: 1_000, periods, services: ['cold_water', 'hot_water', 'electricity', 'maintenance'] });
    const before = await snapshot(db);

    // Progress lines come every 10 % in a log: kill once a third of the file (several batches
    // written inside the transaction) is behind.
    const killed = await kkp(url, ['import', file], (stderr) => /\((3\d|[4-9]\d) %\)/.test(stderr));
    assert.equal(killed.signal, 'SIGKILL', killed.stderr + killed.stdout);
    assert.deepEqual(await snapshot(db), before);
    assert.equal((await db('imports')).length, 0, 'no trace of the killed run');

    const rerun = await kkp(url, ['import', file]);
    assert.equal(rerun.code, 0, rerun.stderr + rerun.stdout);
    assert.equal(Number((await db('charges').count({ n: '*' }).first())?.n), rows);
  });
});
