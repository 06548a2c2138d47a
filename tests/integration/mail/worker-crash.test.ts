// A worker that died mid-send holds its claims only until its heartbeat goes stale, not for the
// whole lease: a password-reset letter it had claimed goes out within a minute of the crash,
// while the claims of a worker that is alive (fresh heartbeat) are left alone. The same for SMS.
// Clock time is stepped through the `now` parameters; real waits are tens of milliseconds.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import type { Knex } from 'knex';
import { passwordResetEmail } from '../../../shared/access/self-service-emails.ts';
import { beat, HEARTBEAT_STALE_MS } from '../../../shared/background/heartbeat.ts';
import { enqueueEmail } from '../../../shared/mail/outbox.ts';
import { deliverDueEmails, startMailWorker } from '../../../shared/mail/worker.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { enqueueSms } from '../../../shared/sms/outbox.ts';
import { deliverDueSms } from '../../../shared/sms/worker.ts';
import { forEachEngine } from '../../support/engines.ts';
import { startFakeSmsRu, type FakeSmsRu } from '../../support/fake-smsru.ts';
import { testClock } from '../../support/site.ts';
import { startTestSmtp, type TestSmtp } from '../../support/smtp.ts';
import { outboxRows, queueMessages, recordingLogger } from './support.ts';

const MINUTE = 60_000;
const LEASE = 2 * MINUTE;
const company = { name: 'МУП «Тест»', supportPhone: '+7 (48153) 0-00-00', supportEmail: 'help@kkp.test', emergencyPhone: '' };

/** Marks rows as claimed by `workerId` at `at` (as its claim would), with a lease of LEASE. */
async function claimedBy(db: Knex, table: 'email_outbox' | 'sms_outbox', ids: number[], workerId: string, at: number): Promise<void> {
  await db(table).whereIn('id', ids).update({ status: 'sending', attempts: 1, lease_until: at + LEASE, claimed_by: workerId });
}

