// Linking and unlinking accounts from the console, and disconnecting an account on a written
// request or a change of owner: the document is recorded, sessions end, and a login left with
// no account is blocked.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { authenticate } from '../../../shared/residents/login.ts';
import { createSession } from '../../../shared/residents/sessions.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, idOf, type ResidentFixture, type World } from '../../support/factories.ts';
import { auditRows, consoleAs, refusal, type ConsoleCaller } from './console-caller.ts';

forEachEngine('console: linking and disconnecting accounts', (ctx) => {
  const database = ctx.databaseForSuite();
  let world: World;
  let operator: StaffFixture;
  let console_: ConsoleCaller;
  let owner: ResidentFixture;
  let second: ResidentFixture;

  const policy = { maxFailures: 5, lockMs: 15 * 60_000, timeZone: 'Europe/Moscow' };

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    owner = await createResident(db, world, { accountNumber: '00006001' });
    second = await createResident(db, world, { accountNumber: '00006002' });
    operator = await createStaff(db, 'operator');
    console_ = await consoleAs(db, operator);
  });

  it('links a second account, once', async () => {
    const { db } = database();
    const card = await console_.call('linkAccount', { userId: owner.userId, accountId: second.accountId });
    assert.deepEqual(card.accounts.map((a) => a.number), ['00006001', '00006002']);
    const again = await refusal(console_, 'linkAccount', { userId: owner.userId, accountId: second.accountId });
    assert.equal(again.id, 'conflict');
    assert.match(again.message, /уже привязан/);
    const rows = await auditRows(db, operator.id, 'resident.link_account');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.account_id, second.accountId);
  });

  it('refuses to link a closed or unknown account', async () => {
    const { db } = database();
    const now = Date.now();
    const [row] = await db('accounts')
      .insert({ number: '00006099', building_id: world.buildingId, address: 'г. Десногорск, закрытый', owner_name: 'Закрыт', status: 'closed', created_at: now, updated_at: now })
      .returning('id');
    const closed = await refusal(console_, 'linkAccount', { userId: owner.userId, accountId: idOf(row) });
    assert.equal(closed.id, 'conflict');
    assert.match(closed.message, /закрыт/);
    assert.equal((await refusal(console_, 'linkAccount', { userId: owner.userId, accountId: 999_999 })).id, 'not_found');
  });

  it('unlinks an account but never the last one', async () => {
    const { db } = database();
    const card = await console_.call('unlinkAccount', { userId: owner.userId, accountId: second.accountId });
    assert.deepEqual(card.accounts.map((a) => a.number), ['00006001']);
    const last = await refusal(console_, 'unlinkAccount', { userId: owner.userId, accountId: owner.accountId });
    assert.equal(last.id, 'conflict');
    assert.match(last.message, /последний/);
    assert.match(last.message, /отключение/);
    const notLinked = await refusal(console_, 'unlinkAccount', { userId: owner.userId, accountId: second.accountId });
    assert.equal(notLinked.id, 'not_found');
    assert.equal((await db('user_accounts').where({ user_id: owner.userId })).length, 1);
    assert.equal((await auditRows(db, operator.id, 'resident.unlink_account')).length, 1);
  });

  it('disconnects one of two accounts: document kept, sessions end, login still works', async () => {
    const { db } = database();
    await console_.call('linkAccount', { userId: owner.userId, accountId: second.accountId });
    await createSession(db, { userId: owner.userId, accountId: second.accountId, ttlMs: 3_600_000 });
    const card = await console_.call('disconnectAccount', {
      userId: owner.userId, accountId: second.accountId, reason: 'owner_change', documentRef: 'Выписка ЕГРН № 67/001 от 20.11.2026',
    });
    assert.deepEqual(card.accounts.map((a) => a.number), ['00006001']);
    assert.equal(card.blocked, false);
    assert.equal(card.disconnections.length, 1);
    assert.equal(card.disconnections[0]?.accountNumber, '00006002');
    assert.equal(card.disconnections[0]?.reason, 'owner_change');
    assert.equal(card.disconnections[0]?.documentRef, 'Выписка ЕГРН № 67/001 от 20.11.2026');
    assert.equal(card.disconnections[0]?.by, operator.fullName);
    assert.equal((await db('sessions').where({ user_id: owner.userId })).length, 0, 'sessions ended');
    const row = await db('account_disconnections').where({ user_id: owner.userId }).first();
    assert.equal(row.staff_id, operator.id);
    assert.equal((await authenticate(db, { login: owner.login, password: owner.password, ip: '192.0.2.1' }, policy)).ok, true);
  });

  it('disconnecting the last account blocks the login with the reason', async () => {
    const { db } = database();
    const card = await console_.call('disconnectAccount', {
      userId: second.userId, accountId: second.accountId, reason: 'request', documentRef: 'Заявление вх. № 154 от 21.11.2026',
    });
    assert.deepEqual(card.accounts, []);
    assert.equal(card.blocked, true);
    assert.match(card.block?.reason ?? '', /^Отключён: по письменному заявлению, Заявление вх\. № 154 от 21\.11\.2026/);
    const refused = await authenticate(db, { login: second.login, password: second.password, ip: '192.0.2.2' }, policy);
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && /заблокирован/.test(refused.message));

    const rows = await auditRows(db, operator.id, 'resident.disconnect_account');
    assert.equal(rows.length, 2);
    assert.deepEqual(JSON.parse(rows[1]?.details ?? '{}'), {
      accountNumber: '00006002', reason: 'request', documentRef: 'Заявление вх. № 154 от 21.11.2026', loginBlocked: true,
    });
  });

  it('asks for the document and the ground', async () => {
    const error = await refusal(console_, 'disconnectAccount', { userId: owner.userId, accountId: owner.accountId, reason: 'whim', documentRef: '  ' });
    assert.equal(error.id, 'validation');
    assert.deepEqual(error.fieldErrors.map((e) => e.field).sort(), ['documentRef', 'reason']);
    const unlinked = await refusal(console_, 'disconnectAccount', { userId: owner.userId, accountId: second.accountId, reason: 'request', documentRef: 'б/н' });
    assert.equal(unlinked.id, 'not_found');
  });
});
