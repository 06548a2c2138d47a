// The other kinds of billing file each load, update in place by their natural key, and undo
// exactly: accounts (creating buildings), meters, payments, readings, balances.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { undoLatestImport } from '../../../shared/import/history.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { CLI_ACTOR, importRows, snapshot } from '../../support/import-run.ts';

const undo = (db: Parameters<typeof snapshot>[0]) => undoLatestImport(db, CLI_ACTOR, { now: Date.now() });

forEachEngine('billing import: every kind', (ctx) => {
  const database = ctx.databaseForEachTest();

  async function town() {
    const { db } = database();
    const world = await createWorld(db);
    const a = await createResident(db, world, { accountNumber: '00020001', lastPeriod: '2026-10' });
    return { db, world, a };
  }

  it('accounts: new ones are created with their buildings, known ones updated; undo removes and restores them', async () => {
    const { db, a } = await town();
    const before = await snapshot(db);
    const row = (account: string, street: string, owner: string) => ({
      account, city: 'Десногорск', street, house: '5', block: '', flat: '12', address: `г. Десногорск, ${street}, д. 5, кв. 12`,
      total_area: '52,3', living_area: '', residents: '2', owner_name: owner, passport_hash: '', status: 'active',
    });
    const result = await importRows(db, 'accounts', [row('00020001', '1-й микрорайон', 'Петров Пётр'), row('00020099', 'ул. Новая', 'Сидорова Анна')]);
    assert.equal(result.status, 'done', JSON.stringify(result.problems));
    assert.deepEqual(result.counts, { rows: 2, inserted: 1, replaced: 1, unchanged: 0, removed: 0, bad: 0 });
    const created = await db('accounts as a').join('buildings as b', 'b.id', 'a.building_id').where('a.number', '00020099').first('b.street', 'a.total_area_cm2', 'a.owner_name');
    assert.deepEqual({ ...created, total_area_cm2: Number(created.total_area_cm2) }, { street: 'ул. Новая', total_area_cm2: 5230, owner_name: 'Сидорова Анна' });
    assert.equal((await db('accounts').where({ id: a.accountId }).first('owner_name')).owner_name, 'Петров Пётр');
    await undo(db);
    assert.deepEqual(await snapshot(db), before);
  });

  it('meters: upserted by account, service and serial; an unknown service is a problem', async () => {
    const { db, a } = await town();
    const before = await snapshot(db);
    const meter = (serial: string, service: string, due: string) => ({
      account: '00020001', service_code: service, serial, zones: '1', precision: '', location: 'ванная', installed_on: '', verified_on: '',
      verification_due: due, archived_on: '',
    });
    const bad = await importRows(db, 'meters', [meter('HW-1', 'hot_water', '01.01.2031'), meter('X-1', 'gas', '01.01.2031')]);
    assert.deepEqual(bad.problems.map((p) => [p.line, p.field]), [[3, 'service_code']]);
    const result = await importRows(db, 'meters', [meter('HW-1', 'hot_water', '01.01.2031'), meter(`CW-${a.accountNumber}`, 'cold_water', '2032-02-01')]);
    assert.deepEqual(result.counts, { rows: 2, inserted: 1, replaced: 1, unchanged: 0, removed: 0, bad: 0 });
    assert.equal((await db('meters').where({ id: a.meters.coldWater }).first('verification_due')).verification_due, '2032-02-01');
    await undo(db);
    assert.deepEqual(await snapshot(db), before);
  });

  it('payments: upserted by source and billing id, a zero amount is refused', async () => {
    const { db, a } = await town();
    const before = await snapshot(db);
    const pay = (id: string, amount: string) => ({ account: '00020001', paid_on: '15.11.2026', amount, period: '11.2026', external_id: id, source: 'billing' });
    const bad = await importRows(db, 'payments', [pay('p-1', '0'), pay('p-2', '1,5'), pay('p-2', '2')]);
    assert.deepEqual(bad.problems.map((p) => [p.line, p.field, p.message]), [
      [2, 'amount', 'Сумма оплаты: должна быть больше нуля'],
      [4, 'row', 'Повтор: платёж p-2 (billing) уже есть в строке 3'],
    ]);
    assert.deepEqual(await snapshot(db), before);
    const result = await importRows(db, 'payments', [pay('p-1', '100'), pay(`pay-${a.accountNumber}-1`, '1000')]);
    assert.deepEqual(result.counts, { rows: 2, inserted: 1, replaced: 1, unchanged: 0, removed: 0, bad: 0 });
    assert.equal(Number((await db('payments').where({ external_id: 'p-1' }).first('amount')).amount), 10_000);
    await undo(db);
    assert.deepEqual(await snapshot(db), before);
  });

  it('readings: replace the account\'s period; an unknown meter or a zone the meter lacks is a problem', async () => {
    const { db, a } = await town();
    const before = await snapshot(db);
    const reading = (serial: string, service: string, zone: string, value: string) => ({
      account: '00020001', service_code: service, serial, period: '2026-10', zone, value, taken_on: '24.10.2026',
    });
    const bad = await importRows(db, 'readings', [reading(`CW-${a.accountNumber}`, 'cold_water', '2', '1'), reading('NOPE', 'cold_water', '1', '1')]);
    assert.deepEqual(bad.problems.map((p) => [p.line, p.field]), [[2, 'zone'], [3, 'serial']]);
    // It would delete two readings the file does not mention: refused until the clerk confirms.
    const unconfirmed = await importRows(db, 'readings', [reading(`CW-${a.accountNumber}`, 'cold_water', '1', '111,5')]);
    assert.equal(unconfirmed.status, 'rejected');
    assert.match(unconfirmed.error ?? '', /удалила бы 2 показания/);
    assert.deepEqual(await snapshot(db), before);
    const result = await importRows(db, 'readings', [reading(`CW-${a.accountNumber}`, 'cold_water', '1', '111,5')], { confirmRemovals: true });
    assert.equal(result.status, 'done');
    // October had the cold-water reading and two electricity zones: one replaced, two removed.
    assert.deepEqual(result.counts, { rows: 1, inserted: 0, replaced: 1, unchanged: 0, removed: 2, bad: 0 });
    const values = await db('readings').where({ period: '2026-10' }).select('value_milli', 'source');
    assert.deepEqual(values.map((v) => [Number(v.value_milli), v.source]), [[111_500, 'billing']]);
    await undo(db);
    assert.deepEqual(await snapshot(db), before);
  });

  it('readings: undo keeps what residents sent after the import, and brings back the rest', async () => {
    const { db, a } = await town();
    const october = async () => (await db('readings as r').join('meters as m', 'm.id', 'r.meter_id').where('r.period', '2026-10')
      .orderBy(['m.serial', 'r.zone']).select('m.serial', 'r.zone', 'r.value_milli', 'r.source'))
      .map((r) => [r.serial, Number(r.zone), Number(r.value_milli), r.source]);
    const before = await october();
    const cold = before.find((r) => r[0] === `CW-${a.accountNumber}`);
    const power = before.filter((r) => r[0] !== cold?.[0]);
    assert.ok(cold && power.length === 2, 'the town has a cold-water reading and two electricity zones in October');

    await importRows(db, 'readings', [{ account: a.accountNumber, service_code: 'cold_water', serial: String(cold[0]), period: '2026-10', zone: '1', value: '111,5', taken_on: '24.10.2026' }], { confirmRemovals: true });
    // After the import the resident corrects cold water and sends electricity's first zone again,
    // as the site does (an upsert by meter, period and zone).
    const meterOf = async (serial: unknown) => Number((await db('meters').where({ serial }).first('id')).id);
    const sent = async (serial: unknown, zone: number, value: number) => db('readings')
      .insert({ meter_id: await meterOf(serial), period: '2026-10', zone, value_milli: value, taken_on: '2026-10-25', submitted_at: Date.now(), source: 'resident', user_id: a.userId })
      .onConflict(['meter_id', 'period', 'zone']).merge(['value_milli', 'taken_on', 'submitted_at', 'source', 'user_id']);
    await sent(cold[0], 1, 112_000);
    await sent(power[0]?.[0], 1, 777_000);

    await undo(db);
    assert.deepEqual(await october(), [
      [cold[0], 1, 112_000, 'resident'],
      [power[0]?.[0], 1, 777_000, 'resident'],
      power[1],
    ].sort((x, y) => String(x?.[0]).localeCompare(String(y?.[0])) || Number(x?.[1]) - Number(y?.[1])));
  });

  it('balances: replace the account\'s period', async () => {
    const { db } = await town();
    const before = await snapshot(db);
    const result = await importRows(db, 'balances', [{
      account: '00020001', period: '2026-11', opening_balance: '1500', charged: '1000', paid: '0', penalties: '12,34', total_due: '2512,34',
      paid_until: '25.11.2026', due_date: '10.12.2026',
    }]);
    assert.deepEqual(result.counts, { rows: 1, inserted: 1, replaced: 0, unchanged: 0, removed: 0, bad: 0 });
    const row = await db('balances').where({ period: '2026-11' }).first('total_due', 'penalties', 'due_date');
    assert.deepEqual([Number(row.total_due), Number(row.penalties), row.due_date], [251_234, 1234, '2026-12-10']);
    await undo(db);
    assert.deepEqual(await snapshot(db), before);
  });
});
