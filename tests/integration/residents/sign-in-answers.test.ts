// What resident sign-in tells a stranger: nothing. Unknown, wrong, locked and blocked logins get
// one answer; only the right password learns why entry is refused. Locks are per login and
// address (a guesser elsewhere does not stop the owner), failures count within a window, and
// the owner is e-mailed when a lock happens.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { authenticate, failureDelayMs, type LoginPolicy } from '../../../shared/residents/login.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type World } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type Reply, type TestSite } from '../../support/site.ts';

const POLICY: LoginPolicy = { maxFailures: 3, lockMs: 15 * 60_000, timeZone: 'Europe/Moscow', siteUrl: 'https://lk.example.ru' };
const T0 = Date.parse('2026-11-24T09:00:00Z');

/** The page with the typed login taken out: the form echoes it back, nothing else may differ. */
const pageOf = (reply: Reply, login: string) => ({ status: reply.status, html: reply.html.replaceAll(login, '…') });

forEachEngine('resident sign-in tells strangers nothing', (ctx) => {
  const database = ctx.databaseForSuite();
  let world: World;
  let site: TestSite;

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    site = await startTestSite(db, { env: { LOGIN_MAX_FAILURES: '2', LOGIN_LOCK_MINUTES: '15' } });
  });
  after(() => site.close());

  it('answers unknown, wrong, locked and blocked logins alike; the right password learns why', async () => {
    const { db } = database();
    const plain = await createResident(db, world, { accountNumber: '00021001' });
    const locked = await createResident(db, world, { accountNumber: '00021002' });
    const blocked = await createResident(db, world, { accountNumber: '00021003' });
    await db('users').where({ id: blocked.userId }).update({ blocked_at: site.clock.now(), blocked_reason: 'Заявление о взломе' });
    const client = new Client(site.url);

    const unknown = await client.login('00021999', 'guess-1');
    // Lock `locked` from the address this client comes from (as the site sees it).
    const { ip } = await db('login_attempts').where({ login: '00021999' }).first('ip');
    const policy = { maxFailures: site.config.loginMaxFailures, lockMs: site.config.loginLockMs, timeZone: site.config.timeZone };
    for (let i = 0; i < site.config.loginMaxFailures; i++) {
      await authenticate(db, { login: locked.login, password: `wrong-${i}`, ip, now: site.clock.now() }, policy);
    }
    assert.ok(Number((await db('users').where({ id: locked.userId }).first('locked_until')).locked_until) > site.clock.now());

    const expected = pageOf(unknown, '00021999');
    assert.equal(expected.status, 401);
    assert.match(textOf(expected.html), /Неверный логин или пароль/);
    for (const r of [plain, locked, blocked]) {
      assert.deepEqual(pageOf(await client.login(r.login, 'guess-1'), r.login), expected, `the answer for ${r.login}`);
    }

    const lockedRight = await client.login(locked.login, locked.password);
    assert.equal(lockedRight.status, 401);
    assert.match(textOf(lockedRight.html), /Вход временно заблокирован после нескольких неверных попыток/);
    const blockedRight = await client.login(blocked.login, blocked.password);
    assert.equal(blockedRight.status, 401);
    assert.match(textOf(blockedRight.html), /Доступ к личному кабинету заблокирован/);
    assert.equal(client.cookies.get('kkp_session'), undefined);

    const reasons = await db('login_attempts').whereIn('user_id', [locked.userId, blocked.userId]).orderBy('id').select('user_id', 'reason');
    assert.deepEqual(reasons.slice(-4).map((r) => r.reason), ['bad_password', 'bad_password', 'locked', 'blocked']);
  });

  it('a stranger’s failures lock only their own address: the owner signs in elsewhere; a letter tells the owner', async () => {
    const { db } = database();
    const owner = await createResident(db, world, { accountNumber: '00021011', email: 'owner@example.ru' });
    const stranger = '203.0.113.50';
    for (let i = 1; i <= POLICY.maxFailures; i++) {
      const r = await authenticate(db, { login: owner.login, password: `guess-${i}`, ip: stranger, now: T0 + i }, POLICY);
      assert.deepEqual(r.ok ? 'ok' : [r.reason, r.message], ['bad_credentials', 'Неверный логин или пароль']);
    }
    const user = await db('users').where({ id: owner.userId }).first('suspicious_at', 'locked_until');
    assert.equal(Number(user.suspicious_at), T0 + POLICY.maxFailures, '«Подозрительные»');
    assert.equal(Number(user.locked_until), T0 + POLICY.maxFailures + POLICY.lockMs);
    const audit = await db('audit_log').where({ action: 'login.locked', subject_id: String(owner.userId) }).select('ip');
    assert.deepEqual(audit.map((a) => a.ip), [stranger]);

    const mail = await db('email_outbox').where({ to_address: 'owner@example.ru' }).select('kind', 'subject', 'text_body', 'status');
    assert.equal(mail.length, 1);
    assert.deepEqual([mail[0].kind, mail[0].subject, mail[0].status], ['login.locked', 'Вход в личный кабинет временно закрыт', 'pending']);
    assert.match(mail[0].text_body, new RegExp(`логин ${owner.login}`));
    assert.match(mail[0].text_body, /IP-адрес: 203\.0\.113\.50/);
    assert.match(mail[0].text_body, /https:\/\/lk\.example\.ru\/forgot-password/);
    assert.match(mail[0].text_body, /абонентский отдел/);

    const owners = await authenticate(db, { login: owner.login, password: owner.password, ip: '198.51.100.60', now: T0 + 10 }, POLICY);
    assert.equal(owners.ok, true, 'the owner, from an address that has not failed, is let in');
    const fromThere = await authenticate(db, { login: owner.login, password: owner.password, ip: stranger, now: T0 + 11 }, POLICY);
    assert.equal(fromThere.ok ? 'ok' : fromThere.reason, 'locked', 'the guessing address stays shut, even to the right password');

    for (let i = 0; i < POLICY.maxFailures; i++) {
      await authenticate(db, { login: owner.login, password: 'guess-again', ip: `203.0.113.${60 + i}`, now: T0 + 20 + i }, POLICY);
    }
    await authenticate(db, { login: owner.login, password: 'guess-again', ip: stranger, now: T0 + 30 }, POLICY);
    assert.equal(Number((await db('email_outbox').where({ to_address: 'owner@example.ru' }).count({ n: '*' }).first())?.n), 1, 'one letter while a lock is in force');
  });

  it('grows the answer delay with the address\'s failures, alike for a known login and for unknown ones', async () => {
    const { db } = database();
    const owner = await createResident(db, world, { accountNumber: '00021031' });
    const delays = async (ip: string, logins: string[]) => {
      const out: number[] = [];
      for (const [i, login] of logins.entries()) {
        const r = await authenticate(db, { login, password: 'guess', ip, now: T0 + i }, POLICY);
        out.push(failureDelayMs(r.ok ? undefined : r.addressFailures));
      }
      return out;
    };
    const known = await delays('192.0.2.81', [owner.login, owner.login, owner.login]);
    const unknown = await delays('192.0.2.82', ['00099001', '00099002', 'nobody-here']);
    assert.deepEqual(known, [250, 500, 1000]);
    assert.deepEqual(unknown, known, 'the delay does not tell whether the login exists');
  });

  it('counts failures within the window only', async () => {
    const { db } = database();
    const owner = await createResident(db, world, { accountNumber: '00021021' });
    const ip = '192.0.2.77';
    const fail = (at: number) => authenticate(db, { login: owner.login, password: 'guess', ip, now: at }, POLICY);
    for (let i = 1; i < POLICY.maxFailures; i++) await fail(T0 + i);
    const later = T0 + 16 * 60_000;
    for (let i = 1; i < POLICY.maxFailures; i++) {
      const r = await fail(later + i);
      assert.equal(r.ok ? 0 : r.failures, i, 'the old failures have aged out');
    }
    assert.equal((await db('users').where({ id: owner.userId }).first('locked_until')).locked_until, null);
    assert.equal((await authenticate(db, { login: owner.login, password: owner.password, ip, now: later + 10 }, POLICY)).ok, true);
    const afresh = await fail(later + 20);
    assert.equal(afresh.ok ? 0 : afresh.failures, 1, 'a success there starts the count again');

    for (let i = 1; i < POLICY.maxFailures; i++) await fail(later + 20 + i);
    const locked = await authenticate(db, { login: owner.login, password: owner.password, ip, now: later + 30 }, POLICY);
    assert.equal(locked.ok ? 'ok' : locked.reason, 'locked', 'as many within the window lock');
    assert.equal((await db('audit_log').where({ action: 'login.locked', subject_id: String(owner.userId) })).length, 1);
  });
});
