// notifyResident: each channel only as the resident chose and only with its contact; each
// (user, kind, key) once; every e-mail with an unsubscribe link that switches off that kind's
// e-mail alone, after a confirmation, and a forged link refused.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { notifyResident, type ResidentMessage } from '../../../shared/notifications/notify.ts';
import { notifyRequestReply } from '../../../shared/notifications/request-reply.ts';
import { loadPreferences } from '../../../shared/profile/preferences.ts';
import { defaultPreferences } from '../../../shared/notifications/kinds.ts';
import { forEachEngine } from '../../support/engines.ts';
import { Client, startTestSite } from '../../support/site.ts';
import { createTown, notifyConfig, queued, setPreference, type Town } from './support.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z');

const message = (userId: number, kind: ResidentMessage['kind'], dedupeKey: string): ResidentMessage => ({
  userId, kind, dedupeKey,
  email: { title: 'Задолженность', paragraphs: ['По счёту есть долг.'] },
  sms: 'Задолженность по л/с 00020001',
});

forEachEngine('notifyResident: preferences, contacts, once per key, unsubscribe', (ctx) => {
  const database = ctx.databaseForEachTest();
  let town: Town;

  it('honours each channel: e-mail on and SMS off by default, SMS once switched on, e-mail off once switched off', async () => {
    const { db } = database();
    town = await createTown(db);
    const { r1 } = town.r;
    const deps = { config: notifyConfig, now: NOW };

    const first = await db.transaction((trx) => notifyResident(trx, message(r1.userId, 'debt', 'debt:2026-10'), deps));
    assert.equal(first.status, 'queued');
    assert.ok(first.emailOutboxId);
    assert.equal(first.smsOutboxId, null);

    await setPreference(db, r1.userId, 'debt', 'sms', true);
    const second = await db.transaction((trx) => notifyResident(trx, message(r1.userId, 'debt', 'debt:2026-11'), deps));
    assert.ok(second.emailOutboxId && second.smsOutboxId);

    await setPreference(db, r1.userId, 'debt', 'email', false);
    const third = await db.transaction((trx) => notifyResident(trx, message(r1.userId, 'debt', 'debt:2026-12'), deps));
    assert.equal(third.emailOutboxId, null);
    assert.ok(third.smsOutboxId);

    await setPreference(db, r1.userId, 'debt', 'sms', false);
    const none = await db.transaction((trx) => notifyResident(trx, message(r1.userId, 'debt', 'debt:2027-01'), deps));
    assert.equal(none.status, 'no_channel');

    const q = await queued(db);
    assert.deepEqual(q.email.map((e) => [e.to, e.kind]), [['r1@example.test', 'notify.debt'], ['r1@example.test', 'notify.debt']]);
    assert.deepEqual(q.sms.map((s) => [s.to, s.text]), [['+79150000001', 'Задолженность по л/с 00020001'], ['+79150000001', 'Задолженность по л/с 00020001']]);
    // Only what was queued is logged: the message with no channel may still go once a channel is on.
    assert.deepEqual((await db('notification_log').where({ user_id: r1.userId }).orderBy('id')).map((r) => [r.dedupe_key, r.channels]), [
      ['debt:2026-10', 'email'], ['debt:2026-11', 'email,sms'], ['debt:2026-12', 'sms'],
    ]);
  });

  it('sends no SMS without a phone and no e-mail without an address, whatever the choice', async () => {
    const { db } = database();
    town = await createTown(db);
    const { r2, r3, r4 } = town.r;
    const deps = { config: notifyConfig, now: NOW };
    // Outage: e-mail and SMS on by default.
    const outcomes = await db.transaction(async (trx) => [
      await notifyResident(trx, message(r2.userId, 'outage', 'x'), deps),
      await notifyResident(trx, message(r3.userId, 'readings_window', 'x'), deps),
      await notifyResident(trx, message(r4.userId, 'outage', 'x'), deps),
    ]);
    assert.deepEqual(outcomes.map((o) => [o.status, Boolean(o.emailOutboxId), Boolean(o.smsOutboxId)]), [
      ['queued', true, false], ['no_channel', false, false], ['no_channel', false, false],
    ]);
    await setPreference(db, r3.userId, 'readings_window', 'sms', true);
    const sms = await db.transaction((trx) => notifyResident(trx, message(r3.userId, 'readings_window', 'x'), deps));
    assert.ok(sms.smsOutboxId);
    assert.deepEqual((await queued(db)).sms.map((s) => s.to), ['+79150000003']);
  });

  it('queues a (user, kind, key) once: again in the same or a later transaction adds nothing', async () => {
    const { db } = database();
    town = await createTown(db);
    const { r1 } = town.r;
    const deps = { config: notifyConfig, now: NOW };
    await db.transaction(async (trx) => {
      assert.equal((await notifyResident(trx, message(r1.userId, 'new_receipt', 'receipt:2026-10'), deps)).status, 'queued');
      assert.equal((await notifyResident(trx, message(r1.userId, 'new_receipt', 'receipt:2026-10'), deps)).status, 'duplicate');
    });
    assert.equal((await db.transaction((trx) => notifyResident(trx, message(r1.userId, 'new_receipt', 'receipt:2026-10'), deps))).status, 'duplicate');
    // The same key of another kind is another message.
    assert.equal((await db.transaction((trx) => notifyResident(trx, message(r1.userId, 'debt', 'receipt:2026-10'), deps))).status, 'queued');
    assert.equal((await queued(db)).email.length, 2);
  });

  it('nothing is queued when the caller’s transaction rolls back', async () => {
    const { db } = database();
    town = await createTown(db);
    await assert.rejects(db.transaction(async (trx) => {
      await notifyResident(trx, message(town.r.r1.userId, 'debt', 'k'), { config: notifyConfig, now: NOW });
      throw new Error('the change failed');
    }));
    const q = await queued(db);
    assert.equal(q.email.length + q.sms.length, 0);
    assert.equal((await db('notification_log')).length, 0);
  });

  it('an e-mail’s unsubscribe link, confirmed, switches off only that kind’s e-mail; a forged one is refused', async () => {
    const { db } = database();
    town = await createTown(db);
    const { r1 } = town.r;
    const site = await startTestSite(db, { env: { APP_SECRET: notifyConfig.appSecret, PUBLIC_URL: notifyConfig.publicUrl } });
    try {
      await db.transaction((trx) => notifyResident(trx, message(r1.userId, 'debt', 'debt:2026-10'), { config: site.config, now: NOW }));
      const [email] = (await queued(db)).email;
      assert.ok(email);
      const link = /https:\/\/lk\.example\.test\/unsubscribe\/(\S+)/.exec(email.text)?.[1];
      assert.ok(link, email.text);
      assert.ok(email.html.includes(`/unsubscribe/${link}`));
      assert.match(email.text, /Все настройки уведомлений: https:\/\/lk\.example\.test\/profile/);
      assert.match(email.text, /«Задолженность» по электронной почте/);

      const browser = new Client(site.url);
      const page = await browser.get(`/unsubscribe/${link}`);
      assert.equal(page.status, 200);
      assert.match(page.html, /Отключить уведомления «Задолженность» по электронной почте\?/);
      // Opening the link (as a mail scanner would) changes nothing.
      assert.deepEqual(await loadPreferences(db, r1.userId), defaultPreferences());

      const forged = `${r1.userId + 1}${link.slice(String(r1.userId).length)}`;
      assert.equal((await browser.get(`/unsubscribe/${forged}`)).status, 404);
      assert.equal((await browser.post(`/unsubscribe/${forged}`, {})).status, 404);
      const otherKind = link.replace('.debt.', '.outage.');
      assert.equal((await browser.post(`/unsubscribe/${otherKind}`, {})).status, 404);
      assert.deepEqual(await loadPreferences(db, r1.userId), defaultPreferences());

      const done = await browser.post(`/unsubscribe/${link}`, {});
      assert.equal(done.status, 200);
      assert.match(done.html, /Вы отписались/);
      const expected = defaultPreferences();
      expected.debt.email = false;
      assert.deepEqual(await loadPreferences(db, r1.userId), expected);
      const audit = await db('audit_log').where({ action: 'profile.unsubscribed' });
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.actor_type, 'resident');
      assert.equal(Number(audit[0]?.actor_id), r1.userId);

      // The next debt reminder goes by SMS only if SMS is on; e-mail stays off.
      const next = await db.transaction((trx) => notifyResident(trx, message(r1.userId, 'debt', 'debt:2026-11'), { config: site.config, now: NOW }));
      assert.equal(next.status, 'no_channel');
    } finally {
      await site.close();
    }
  });
});

