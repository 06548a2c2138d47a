// Blocking and unblocking residents from the console, seen from the resident's side: an open
// site session ends at once, sign-in is refused with a message that says so, a block for a time
// runs out by itself, unblocking restores access; failed sign-ins put the user on the
// «Подозрительные» list until a clerk unblocks it; a re-issued password is e-mailed or shown.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { authenticate } from '../../../shared/residents/login.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture, type World } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';
import { auditRows, CONSOLE_ORIGIN, consoleAs, refusal, type ConsoleCaller } from './console-caller.ts';

forEachEngine('console: blocking residents', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let world: World;
  let operator: StaffFixture;
  let console_: ConsoleCaller;
  let resident: ResidentFixture;

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00005001' });
    site = await startTestSite(db);
    operator = await createStaff(db, 'operator');
    console_ = await consoleAs(db, operator, site.clock.now);
  });
  after(() => site.close());

  const policy = () => ({ maxFailures: site.config.loginMaxFailures, lockMs: site.config.loginLockMs, timeZone: site.config.timeZone });

  it('block ends the open session and refuses sign-in with a clear message; unblock restores it', async () => {
    const { db } = database();
    const client = new Client(site.url);
    assert.equal((await client.login(resident.login, resident.password)).status, 302);
    assert.equal((await client.get('/')).status, 200);

    const card = await console_.call('blockResident', { userId: resident.userId, reason: 'Заявление абонента о взломе' });
    assert.equal(card.blocked, true);
    assert.equal(card.block?.reason, 'Заявление абонента о взломе');
    assert.equal(card.block?.by, operator.fullName);
    assert.equal(card.block?.until, null);

    const page = await client.get('/');
    assert.equal(page.status, 302, 'the open session no longer works');
    assert.match(page.location ?? '', /^\/login/);
    assert.equal((await db('sessions').where({ user_id: resident.userId })).length, 0);

    const refused = await client.login(resident.login, resident.password);
    assert.equal(refused.status, 401);
    assert.match(textOf(refused.html), /заблокирован/);

    await console_.call('unblockResident', { userId: resident.userId, note: 'Абонент сменил почту' });
    assert.equal((await client.login(resident.login, resident.password)).status, 302);
    assert.equal((await client.get('/')).status, 200);

    const blocks = await auditRows(db, operator.id, 'resident.block');
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]?.subject_id, String(resident.userId));
    assert.equal(blocks[0]?.ip, CONSOLE_ORIGIN);
    assert.deepEqual(JSON.parse(blocks[0]?.details ?? '{}'), { reason: 'Заявление абонента о взломе', until: null });
    const unblocks = await auditRows(db, operator.id, 'resident.unblock');
    assert.equal(unblocks.length, 1);
    assert.deepEqual(JSON.parse(unblocks[0]?.details ?? '{}'), { note: 'Абонент сменил почту' });
  });

  it('a block for a time names its end and runs out by itself', async () => {
    const { db } = database();
    const until = site.clock.now() + 60 * 60_000;
    await console_.call('blockResident', { userId: resident.userId, reason: 'Проверка по обращению', until });
    const client = new Client(site.url);
    const refused = await client.login(resident.login, resident.password);
    assert.equal(refused.status, 401);
    assert.match(textOf(refused.html), /заблокирован до \d\d\.\d\d\.\d{4} \d\d:\d\d/);

    site.clock.advance(61 * 60_000);
    assert.equal((await client.login(resident.login, resident.password)).status, 302, 'the block has ended');
    const card = await console_.call('getResident', { userId: resident.userId });
    assert.equal(card.blocked, false);
    assert.equal(card.block, null);
    assert.equal((await auditRows(db, operator.id, 'resident.block')).length, 2);
  });

  it('refuses a block without a reason or with an end in the past', async () => {
    const short = await refusal(console_, 'blockResident', { userId: resident.userId, reason: 'нет' });
    assert.equal(short.id, 'validation');
    assert.deepEqual(short.fieldErrors.map((e) => e.field), ['reason']);
    const past = await refusal(console_, 'blockResident', { userId: resident.userId, reason: 'Просрочено', until: site.clock.now() - 1 });
    assert.deepEqual(past.fieldErrors, [{ field: 'until', message: 'Срок блокировки должен быть в будущем' }]);
    const unknown = await refusal(console_, 'blockResident', { userId: 999_999, reason: 'Нет такого' });
    assert.equal(unknown.id, 'not_found');
  });

  it('failed sign-ins past the limit list the user as suspicious until unblocked', async () => {
    const { db } = database();
    const suspect = await createResident(db, world, { accountNumber: '00005002' });
    assert.ok(!(await console_.call('listSuspicious', {})).some((r) => r.userId === suspect.userId));
    for (let i = 0; i < site.config.loginMaxFailures; i++) {
      await authenticate(db, { login: suspect.login, password: 'wrong-password', ip: '192.0.2.10', now: site.clock.now() }, policy());
    }
    const locked = await authenticate(db, { login: suspect.login, password: suspect.password, ip: '192.0.2.10', now: site.clock.now() }, policy());
    assert.equal(locked.ok, false);

    const suspicious = await console_.call('listSuspicious', {});
    const listed = suspicious.find((r) => r.userId === suspect.userId);
    assert.ok(listed, 'listed in «Подозрительные»');
    assert.equal(listed.suspiciousAt, site.clock.now());
    assert.deepEqual(listed.accounts.map((a) => a.number), ['00005002']);

    const card = await console_.call('getResident', { userId: suspect.userId });
    assert.equal(card.lockedUntil, site.clock.now() + site.config.loginLockMs);
    assert.equal(card.signIns.filter((s) => !s.succeeded).length, site.config.loginMaxFailures + 1);
    assert.equal(card.signIns[0]?.reason, 'locked', 'newest first');

    await console_.call('unblockResident', { userId: suspect.userId });
    assert.ok(!(await console_.call('listSuspicious', {})).some((r) => r.userId === suspect.userId));
    const now = await authenticate(db, { login: suspect.login, password: suspect.password, ip: '192.0.2.10', now: site.clock.now() }, policy());
    assert.equal(now.ok, true, 'the lockout is lifted at once');
    assert.ok((await auditRows(db, operator.id, 'resident.list_suspicious')).length >= 2);
    assert.ok((await auditRows(db, operator.id, 'resident.view')).some((r) => r.subject_id === String(suspect.userId)));
  });

  it('«Открыть вход» lifts a lockout by failed sign-ins, not a block by staff; the resident then signs in on the site', async () => {
    const { db } = database();
    const caller = await createResident(db, world, { accountNumber: '00005009' });
    // Locks are per address: the guesses come from where the resident's browser signs in.
    const client = new Client(site.url);
    await client.login(caller.login, 'wrong-password');
    const { ip } = await db('login_attempts').where({ user_id: caller.userId }).orderBy('id', 'desc').first('ip');
    for (let i = 1; i < site.config.loginMaxFailures; i++) {
      await authenticate(db, { login: caller.login, password: 'wrong-password', ip, now: site.clock.now() }, policy());
    }
    assert.equal((await client.login(caller.login, caller.password)).status, 401, 'locked: even the right password is refused');

    const card = await console_.call('unlockResident', { userId: caller.userId });
    assert.equal(card.lockedUntil, null);
    assert.equal(card.failedLogins, 0);
    assert.ok(card.suspiciousAt, 'still on «Подозрительные», for whoever looks at what happened');
    assert.equal((await client.login(caller.login, caller.password)).status, 302);
    assert.equal((await client.get('/')).status, 200);
    const audited = await auditRows(db, operator.id, 'resident.unlock');
    assert.equal(audited.filter((r) => r.subject_id === String(caller.userId)).length, 1);

    // Nothing to open: said so, and nothing changes.
    const nothing = await refusal(console_, 'unlockResident', { userId: caller.userId });
    assert.equal(nothing.id, 'conflict');
    assert.match(nothing.message, /не закрыт/);
    // A block by staff is not lifted by it: that takes «Разблокировать…», with its own audit.
    await console_.call('blockResident', { userId: caller.userId, reason: 'Заявление абонента о взломе' });
    assert.equal((await refusal(console_, 'unlockResident', { userId: caller.userId })).id, 'conflict');
    assert.equal((await console_.call('getResident', { userId: caller.userId })).blocked, true);
    assert.equal((await client.login(caller.login, caller.password)).status, 401);
  });

  it('re-issues a password by e-mail: the old one stops working, sessions end, a change is required', async () => {
    const { db } = database();
    const withEmail = await createResident(db, world, { accountNumber: '00005003', email: 'tenant@example.ru' });
    const client = new Client(site.url);
    await client.login(withEmail.login, withEmail.password);
    assert.equal((await client.get('/')).status, 200);

    const issued = await console_.call('reissuePassword', { userId: withEmail.userId });
    assert.deepEqual(issued, { login: withEmail.login, emailed: true, emailedTo: 'tenant@example.ru' });
    assert.equal((await client.get('/')).status, 302, 'sessions ended');

    const mail = await db('email_outbox').where({ to_address: 'tenant@example.ru' });
    assert.equal(mail.length, 1);
    assert.equal(mail[0].kind, 'password.reissued');
    assert.equal(mail[0].status, 'pending');
    assert.match(mail[0].text_body, new RegExp(`Логин: ${withEmail.login}`));
    const password = /Пароль: (\S+)/.exec(mail[0].text_body)?.[1];
    assert.ok(password && password.length >= 12);
    assert.ok(mail[0].html_body.includes(password));

    const old = await authenticate(db, { login: withEmail.login, password: withEmail.password, ip: '192.0.2.20', now: site.clock.now() }, policy());
    assert.equal(old.ok, false);
    const fresh = await authenticate(db, { login: withEmail.login, password, ip: '192.0.2.20', now: site.clock.now() }, policy());
    assert.equal(fresh.ok, true);
    const user = await db('users').where({ id: withEmail.userId }).first();
    assert.ok(user.must_change_password);

    const rows = await auditRows(db, operator.id, 'resident.password_reissue');
    assert.equal(rows.length, 1);
    assert.deepEqual(JSON.parse(rows[0]?.details ?? '{}'), { emailed: true });
    assert.ok(!JSON.stringify(await db('audit_log')).includes(password), 'the password is never audited');
  });

  it('re-issues a password without an e-mail by showing it once', async () => {
    const { db } = database();
    const before = Number((await db('email_outbox').count({ n: '*' }).first())?.n);
    const issued = await console_.call('reissuePassword', { userId: resident.userId });
    if (issued.emailed) assert.fail('the password should be shown, there is no e-mail');
    assert.ok(issued.password.length >= 12);
    assert.equal(Number((await db('email_outbox').count({ n: '*' }).first())?.n), before, 'nothing e-mailed');
    const fresh = await authenticate(db, { login: resident.login, password: issued.password, ip: '192.0.2.30', now: site.clock.now() }, policy());
    assert.equal(fresh.ok, true);
  });
});
