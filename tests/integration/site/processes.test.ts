// `npm run start:site` with SITE_PROCESSES=2: two worker processes serve the site on one port,
// a resident's session outlives the processes that signed it in (it is in the database), a
// worker that dies is replaced, and SIGTERM stops every process. site/main.ts runs bundled
// (tests/support/bundle.ts), and the workers are forked from the same bundle: each of the
// processes here starts without tsx, which halved this file's CPU.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { bundled } from '../../support/bundle.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { freePort } from '../../support/free-port.ts';
import { Client, textOf } from '../../support/site.ts';

interface LogLine {
  msg?: string;
  url?: string;
  pids?: number[];
  workerPid?: number;
}

forEachEngine('the site in several processes', (ctx) => {
  const database = ctx.databaseForSuite();
  let resident: ResidentFixture;
  let files: string;
  let primary: ChildProcess;
  const lines: LogLine[] = [];

  before(async () => {
    const { db, url } = database();
    resident = await createResident(db, await createWorld(db), { accountNumber: '00005005' });
    files = mkdtempSync(join(tmpdir(), 'kkp-processes-'));
    // A fixed port, as in production: on port 0 workers started after all the others died
    // would be given a new one.
    const port = await freePort();
    primary = spawn(process.execPath, [await bundled('site/main.ts')], {
      env: { ...process.env, SITE_PROCESSES: '2', PORT: String(port), CONSOLE_PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, DEMO_SEED: 'false', LOG_LEVEL: 'info', MAIL_DIR: join(files, 'mail'), UPLOAD_DIR: join(files, 'uploads') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    primary.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
    });
  });
  after(() => {
    if (primary.exitCode === null) primary.kill('SIGKILL');
    rmSync(files, { recursive: true, force: true });
  });

  const waitFor = async <T>(found: () => T | undefined, what: string): Promise<T> => {
    for (let waited = 0; waited < 60_000; waited += 50) {
      const value = found();
      if (value !== undefined) return value;
      if (primary.exitCode !== null) throw new Error(`site/main.ts exited (${primary.exitCode}) before logging ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`site/main.ts never logged ${what}`);
  };
  const logged = (match: (line: LogLine) => boolean, what: string) => waitFor(() => lines.find(match), what);
  const replacements = () => lines.filter((l) => /Новый процесс сайта/.test(l.msg ?? '')).map((l) => l.workerPid ?? 0);

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('serves from two worker processes, keeps sessions across them, replaces a dead one and stops them all', async () => {
    const started = await logged((l) => l.msg?.startsWith('Личный кабинет работает') === true, 'that it listens');
    const workers = started.pids ?? [];
    assert.equal(workers.length, 2);
    assert.ok(!workers.includes(primary.pid ?? 0), 'the primary serves no requests itself');
    assert.ok(workers.every(alive));

    const client = new Client(started.url ?? '');
    const signedIn = await client.login(resident.login, resident.password);
    assert.equal(signedIn.status, 302);

    // Both processes that could have signed the resident in die; their replacements know the session.
    for (const pid of workers) process.kill(pid, 'SIGKILL');
    for (const pid of workers) await logged((l) => l.workerPid === pid && /завершился/.test(l.msg ?? ''), `the death of ${pid}`);
    const fresh = await waitFor(() => (replacements().length >= 2 ? replacements() : undefined), 'two replacements listening');
    assert.equal(new Set(fresh).size, 2);
    assert.ok(fresh.every((pid) => !workers.includes(pid) && alive(pid)));

    for (let i = 0; i < 4; i++) {
      const overview = await client.get('/');
      assert.equal(overview.status, 200);
      assert.match(textOf(overview.html), /Лицевой счёт 00005005/);
    }

    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(fresh.filter(alive), [], 'no worker outlives the primary');
  });

  // About the port, not the database: once is enough.
  if (ctx.engine === 'sqlite') it('refuses to start, saying why, when the workers cannot listen', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    try {
      const run = spawnSync(process.execPath, [await bundled('site/main.ts')], {
        env: { ...process.env, SITE_PROCESSES: '2', PORT: String((taken.address() as AddressInfo).port), CONSOLE_PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database().url, DEMO_SEED: 'false', LOG_LEVEL: 'warn', MAIL_DIR: join(files, 'mail') },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /Не удалось запустить личный кабинет: процесс сайта завершился при запуске/);
      assert.match(run.stderr, /EADDRINUSE/);
    } finally {
      taken.close();
    }
  });
});