const waitUntil = async (check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

forEachEngine('outbox claims after a worker crash', (ctx) => {
  const database = ctx.databaseForEachTest();
  let smtp: TestSmtp;
  let mailDir: string;

  beforeEach(async () => {
    smtp = await startTestSmtp();
    mailDir = await mkdtemp(join(tmpdir(), 'kkp-mail-'));
  });
  afterEach(async () => {
    await smtp.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('a letter claimed by a dead worker goes out within a minute; a live worker’s claim is not taken', async () => {
    const { db } = database();
    const clock = testClock();
    const crash = clock.now();
    await setSetting(db, 'mail.smtp', smtp.settings());
    const reset = await enqueueEmail(db, passwordResetEmail({ to: 'ivanov@example.test', login: 'ivanov', link: 'https://kkp.test/reset/x', validMinutes: 60, company }), crash - 1_000);
    const [busy] = await queueMessages(db, 1, crash - 1_000);
    // The dead worker claimed the reset letter and last beat at the crash; the live one keeps beating.
    await beat(db, 'mail:dead', 'mail', crash);
    await claimedBy(db, 'email_outbox', [reset], 'mail:dead', crash);
    await beat(db, 'mail:live', 'mail', crash);
    await claimedBy(db, 'email_outbox', [busy!], 'mail:live', crash);
    const pass = async () => deliverDueEmails({ db, logger: recordingLogger(), mailDir, now: clock.now, claimer: { workerId: 'mail:new', role: 'mail' } });

    // Ten seconds on, a heartbeat that old is not yet a death: nothing is taken over.
    clock.advance(10_000);
    await beat(db, 'mail:live', 'mail', clock.now());
    assert.equal((await pass()).claimed, 0);

    clock.set(new Date(crash + HEARTBEAT_STALE_MS + 1_000).toISOString());
    await beat(db, 'mail:live', 'mail', clock.now());
    assert.deepEqual(await pass(), { sent: 1, retried: 0, failed: 0, claimed: 1 });

    const rows = await outboxRows(db);
    const sent = rows.find((r) => r.id === reset);
    assert.equal(sent?.status, 'sent');
    assert.equal(sent?.attempts, 2);
    assert.ok(sent.sent_at !== null && sent.sent_at - crash < MINUTE, `sent ${sent.sent_at! - crash} ms after the crash`);
    assert.ok(crash + LEASE > sent.sent_at, 'before the lease would have freed it');
    assert.equal(smtp.messages.length, 1);
    assert.equal(smtp.messages[0]?.messageId, sent.message_id);

    const held = rows.find((r) => r.id === busy);
    assert.equal(held?.status, 'sending', 'the live worker’s claim is left alone');
    assert.equal(held?.attempts, 1);
    assert.equal((await db('email_outbox').where({ id: busy }).first()).claimed_by, 'mail:live');
    assert.equal((await db('email_outbox').where({ id: reset }).first()).claimed_by, null);
  });

  it('a claim whose owner left no heartbeat row at all counts as dead; one without an owner waits for its lease', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'mail.smtp', smtp.settings());
    const [orphan, ownerless] = await queueMessages(db, 2, clock.now() - 1_000);
    await claimedBy(db, 'email_outbox', [orphan!], 'mail:forgotten', clock.now());
    await db('email_outbox').where({ id: ownerless }).update({ status: 'sending', attempts: 1, lease_until: clock.now() + LEASE, claimed_by: null });
    const result = await deliverDueEmails({ db, logger: recordingLogger(), mailDir, now: clock.now, claimer: { workerId: 'mail:new', role: 'mail' } });
    assert.equal(result.sent, 1);
    assert.deepEqual((await outboxRows(db)).map((r) => [r.id, r.status]), [[orphan, 'sent'], [ownerless, 'sending']]);
  });

  it('the restarted background worker sends the dead one’s letter as soon as its heartbeat is stale, and beats while it runs', async () => {
    const { db } = database();
    const clock = testClock();
    const crash = clock.now();
    await setSetting(db, 'mail.smtp', smtp.settings());
    const reset = await enqueueEmail(db, passwordResetEmail({ to: 'petrov@example.test', login: 'petrov', link: 'https://kkp.test/reset/y', validMinutes: 60, company }), crash);
    await beat(db, 'mail:dead', 'mail', crash);
    await claimedBy(db, 'email_outbox', [reset], 'mail:dead', crash);

    // The process comes back five seconds after the crash and polls every 20 ms of real time.
    clock.advance(5_000);
    let passes = 0;
    const worker = startMailWorker({ db, logger: recordingLogger(), mailDir, now: clock.now }, { intervalMs: 20, heartbeatIntervalMs: 20, onPass: () => void passes++ });
    try {
      await waitUntil(async () => passes >= 3, 'three passes');
      assert.equal(smtp.messages.length, 0, 'not taken while the dead worker could still be alive');
      const own = await db('worker_heartbeats').where({ worker_id: worker.workerId }).first();
      assert.equal(Number(own?.beat_at), clock.now());
      assert.equal(own?.role, 'mail');

      clock.set(new Date(crash + HEARTBEAT_STALE_MS + 1).toISOString());
      const [message] = await smtp.waitForMessages(1, { timeoutMs: 5_000 });
      assert.match(message?.subject ?? '', /пароля/);
      await waitUntil(async () => (await outboxRows(db))[0]?.status === 'sent', 'the outcome recorded');
      assert.ok(((await outboxRows(db))[0]?.sent_at ?? Infinity) - crash < MINUTE);
    } finally {
      await worker.stop();
    }
    assert.equal((await db('worker_heartbeats').where({ worker_id: worker.workerId })).length, 0, 'a clean stop removes the heartbeat');
  });

  it('SMS: the same take-over of a dead worker’s claim, and a live one’s left alone', async () => {
    const { db } = database();
    const gateway: FakeSmsRu = await startFakeSmsRu();
    const smsDir = await mkdtemp(join(tmpdir(), 'kkp-sms-'));
    try {
      const clock = testClock();
      const crash = clock.now();
      await setSetting(db, 'sms.gateway', { apiId: gateway.apiId, baseUrl: gateway.url, sender: 'KKP' });
      const dead = await enqueueSms(db, { kind: 'notice.outage', to: '+79151234567', text: 'Авария' }, crash - 1_000);
      const live = await enqueueSms(db, { kind: 'notice.outage', to: '+79151234568', text: 'Авария' }, crash - 1_000);
      await beat(db, 'sms:dead', 'sms', crash);
      await claimedBy(db, 'sms_outbox', [dead], 'sms:dead', crash);
      clock.advance(HEARTBEAT_STALE_MS + 1_000);
      await beat(db, 'sms:live', 'sms', clock.now());
      await claimedBy(db, 'sms_outbox', [live], 'sms:live', clock.now());

      const result = await deliverDueSms({ db, logger: recordingLogger(), smsDir, now: clock.now, timeoutMs: 2_000, claimer: { workerId: 'sms:new', role: 'sms' } });
      assert.deepEqual(result, { sent: 1, retried: 0, failed: 0, claimed: 1 });
      const rows = await db('sms_outbox').orderBy('id').select('status', 'claimed_by');
      assert.deepEqual(rows.map((r) => [r.status, r.claimed_by]), [['sent', null], ['sending', 'sms:live']]);
      assert.equal(gateway.accepted.length, 1);
    } finally {
      await gateway.close();
      await rm(smsDir, { recursive: true, force: true });
    }
  });
});
