// Finding residents in the console by each field: account number and login (prefix), name and
// owner's name (any case, ё = е), address words, e-mail; paging; and accounts for linking.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, idOf, type ResidentFixture } from '../../support/factories.ts';
import { auditRows, consoleAs, refusal, type ConsoleCaller } from './console-caller.ts';

forEachEngine('console: searching residents', (ctx) => {
  const database = ctx.databaseForSuite();
  let operator: StaffFixture;
  let console_: ConsoleCaller;
  let anna: ResidentFixture;
  let petr: ResidentFixture;
  let other: ResidentFixture;
  let orphanAccountId: number;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    anna = await createResident(db, world, { accountNumber: '10000101', email: 'Anna.Elkina@Example.ru' });
    petr = await createResident(db, world, { accountNumber: '10000202' });
    other = await createResident(db, world, { accountNumber: '20000303' });
    await db('users').where({ id: anna.userId }).update({ full_name: 'Ёлкина Анна Петровна' });
    await db('accounts').where({ id: anna.accountId }).update({ owner_name: 'Ёлкина Анна Петровна', address: 'г. Десногорск, ул. Строителей, д. 6, кв. 12' });
    await db('users').where({ id: petr.userId }).update({ login: 'petr_s', full_name: null });
    await db('accounts').where({ id: petr.accountId }).update({ owner_name: 'СМИРНОВ ПЁТР ИЛЬИЧ', address: 'г. Десногорск, 3-й микрорайон, д. 14, кв. 5' });
    await db('accounts').where({ id: other.accountId }).update({ owner_name: 'Петров Олег', address: 'г. Десногорск, ул. Строителей, д. 16, кв. 1' });
    const now = Date.now();
    const [orphan] = await db('accounts')
      .insert({ number: '10000999', building_id: world.buildingId, address: 'г. Десногорск, ул. Строителей, д. 6, кв. 40', owner_name: 'Без Логина', created_at: now, updated_at: now })
      .returning('id');
    orphanAccountId = idOf(orphan);
    const hash = (await db('users').where({ id: other.userId }).first('password_hash')).password_hash;
    await db('users').insert(
      Array.from({ length: 57 }, (_, i) => ({
        login: `pager${String(i).padStart(3, '0')}`, password_hash: hash, full_name: 'Постраничная Проверка', created_at: now, updated_at: now,
      })),
    );
    operator = await createStaff(db, 'operator');
    console_ = await consoleAs(db, operator);
  });

  const logins = async (query: string) => (await console_.call('searchResidents', { query })).items.map((r) => r.login);

  it('by account number prefix', async () => {
    assert.deepEqual(await logins('100001'), ['10000101']);
    assert.deepEqual(await logins('1000'), ['10000101', 'petr_s']);
    assert.deepEqual(await logins('1000 0202'), ['petr_s'], 'spaces in a number are ignored');
    assert.deepEqual(await logins('10000999'), [], 'an account without a login is no resident');
    assert.deepEqual(await logins('99'), []);
  });

  it('sorted by a column the clerk chose, the login breaking ties', async () => {
    const sorted = async (dir: 'asc' | 'desc') =>
      (await console_.call('searchResidents', { query: '1000', sort: { by: 'login', dir } })).items.map((i) => i.login);
    assert.deepEqual(await sorted('desc'), ['petr_s', '10000101']);
    assert.deepEqual(await sorted('asc'), ['10000101', 'petr_s']);
    assert.equal((await refusal(console_, 'searchResidents', { query: '1000', sort: { by: 'accounts', dir: 'asc' } })).id, 'validation');
  });

  it('by login', async () => {
    assert.deepEqual(await logins('petr_s'), ['petr_s']);
    assert.deepEqual(await logins('PETR'), ['petr_s']);
  });

  it('by name or owner name, in any case and with ё = е', async () => {
    assert.deepEqual(await logins('елкина'), ['10000101']);
    assert.deepEqual(await logins('ЁЛКИНА анна'), ['10000101']);
    assert.deepEqual(await logins('смирнов'), ['petr_s'], 'upper-case names from billing');
    assert.deepEqual(await logins('Пётр ильич'), ['petr_s']);
    assert.deepEqual(await logins('петр'), ['10000101', '20000303', 'petr_s'], 'words are substrings: Петровна, Петров, ПЁТР');
    assert.deepEqual(await logins('Петров Олег'), ['20000303']);
  });

  it('by address words', async () => {
    assert.deepEqual(await logins('строителей'), ['10000101', '20000303']);
    assert.deepEqual(await logins('Строителей 16'), ['20000303']);
    assert.deepEqual(await logins('3-й микрорайон'), ['petr_s']);
  });

  it('by e-mail, in any case', async () => {
    assert.deepEqual(await logins('anna.elkina@example.ru'), ['10000101']);
    assert.deepEqual(await logins('EXAMPLE.RU'), ['10000101']);
  });

  it('treats LIKE wildcards literally', async () => {
    assert.deepEqual(await logins('petr%'), []);
    assert.deepEqual(await logins('pet_s'), []);
  });

  it('returns the list item with accounts and state', async () => {
    const page = await console_.call('searchResidents', { query: '10000101' });
    assert.deepEqual(page, {
      total: 1,
      items: [{
        userId: anna.userId, login: '10000101', fullName: 'Ёлкина Анна Петровна', email: 'Anna.Elkina@Example.ru',
        accounts: [{ id: anna.accountId, number: '10000101', address: 'г. Десногорск, ул. Строителей, д. 6, кв. 12' }],
        blocked: false, suspiciousAt: null,
      }],
    });
  });

  it('pages by 50', async () => {
    const first = await console_.call('searchResidents', { query: 'постраничная' });
    assert.equal(first.total, 57);
    assert.equal(first.items.length, 50);
    assert.equal(first.items[0]?.login, 'pager000');
    const second = await console_.call('searchResidents', { query: 'постраничная', page: 2 });
    assert.deepEqual(second.items.map((r) => r.login), Array.from({ length: 7 }, (_, i) => `pager${String(50 + i).padStart(3, '0')}`));
  });

  it('asks for at least two characters', async () => {
    const error = await refusal(console_, 'searchResidents', { query: ' a ' });
    assert.equal(error.id, 'validation');
    assert.equal(error.fieldErrors[0]?.field, 'query');
  });

  it('finds accounts to link, with or without a login', async () => {
    const byNumber = await console_.call('searchAccounts', { query: '10000' });
    assert.deepEqual(byNumber.map((a) => a.number), ['10000101', '10000202', '10000999']);
    const byAddress = await console_.call('searchAccounts', { query: 'строителей 6' });
    assert.deepEqual(byAddress.map((a) => a.number), ['10000101', '10000999', '20000303'], '«6» is also in «16»: words are substrings');
    const byOwner = await console_.call('searchAccounts', { query: 'без логина' });
    assert.deepEqual(byOwner, [{ id: orphanAccountId, number: '10000999', address: 'г. Десногорск, ул. Строителей, д. 6, кв. 40', ownerName: 'Без Логина' }]);
  });

  it('audits every search with its query', async () => {
    const { db } = database();
    const searches = await auditRows(db, operator.id, 'resident.search');
    assert.ok(searches.some((r) => JSON.parse(r.details ?? '{}').query === 'елкина'));
    const accounts = await auditRows(db, operator.id, 'account.search');
    assert.equal(accounts.length, 3);
  });
});
