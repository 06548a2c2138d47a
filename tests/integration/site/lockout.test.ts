// Failed sign-ins: a generic message, then a timed lock that marks the user suspicious; a
// blocked user is refused with a clear message.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('failed sign-ins and locks', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let resident: ResidentFixture;
  let blocked: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00003003' });
    blocked = await createResident(db, world, { accountNumber: '00004004' });
    site = await startTestSite(db, { env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' } });
  });
  after(() => site.close());

  it('locks after the limit, refuses even the right password until the lock ends, then lets in', async () => {
    const { db } = database();
    const client = new Client(site.url);
    for (let i = 1; i <= 2; i++) {
      const reply = await client.login(resident.login, 'wrong-password');
      assert.equal(reply.status, 401);
      assert.match(textOf(reply.html), /Неверный логин или пароль/);
    }
    // The locking attempt answers like any wrong password: only the right one learns of the lock.
    const third = await client.login(resident.login, 'wrong-password');
    assert.equal(third.status, 401);
    assert.match(textOf(third.html), /Неверный логин или пароль/);

    const user = await db('users').where({ id: resident.userId }).first();
    assert.ok(user.suspicious_at, 'marked suspicious for the console');
    assert.equal(user.locked_until, site.clock.now() + 15 * 60_000);
    const audit = await db('audit_log').where({ action: 'login.locked', subject_id: String(resident.userId) });
    assert.equal(audit.length, 1);

    const whileLocked = await client.login(resident.login, resident.password);
    assert.equal(whileLocked.status, 401);
    assert.match(textOf(whileLocked.html), /Вход временно заблокирован/);
    assert.equal(client.cookies.get('kkp_session'), undefined);

    site.clock.advance(14 * 60_000);
    assert.equal((await client.login(resident.login, resident.password)).status, 401, 'still locked a minute before the end');

    site.clock.advance(2 * 60_000);
    const afterLock = await client.login(resident.login, resident.password);
    assert.equal(afterLock.status, 302);
    assert.ok(client.cookies.get('kkp_session'));
    const reset = await db('users').where({ id: resident.userId }).first();
    assert.equal(reset.failed_logins, 0);
  });

  it('records every attempt, for the console', async () => {
    const { db } = database();
    const attempts = await db('login_attempts').where({ user_id: resident.userId });
    assert.ok(attempts.filter((a) => !a.succeeded).length >= 4);
    assert.ok(attempts.some((a) => a.succeeded));
  });

  it('gives the same answer for an unknown login as for a wrong password', async () => {
    const client = new Client(site.url);
    const reply = await client.login('99999999', 'whatever');
    assert.equal(reply.status, 401);
    assert.match(textOf(reply.html), /Неверный логин или пароль/);
  });

  it('refuses a blocked user with a clear message and ends its sessions', async () => {
    const { db } = database();
    const client = new Client(site.url);
    await client.login(blocked.login, blocked.password);
    assert.equal((await client.get('/')).status, 200);
    await db('users').where({ id: blocked.userId }).update({ blocked_at: site.clock.now(), blocked_reason: 'test' });
    assert.equal((await client.get('/')).status, 302, 'an open session stops working');
    const reply = await client.login(blocked.login, blocked.password);
    assert.equal(reply.status, 401);
    assert.match(textOf(reply.html), /Доступ к личному кабинету заблокирован/);
  });
});
