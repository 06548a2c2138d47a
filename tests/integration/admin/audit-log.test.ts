// The audit log in the console: filters by staff member, resident, account, action and dates in
// the company's time zone, newest first with actors' names; reading it is itself audited; and
// the table refuses every change but an insert, on both engines.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { writeAudit } from '../../../shared/audit/write.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { auditRows, consoleAs, refusal, type ConsoleCaller } from './console-caller.ts';

// 22.11.2026 00:30 and 21.11.2026 23:30 in Moscow (UTC+3), an hour apart across local midnight.
const JUST_AFTER_MIDNIGHT = Date.parse('2026-11-21T21:30:00Z');
const JUST_BEFORE_MIDNIGHT = Date.parse('2026-11-21T20:30:00Z');

forEachEngine('console: the audit log', (ctx) => {
  const database = ctx.databaseForSuite();
  let admin: StaffFixture;
  let operator: StaffFixture;
  let asAdmin: ConsoleCaller;
  let resident: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00007001' });
    await db('users').where({ id: resident.userId }).update({ full_name: 'Орлова Мария' });
    admin = await createStaff(db, 'administrator');
    operator = await createStaff(db, 'operator');
    // The console's clock stands after those days, so its own 'audit.view' rows fall outside them.
    asAdmin = await consoleAs(db, admin, () => Date.parse('2026-12-01T09:00:00Z'));
    await writeAudit(db, { actorType: 'resident', actorId: resident.userId, action: 'reading.submit', accountId: resident.accountId, at: JUST_BEFORE_MIDNIGHT, details: { value: 1 } });
    await writeAudit(db, { actorType: 'staff', actorId: operator.id, action: 'resident.view', subjectType: 'user', subjectId: resident.userId, at: JUST_AFTER_MIDNIGHT, ip: '10.1.1.1' });
    await writeAudit(db, { actorType: 'system', action: 'login.locked', subjectType: 'user', subjectId: resident.userId, at: JUST_AFTER_MIDNIGHT + 1000 });
  });

  it('lists newest first with actors named', async () => {
    const page = await asAdmin.call('listAudit', { to: '2026-11-22' });
    assert.equal(page.total, 3);
    assert.deepEqual(page.items.map((i) => [i.action, i.actorType, i.actorName]), [
      ['login.locked', 'system', null],
      ['resident.view', 'staff', operator.fullName],
      ['reading.submit', 'resident', 'Орлова Мария'],
    ]);
    assert.deepEqual(page.items[2], {
      id: page.items[2]?.id, at: JUST_BEFORE_MIDNIGHT, actorType: 'resident', actorId: resident.userId, actorName: 'Орлова Мария',
      action: 'reading.submit', subjectType: null, subjectId: null, subjectName: null, accountId: resident.accountId, accountNumber: resident.accountNumber, ip: null, details: { value: 1 },
    });
  });

  it('filters by days in the company time zone', async () => {
    const day22 = await asAdmin.call('listAudit', { from: '2026-11-22', to: '2026-11-22' });
    assert.deepEqual(day22.items.map((i) => i.action), ['login.locked', 'resident.view']);
    const day21 = await asAdmin.call('listAudit', { from: '2026-11-21', to: '2026-11-21' });
    assert.deepEqual(day21.items.map((i) => i.action), ['reading.submit']);
    const reversed = await refusal(asAdmin, 'listAudit', { from: '2026-11-22', to: '2026-11-21' });
    assert.deepEqual(reversed.fieldErrors.map((e) => e.field), ['to']);
    const bad = await refusal(asAdmin, 'listAudit', { from: '22.11.2026' });
    assert.deepEqual(bad.fieldErrors.map((e) => e.field), ['from']);
  });

  it('filters by staff member, resident, account and action', async () => {
    const range = { to: '2026-11-22' };
    const byStaff = await asAdmin.call('listAudit', { ...range, staffId: operator.id });
    assert.deepEqual(byStaff.items.map((i) => i.action), ['resident.view']);
    const byResident = await asAdmin.call('listAudit', { ...range, userId: resident.userId });
    assert.deepEqual(byResident.items.map((i) => i.action), ['login.locked', 'resident.view', 'reading.submit'], 'about the resident and by the resident');
    const byAccount = await asAdmin.call('listAudit', { ...range, accountId: resident.accountId });
    assert.deepEqual(byAccount.items.map((i) => i.action), ['reading.submit']);
    // As a clerk has them: the number from a receipt, the resident's login.
    const byNumber = await asAdmin.call('listAudit', { ...range, accountNumber: resident.accountNumber });
    assert.deepEqual(byNumber.items.map((i) => i.action), ['reading.submit']);
    const byLogin = await asAdmin.call('listAudit', { ...range, login: resident.login.toUpperCase() });
    assert.deepEqual(byLogin.items.map((i) => i.action), byResident.items.map((i) => i.action));
    assert.deepEqual((await refusal(asAdmin, 'listAudit', { accountNumber: '99999999' })).fieldErrors, [{ field: 'accountNumber', message: 'Лицевой счёт 99999999 не найден' }]);
    assert.deepEqual((await refusal(asAdmin, 'listAudit', { login: 'nobody' })).fieldErrors, [{ field: 'login', message: 'Абонента с логином nobody нет' }]);
    const byAction = await asAdmin.call('listAudit', { ...range, action: 'login.locked' });
    assert.deepEqual(byAction.items.map((i) => i.action), ['login.locked']);
    const byPrefix = await asAdmin.call('listAudit', { ...range, action: 'resident.*' });
    assert.deepEqual(byPrefix.items.map((i) => i.action), ['resident.view']);
  });

  it('writes down that the log was read, with the filters', async () => {
    const { db } = database();
    const rows = await auditRows(db, admin.id, 'audit.view');
    assert.ok(rows.length >= 8);
    assert.ok(rows.some((r) => JSON.parse(r.details ?? '{}').staffId === operator.id));
  });

  it('refuses updates and deletes of audit rows, whoever asks', async () => {
    const { db } = database();
    const before = await db('audit_log').orderBy('id');
    await assert.rejects(db('audit_log').update({ action: 'tampered' }), /append-only/);
    await assert.rejects(db('audit_log').where({ action: 'reading.submit' }).delete(), /append-only/);
    await assert.rejects(db.raw('update audit_log set actor_id = null'), /append-only/);
    await assert.rejects(db.raw('delete from audit_log'), /append-only/);
    await assert.rejects(
      db.transaction(async (trx) => {
        await trx('audit_log').insert({ at: 1, actor_type: 'system', action: 'cover.up' });
        await trx('audit_log').where({ action: 'resident.view' }).delete();
      }),
      /append-only/,
    );
    if (ctx.engine === 'postgres') await assert.rejects(db.raw('truncate audit_log'), /append-only/);
    assert.deepEqual(await db('audit_log').orderBy('id'), before, 'every row as it was, nothing added by the failed transaction');
  });
});
