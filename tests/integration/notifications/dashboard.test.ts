// The console's home on a small fixture: applications due and overdue, emergencies once the
// requests table exists, readings this period and per day, payments today and per day.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { idOf } from '../../support/factories.ts';
import { consoleAs } from '../admin/console-caller.ts';
import { createTown } from './support.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z'); // 12:00 in Moscow

forEachEngine('console dashboard', (ctx) => {
  const database = ctx.databaseForEachTest();

  it('counts the day in the company’s time zone', async () => {
    const { db } = database();
    const town = await createTown(db);
    const { r1, r2 } = town.r;
    const [consent] = await db('consents').insert({ purpose: 'application', agreement_version: '1', agreed_at: NOW }).returning('id');
    const application = (deadline: string, status: string) => ({
      created_at: NOW, full_name: 'Петров П. П.', address: 'г. Десногорск', account_number: '00029999', email: 'p@example.test', phone: '+79150000009',
      consent_id: idOf(consent), deadline_on: deadline, status,
    });
    await db('access_applications').insert([
      application('2026-11-24', 'new'), application('2026-11-21', 'new'), application('2026-11-20', 'approved'), application('2026-11-26', 'new'),
    ]);
    const reading = (meterId: number, zone: number, day: string) => ({
      meter_id: meterId, period: '2026-11', zone, value_milli: 200_000 + zone, taken_on: day, submitted_at: NOW, source: 'resident',
    });
    await db('readings').insert([
      reading(r1.meters.coldWater, 1, '2026-11-24'), reading(r1.meters.electricity, 1, '2026-11-24'), reading(r1.meters.electricity, 2, '2026-11-24'),
      reading(r2.meters.coldWater, 1, '2026-11-23'),
    ]);
    const payment = (amount: number, iso: string, status = 'succeeded') => ({ account_id: r1.accountId, amount, paid_at: Date.parse(iso), source: 'card', status, created_at: NOW });
    await db('payments').insert([
      payment(100_000, '2026-11-23T21:30:00Z'), // 00:30 on the 24th in Moscow: today
      payment(50_050, '2026-11-24T08:00:00Z'),
      payment(70_000, '2026-11-24T08:30:00Z', 'canceled'),
      payment(30_000, '2026-11-23T20:30:00Z'), // 23:30 on the 23rd in Moscow: yesterday
      payment(10_000, '2026-11-10T09:00:00Z'), // 14 days ago and one: outside the series
    ]);

    const console = await consoleAs(db, await createStaff(db, 'operator'), () => NOW);
    const day = await console.call('getDashboard', {});
    assert.equal(day.today, '2026-11-24');
    assert.equal(day.period, '2026-11');
    assert.deepEqual([day.applicationsDueToday, day.applicationsOverdue, day.applicationsNew], [1, 1, 3]);
    assert.deepEqual([day.emergenciesOpen, day.requestsAvailable], [0, true]);
    assert.deepEqual([day.readingsThisPeriod, day.accountsWithReadingsThisPeriod], [3, 2]);
    assert.deepEqual(day.readingsWindow, { start: '2026-11-23', end: '2026-11-25' });
    assert.deepEqual(day.paymentsToday, { count: 2, amount: 150_050 });
    assert.equal(day.readingsPerDay.length, 24);
    assert.deepEqual(day.readingsPerDay.slice(-3), [{ date: '2026-11-22', count: 0 }, { date: '2026-11-23', count: 1 }, { date: '2026-11-24', count: 2 }]);
    assert.equal(day.paymentsPerDay.length, 14);
    assert.deepEqual(day.paymentsPerDay[0], { date: '2026-11-11', count: 0, amount: 0 });
    assert.deepEqual(day.paymentsPerDay.slice(-2), [{ date: '2026-11-23', count: 1, amount: 30_000 }, { date: '2026-11-24', count: 2, amount: 150_050 }]);

    // Open emergency requests are counted; closed ones and requests to the company are not.
    const request = (channel: string, status: string) => ({
      user_id: r1.userId, account_id: r1.accountId, channel, category: 'other', description: 'Течёт кран в подвале', contact_phone: '+79000000000',
      address: 'Десногорск', status, created_at: NOW, updated_at: NOW,
    });
    await db('requests').insert([request('emergency', 'new'), request('emergency', 'in_work'), request('emergency', 'closed'), request('company', 'new')]);
    const later = await console.call('getDashboard', {});
    assert.deepEqual([later.emergenciesOpen, later.requestsAvailable], [2, true]);
  });
});
