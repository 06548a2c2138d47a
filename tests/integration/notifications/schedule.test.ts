// The scheduled pass: each kind once per key however often it runs, only in the daytime, the
// readings reminder only to residents with a meter still unread (naming those accounts), each
// building's own window, and the debt reminder net of payments made since the receipt.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runNotificationPass, startNotificationScheduler, type ScheduleDeps } from '../../../shared/notifications/schedule.ts';
import { payLinkUrl } from '../../../shared/payments/pay-link.ts';
import { forEachEngine } from '../../support/engines.ts';
import { recordingLogger } from '../mail/support.ts';
import { createTown, notifyConfig, queued, setPreference } from './support.ts';

const at = (iso: string) => Date.parse(iso);

forEachEngine('scheduled notifications', (ctx) => {
  const database = ctx.databaseForEachTest();

  it('sends the window opening, the new receipt and the debt once each, and the closing reminder only for unread meters', async () => {
    const { db } = database();
    const town = await createTown(db);
    const { r1, r2, r5 } = town.r;
    const deps: ScheduleDeps = { db, config: { ...notifyConfig, timeZone: 'Europe/Moscow' }, logger: recordingLogger(), pageSize: 2 };
    // Building 2 takes readings 20–25; the company 23–25. Debt reminders from 1 000 ₽.
    await db('buildings').where({ id: town.building2 }).update({ readings_start_day: 20, readings_end_day: 25 });
    await db('settings').insert({ key: 'notifications.debtThreshold', value: '100000', updated_at: Date.now() });
    await setPreference(db, r1.userId, 'readings_window', 'sms', true);
    // r2 paid the 1 500 ₽ by card after the receipt was made.
    await db('payments').insert({ account_id: r2.accountId, amount: 150_000, paid_at: at('2026-11-15T10:00:00Z'), source: 'card', status: 'succeeded', created_at: Date.now() });

    // 23 November, 12:00 in Moscow: the company window opens; the October receipt is out; its due date (10th) has passed.
    const first = await runNotificationPass(deps, at('2026-11-23T09:00:00Z'));
    assert.equal(first.quiet, false);
    assert.deepEqual(first.jobs, [
      { job: 'readings-open:2026-11:23-25:company', queued: 2 },
      { job: 'receipt:2026-10:2026-11-23', queued: 3 },
      { job: 'debt:2026-10:2026-11-23', queued: 2 },
    ]);
    let q = await queued(db);
    const byKind = (kind: string) => q.email.filter((e) => e.kind === kind).map((e) => e.to).sort();
    assert.deepEqual(byKind('notify.readings_window'), ['r1@example.test', 'r2@example.test']);
    assert.deepEqual(byKind('notify.new_receipt'), ['r1@example.test', 'r2@example.test', 'r5@example.test']);
    assert.deepEqual(byKind('notify.debt'), ['r1@example.test', 'r5@example.test']);
    assert.deepEqual(q.sms.map((s) => [s.to, s.text]), [['+79150000001', 'Открыт приём показаний счётчиков до 25.11. Передайте их в личном кабинете.']]);
    const receipt = q.email.find((e) => e.kind === 'notify.new_receipt' && e.to === 'r1@example.test');
    assert.equal(receipt?.subject, 'Квитанция за октябрь 2026 готова');
    assert.match(receipt?.text ?? '', /Лицевой счёт 00020001: к оплате 1\s500,00\s₽ до 10\.11\.2026/);
    assert.match(receipt?.text ?? '', /Лицевой счёт 00020006/);
    // Each account's pay link, signed for the receipt's period (shared/payments/pay-link.ts).
    for (const accountId of [r1.accountId, town.r.r6.accountId]) {
      assert.ok(receipt?.text.includes(`Оплатить онлайн: ${payLinkUrl(notifyConfig, { accountId, period: '2026-10' })}`), receipt?.text);
    }

    // Running again the same day, or an hour later, queues nothing.
    assert.deepEqual((await runNotificationPass(deps, at('2026-11-23T09:00:00Z'))).jobs, []);
    assert.deepEqual((await runNotificationPass(deps, at('2026-11-23T10:00:00Z'))).jobs, []);
    assert.equal((await queued(db)).email.length, 7);

    // At night nothing is looked at.
    assert.deepEqual(await runNotificationPass(deps, at('2026-11-24T19:30:00Z')), { quiet: true, jobs: [] });

    // 24 November: both windows close tomorrow. r1 has read his own flat's meters, not those of his second flat.
    const reading = (meterId: number, zone: number, value: number) => ({ meter_id: meterId, period: '2026-11', zone, value_milli: value, taken_on: '2026-11-24', submitted_at: at('2026-11-24T08:00:00Z'), source: 'resident' });
    await db('readings').insert([reading(r1.meters.coldWater, 1, 120_000), reading(r1.meters.electricity, 1, 1_200_000), reading(r1.meters.electricity, 2, 580_000)]);
    // r5 has read everything: no reminder.
    await db('readings').insert([reading(r5.meters.coldWater, 1, 120_000), reading(r5.meters.electricity, 1, 1_200_000), reading(r5.meters.electricity, 2, 580_000)]);
    const second = await runNotificationPass(deps, at('2026-11-24T09:00:00Z'));
    assert.deepEqual(second.jobs, [
      { job: 'readings-closing:2026-11:23-25:company', queued: 2 },
      { job: 'readings-closing:2026-11:20-25:buildings-20-25', queued: 0 },
      { job: 'receipt:2026-10:2026-11-24', queued: 0 },
      { job: 'debt:2026-10:2026-11-24', queued: 0 },
    ]);
    q = await queued(db);
    const closing = q.email.filter((e) => e.subject === 'Завтра последний день приёма показаний');
    assert.deepEqual(closing.map((e) => e.to).sort(), ['r1@example.test', 'r2@example.test']);
    const r1Closing = closing.find((e) => e.to === 'r1@example.test')?.text ?? '';
    assert.match(r1Closing, /Лицевой счёт 00020006/);
    assert.doesNotMatch(r1Closing, /00020001/);
    assert.equal(q.sms.at(-1)?.text, 'Завтра (25.11) последний день приёма показаний. Не переданы по л/с 00020006.');
    assert.deepEqual((await db('notification_log').where({ user_id: r1.userId }).orderBy('id')).map((r) => `${r.kind} ${r.dedupe_key}`), [
      'readings_window 2026-11:open', 'new_receipt receipt:2026-10', 'debt debt:2026-10', 'readings_window 2026-11:closing',
    ]);
    assert.deepEqual((await runNotificationPass(deps, at('2026-11-24T12:00:00Z'))).jobs, []);
    assert.equal((await queued(db)).email.length, 9);
  });

  it('does not announce an old receipt or a debt below the threshold (default 5 000 ₽)', async () => {
    const { db } = database();
    await createTown(db);
    const deps: ScheduleDeps = { db, config: { ...notifyConfig, timeZone: 'Europe/Moscow' }, logger: recordingLogger() };
    // January 2027: the latest receipt (October) is older than last month; and 1 500 ₽ < 5 000 ₽.
    assert.deepEqual((await runNotificationPass(deps, at('2027-01-15T09:00:00Z'))).jobs, []);
    const afterDue = await runNotificationPass(deps, at('2026-11-12T09:00:00Z'));
    assert.deepEqual(afterDue.jobs.map((j) => j.job), ['receipt:2026-10:2026-11-12', 'debt:2026-10:2026-11-12']);
    assert.equal(afterDue.jobs[1]?.queued, 0);
    assert.equal((await queued(db)).email.filter((e) => e.kind === 'notify.debt').length, 0);
  });

  it('the background scheduler runs its first pass at start, with or without an onPass listener', async () => {
    const { db } = database();
    await createTown(db);
    const deps = { db, config: { ...notifyConfig, timeZone: 'Europe/Moscow' }, logger: recordingLogger(), now: () => at('2026-11-23T09:00:00Z') };
    // stop() waits for the pass under way, so the first pass has finished once it returns.
    await startNotificationScheduler(deps).stop();
    assert.deepEqual((await db('notification_runs').orderBy('job')).map((r) => r.job), [
      'debt:2026-10:2026-11-23', 'readings-open:2026-11:23-25:company', 'receipt:2026-10:2026-11-23',
    ]);
    assert.ok((await queued(db)).email.length > 0);
  });
});
