// `npm start`'s entry point refuses to start on a bad setting, naming it, before touching the database;
// on an empty database it loads the demo town and serves the login page, saying how to try the demo.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundled } from '../../support/bundle.ts';
import { freePort } from '../../support/free-port.ts';

describe('site start-up', () => {
  it('exits with a clear Russian message on a bad value and creates no database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkp-start-'));
    try {
      const file = join(dir, 'never.sqlite');
      // Bundled (tests/support/bundle.ts): a refusal needs no second of tsx start-up; the first
      // start below runs `npm start`'s own entry through tsx, as shipped.
      const run = spawnSync(process.execPath, [await bundled('site/main.ts')], {
        env: { ...process.env, PORT: 'восемь', TIME_ZONE: 'Nowhere/City', DATABASE_URL: `sqlite:${file}` },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(run.status, 78, run.stderr);
      assert.match(run.stderr, /Неверная настройка/);
      assert.match(run.stderr, /PORT: ожидается номер порта/);
      assert.match(run.stderr, /TIME_ZONE: неизвестный часовой пояс/);
      assert.equal(existsSync(file), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on an empty database, `npm start` loads the demo town and serves the login page, logging how to try it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkp-first-start-'));
    const [port, consolePort] = [await freePort(), await freePort()];
    const started = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        PATH: process.env.PATH, NODE_ENV: 'development', LOG_LEVEL: 'info', DATABASE_URL: `sqlite:${join(dir, 'kkp.sqlite')}`,
        PORT: String(port), CONSOLE_PORT: String(consolePort), UPLOAD_DIR: join(dir, 'uploads'), MAIL_DIR: join(dir, 'mail'), EXPORT_DIR: join(dir, 'exports'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    started.stdout.on('data', (c: Buffer) => (log += c.toString('utf8')));
    started.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
    try {
      let page: Response | undefined;
      for (let waited = 0; waited < 90_000 && started.exitCode === null; waited += 250) {
        page = await fetch(`http://127.0.0.1:${port}/login`).catch(() => undefined);
        if (page?.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.equal(page?.status, 200, log);
      assert.match(await page.text(), /Номер лицевого счёта или логин/);
      assert.match(log, /Демо-данные загружены: 500 лицевых счетов/);
      assert.match(log, /Демо: вход в личный кабинет — номер лицевого счёта и пароль Demo-<номер>/);
      assert.match(log, /абонент 00011005 заблокирован после неверных попыток входа/);
    } finally {
      started.kill('SIGTERM');
      await new Promise((resolve) => (started.exitCode === null ? started.once('exit', resolve) : resolve(null)));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
