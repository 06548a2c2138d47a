// `npm start`'s entry point refuses to start on a bad setting, naming it, before touching the database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('site start-up', () => {
  it('exits with a clear Russian message on a bad value and creates no database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkp-start-'));
    try {
      const file = join(dir, 'never.sqlite');
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'site/main.ts'], {
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
});
