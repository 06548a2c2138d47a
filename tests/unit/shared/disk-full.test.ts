// A full disk, on either engine, is told in the one clear message, however the driver wraps it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DISK_FULL_MESSAGE, isDiskFull } from '../../../shared/disk-full.ts';
import { describeDbError } from '../../../shared/import/db-errors.ts';

/** node-sqlite3's error as knex passes it on: the statement before the driver's own message. */
const sqliteFull = () => Object.assign(new Error('insert into `readings` (`meter_id`) values (1) - SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL', errno: 13 });
const sqliteFullAtCommit = () => Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL', errno: 13 });
const pgFull = () => Object.assign(new Error('COMMIT - could not extend file "base/16384/16385": No space left on device'), { code: '53100' });

it('recognises SQLITE_FULL and PostgreSQL’s 53100, wrapped or not, and nothing else', () => {
  assert.ok(isDiskFull(sqliteFull()));
  assert.ok(isDiskFull(sqliteFullAtCommit()));
  assert.ok(isDiskFull(pgFull()));
  assert.ok(isDiskFull(new Error('transaction failed', { cause: sqliteFull() })));
  assert.ok(isDiskFull(new Error('SQLITE_FULL: database or disk is full')), 'by the message when the code was lost');
  assert.ok(!isDiskFull(Object.assign(new Error('UNIQUE constraint failed: readings.id'), { code: 'SQLITE_CONSTRAINT' })));
  assert.ok(!isDiskFull(Object.assign(new Error('no space'), { code: 'ENOSPC' })), 'a full upload folder is another matter');
  assert.ok(!isDiskFull(null));
  assert.ok(!isDiskFull('SQLITE_FULLY'));
});

it('gives the one message, with a single full stop, for both engines', () => {
  assert.equal(DISK_FULL_MESSAGE, 'На диске базы данных нет места. Данные не изменены.');
  assert.doesNotMatch(DISK_FULL_MESSAGE, /\.\./);
  for (const error of [sqliteFull(), sqliteFullAtCommit(), pgFull()]) assert.equal(describeDbError(error), DISK_FULL_MESSAGE);
});
