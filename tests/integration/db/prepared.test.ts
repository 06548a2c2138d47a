// Prepared statements kept per connection: same answers as knex on both engines, parameters in
// order, and on SQLite the connections still close (SQLite refuses to close a connection that
// has unfinalized statements, which would leave the file open for the life of the process).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createDb } from '../../../db/connection.ts';
import { migrateLatest } from '../../../db/migrations/index.ts';
import { prepared, runPrepared } from '../../../db/prepared.ts';
import { forEachEngine } from '../../support/engines.ts';

const SETTING = prepared('test_setting', 'select key, value from settings where key = ? and updated_at > ?');

forEachEngine('prepared statements', (ctx) => {
  const database = ctx.databaseForSuite();

  it('answers like a plain query, many times and in parallel', async () => {
    const { db } = database();
    await db('settings').insert([
      { key: 'a', value: '"1"', updated_at: 10 },
      { key: 'b', value: '"2"', updated_at: 20 },
    ]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => runPrepared<{ key: string; value: string }>(database().db, SETTING, [i % 2 ? 'a' : 'b', 5])),
    );
    answers.forEach((rows, i) => assert.deepEqual(rows, [{ key: i % 2 ? 'a' : 'b', value: i % 2 ? '"1"' : '"2"' }]));
    assert.deepEqual(await runPrepared(db, SETTING, ['b', 25]), []);
  });
});

describe('prepared statements on SQLite', () => {
  it('let the connections close', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkp-prepared-'));
    try {
      const file = join(dir, 'db.sqlite');
      const db = createDb(`sqlite:${file}`);
      await migrateLatest(db);
      await Promise.all(Array.from({ length: 8 }, () => runPrepared(db, SETTING, ['x', 0])));
      assert.ok(openHandles(file) > 0);
      await db.destroy();
      assert.equal(openHandles(file), 0, 'no file handle left on the database');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** How many of this process's file descriptors point at the file. */
function openHandles(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}
