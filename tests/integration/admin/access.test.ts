// Who may call what: operators do the residents' work; company settings and the audit log are
// for administrators; nobody without a session. Checked through dispatch(), as the transports do.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { commands } from '../../../shared/console/commands/index.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { consoleAs, refusal, type ConsoleCaller } from './console-caller.ts';

const ADMIN_ONLY = ['getSettings', 'updateSettings', 'listAudit'] as const;

forEachEngine('console: access to residents, audit and settings', (ctx) => {
  const database = ctx.databaseForSuite();
  let operator: StaffFixture;
  let asOperator: ConsoleCaller;
  let asAdmin: ConsoleCaller;
  let resident: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00008001' });
    operator = await createStaff(db, 'operator');
    asOperator = await consoleAs(db, operator);
    asAdmin = await consoleAs(db, await createStaff(db, 'administrator'));
  });

  it('refuses an operator the administrator’s commands, and writes nothing', async () => {
    const { db } = database();
    const auditBefore = (await db('audit_log')).length;
    const inputs = { getSettings: {}, updateSettings: { support: { phone: '+7 000' } }, listAudit: {} };
    for (const name of ADMIN_ONLY) {
      const error = await refusal(asOperator, name, inputs[name]);
      assert.equal(error.id, 'forbidden', name);
      assert.equal(error.message, 'Это действие доступно только администратору');
    }
    const phone = await db('settings').where({ key: 'support.phone' }).first('value');
    assert.equal(JSON.parse(phone.value), '+7 (48153) 0-00-00', 'the refused update changed nothing');
    assert.equal((await db('audit_log')).length, auditBefore);
  });

  it('lets an administrator call them', async () => {
    assert.equal((await asAdmin.call('getSettings', {})).company.name, 'Муниципальное унитарное предприятие «Тестовое»');
    assert.ok((await asAdmin.call('listAudit', {})).total >= 0);
  });

  it('lets an operator do the residents’ work', async () => {
    const card = await asOperator.call('blockResident', { userId: resident.userId, reason: 'По звонку абонента' });
    assert.equal(card.blocked, true);
    assert.equal((await asOperator.call('unblockResident', { userId: resident.userId })).blocked, false);
    assert.equal((await asOperator.call('searchResidents', { query: '00008001' })).total, 1);
  });

  it('refuses everyone without a session', async () => {
    const { db } = database();
    const anonymous = await consoleAs(db, null);
    for (const name of ['searchResidents', 'blockResident', 'getSettings', 'listAudit']) {
      assert.equal((await refusal(anonymous, name, {})).id, 'unauthenticated', name);
    }
  });

  it('declares these commands with the access the docs promise', () => {
    for (const name of ADMIN_ONLY) assert.equal(commands[name].access, 'administrator', name);
    const residents = ['searchResidents', 'listSuspicious', 'getResident', 'searchAccounts', 'blockResident', 'unblockResident', 'reissuePassword', 'linkAccount', 'unlinkAccount', 'disconnectAccount'] as const;
    for (const name of residents) assert.equal(commands[name].access, 'staff', name);
    for (const name of [...ADMIN_ONLY, ...residents]) assert.ok((COMMAND_NAMES as readonly string[]).includes(name), `${name} is in names.ts`);
  });
});