forEachEngine('notifyRequestReply', (ctx) => {
  const database = ctx.databaseForSuite();

  it('announces each reply once, by the resident’s request_reply choices', async () => {
    const { db } = database();
    const { r1 } = (await createTown(db)).r;
    await setPreference(db, r1.userId, 'request_reply', 'sms', true);
    const notice = { userId: r1.userId, requestId: 7, messageId: 70, number: 'А-000007', reply: 'Трубу заменили.', now: NOW };
    const first = await db.transaction((trx) => notifyRequestReply(trx, notice, notifyConfig));
    assert.ok(first.emailOutboxId && first.smsOutboxId);
    assert.equal((await db.transaction((trx) => notifyRequestReply(trx, notice, notifyConfig))).status, 'duplicate');
    assert.equal((await db.transaction((trx) => notifyRequestReply(trx, { ...notice, messageId: 71 }, notifyConfig))).status, 'queued');
    const q = await queued(db);
    assert.equal(q.email.length, 2);
    assert.equal(q.email[0]?.kind, 'request.reply');
    assert.equal(q.email[0]?.subject, 'Ответ на обращение А-000007');
    assert.match(q.email[0]?.text ?? '', /Трубу заменили\.[\s\S]*https:\/\/lk\.example\.test\/requests\/7/);
    assert.deepEqual(q.sms.map((s) => s.text), ['Ответ на обращение А-000007 в личном кабинете.', 'Ответ на обращение А-000007 в личном кабинете.']);
  });
});
