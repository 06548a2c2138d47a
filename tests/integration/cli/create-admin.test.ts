// `kkp staff:create-admin` as an administrator runs it: a child process against the database
// in DATABASE_URL (a SQLite file, or PostgreSQL), printing a password that then signs in.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { signInStaff } from '../../../shared/staff/sign-in.ts';
import { forEachEngine } from '../../support/engines.ts';
import { kkp } from '../../support/kkp.ts';

forEachEngine('kkp staff:create-admin', (ctx) => {
  it('creates an administrator on an empty database; the printed password signs in and must be changed', async () => {
    const { db, url } = await ctx.freshDatabase({ migrated: false });
    const run = await kkp(url, ['staff:create-admin', '--login', 'Glavny', '--name', 'Главный Пётр Ильич']);
    assert.equal(run.code, 0, run.stderr);
    const password = /^Пароль: (\S+)$/m.exec(run.stdout)?.[1];
    assert.ok(password, run.stdout);
    assert.match(run.stdout, /^Логин: {2}glavny$/m);
    assert.equal(run.stdout.split(password).length - 1, 1, 'the password is printed exactly once');

    const staff = await signInStaff(db, { login: 'glavny', password, ip: '127.0.0.1', now: Date.now(), timeZone: 'Europe/Moscow' });
    assert.deepEqual(staff, { id: staff.id, login: 'glavny', fullName: 'Главный Пётр Ильич', role: 'administrator', mustChangePassword: true });
    const audit = await db('audit_log').where({ action: 'staff.create', subject_id: String(staff.id) }).first('actor_type', 'ip');
    assert.deepEqual({ ...audit }, { actor_type: 'system', ip: 'cli' });
  });

  it('refuses an existing login with exit code 1 and leaves it untouched', async () => {
    const { db, url } = await ctx.freshDatabase();
    const first = await kkp(url, ['staff:create-admin', '--login=boss', '--name=Первый Администратор']);
    assert.equal(first.code, 0, first.stderr);
    const before = await db('staff_users').where({ login: 'boss' }).first('password_hash', 'full_name');

    const again = await kkp(url, ['staff:create-admin', '--login', 'BOSS', '--name', 'Самозванец']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Логин «boss» уже занят/);
    assert.doesNotMatch(again.stdout, /Пароль:/);
    assert.deepEqual(await db('staff_users').where({ login: 'boss' }).first('password_hash', 'full_name'), before);
    assert.equal(Number((await db('staff_users').count({ n: '*' }).first())?.n), 1);
  });

  it('exits with code 2 on wrong usage, creating nobody', async () => {
    const { db, url } = await ctx.freshDatabase();
    for (const args of [
      ['staff:create-admin', '--login', 'nameless'],
      ['staff:create-admin', '--login', 'x', '--name', 'Кто-то', '--role', 'operator'],
      ['staff:create-admin', '--login', 'Кириллица', '--name', 'Кто-то'],
      ['no-such-command'],
    ]) {
      const run = await kkp(url, args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /Использование: kkp/, args.join(' '));
    }
    assert.equal(Number((await db('staff_users').count({ n: '*' }).first())?.n), 0);
  });

  it('prints the usage and exits with 0 for --help, of kkp or of any command', async () => {
    const { url } = await ctx.freshDatabase({ migrated: false });
    for (const args of [['--help'], ['import', '--help'], ['export', 'readings', '-h']]) {
      // bin/kkp.js itself, as installed: the other tests run the commands from a bundle.
      const run = await kkp(url, args, { shipped: true });
      assert.equal(run.code, 0, args.join(' '));
      assert.match(run.stdout, /^Использование: kkp <команда>/, args.join(' '));
      assert.match(run.stdout, /staff:create-admin --login/, args.join(' '));
      assert.equal(run.stderr, '', args.join(' '));
    }
  });
});
