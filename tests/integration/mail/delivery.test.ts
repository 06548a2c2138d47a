// The outbox delivered to a real SMTP server on 127.0.0.1: parts and headers arrive, an outage
// loses nothing and, once the server is back, every message arrives exactly once.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { createDb } from '../../../db/connection.ts';
import { enqueueEmail } from '../../../shared/mail/outbox.ts';
import { renderEmail } from '../../../shared/mail/templates.ts';
import { deliverDueEmails, startMailWorker, type MailWorkerDeps } from '../../../shared/mail/worker.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { forEachEngine } from '../../support/engines.ts';
import { testClock } from '../../support/site.ts';
import { countByMessageId, startTestSmtp, type TestSmtp } from '../../support/smtp.ts';
import { outboxRows, queueMessages, recordingLogger } from './support.ts';

const HOUR = 3_600_000;
const company = { name: 'МУП «Тест»', supportPhone: '+7 (48153) 0-00-00', supportEmail: 'help@kkp.test', emergencyPhone: '' };

forEachEngine('e-mail delivery over SMTP', (ctx) => {
  const database = ctx.databaseForEachTest();
  let smtp: TestSmtp;
  let mailDir: string;

  beforeEach(async () => {
    smtp = await startTestSmtp({ reject: ['nobody@example.test'], defer: ['busy@example.test'] });
    mailDir = await mkdtemp(join(tmpdir(), 'kkp-mail-'));
  });
  afterEach(async () => {
    await smtp.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  const depsFor = (clock = testClock(), extra: Partial<MailWorkerDeps> = {}): MailWorkerDeps => ({
    db: database().db,
    logger: recordingLogger(),
    mailDir,
    now: clock.now,
    random: () => 0,
    ...extra,
  });

  it('delivers a queued message with its text and HTML parts and the Message-ID fixed at enqueue', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'mail.smtp', smtp.settings());
    const rendered = renderEmail(
      { title: 'Заявка на доступ одобрена', paragraphs: ['Ваша заявка одобрена.'], details: [['Лицевой счёт', '00011008']] },
      company,
    );
    const id = await enqueueEmail(db, { kind: 'application.approved', to: 'ivanov@example.test', ...rendered }, clock.now());

    const result = await deliverDueEmails(depsFor(clock));

    assert.deepEqual(result, { sent: 1, retried: 0, failed: 0, claimed: 1 });
    const [row] = await outboxRows(db);
    assert.equal(row?.id, id);
    assert.equal(row?.status, 'sent');
    assert.equal(row?.sent_at, clock.now());
    assert.equal(row?.attempts, 1);
    assert.equal(row?.lease_until, null);
    const [message] = smtp.messages;
    assert.ok(message);
    assert.deepEqual(message.envelopeTo, ['ivanov@example.test']);
    assert.equal(message.envelopeFrom, 'noreply@kkp.test');
    assert.equal(message.messageId, row?.message_id);
    assert.equal(message.subject, 'Заявка на доступ одобрена');
    assert.match(message.headers.get('content-type') ?? '', /multipart\/alternative/);
    assert.equal(message.text, rendered.text);
    assert.match(message.text ?? '', /Лицевой счёт: 00011008/);
    assert.match(message.html ?? '', /<h1[^>]*>Заявка на доступ одобрена<\/h1>/);
    assert.match(message.html ?? '', /Лицевой счёт/);
  });

  it('keeps every message pending with growing back-off while the server is down, then delivers each exactly once', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'mail.smtp', smtp.settings());
    await queueMessages(db, 5, clock.now());
    await smtp.stop();

    const down = await deliverDueEmails(depsFor(clock));
    assert.deepEqual(down, { sent: 0, retried: 5, failed: 0, claimed: 5 });
    for (const row of await outboxRows(db)) {
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.equal(row.next_attempt_at, clock.now() + 30_000);
      assert.equal(row.lease_until, null);
      assert.match(row.last_error ?? '', /ECONNREFUSED/);
    }
    // Not due yet: the same moment finds nothing to do.
    assert.deepEqual(await deliverDueEmails(depsFor(clock)), { sent: 0, retried: 0, failed: 0, claimed: 0 });

    clock.advance(30_000);
    await deliverDueEmails(depsFor(clock));
    for (const row of await outboxRows(db)) {
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 2);
      assert.equal(row.next_attempt_at, clock.now() + 60_000);
    }
    assert.equal(smtp.messages.length, 0);

    await smtp.start();
    clock.advance(HOUR);
    const up = await deliverDueEmails(depsFor(clock));
    assert.deepEqual(up, { sent: 5, retried: 0, failed: 0, claimed: 5 });
    clock.advance(24 * HOUR);
    assert.deepEqual(await deliverDueEmails(depsFor(clock)), { sent: 0, retried: 0, failed: 0, claimed: 0 });

    const rows = await outboxRows(db);
    assert.deepEqual(rows.map((r) => r.status), ['sent', 'sent', 'sent', 'sent', 'sent']);
    const counts = countByMessageId(smtp.messages);
    assert.deepEqual(
      [...counts.entries()].sort(),
      rows.map((r) => [r.message_id, 1]).sort(),
    );
  });

  it('marks a message refused with 5xx as failed and still delivers the rest of the batch', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'mail.smtp', smtp.settings());
    await queueMessages(db, 3, clock.now(), (i) => (i === 2 ? 'nobody@example.test' : `resident${i}@example.test`));

    const result = await deliverDueEmails(depsFor(clock));

    assert.deepEqual(result, { sent: 2, retried: 0, failed: 1, claimed: 3 });
    const rows = await outboxRows(db);
    assert.deepEqual(rows.map((r) => r.status), ['sent', 'failed', 'sent']);
    assert.match(rows[1]?.last_error ?? '', /550/);
    assert.equal(rows[1]?.sent_at, null);
    clock.advance(48 * HOUR);
    assert.equal((await deliverDueEmails(depsFor(clock))).claimed, 0);
    assert.deepEqual(smtp.messages.map((m) => m.envelopeTo[0]), ['resident1@example.test', 'resident3@example.test']);
  });

  it('retries a recipient answered with 4xx and gives up after the last allowed attempt', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'mail.smtp', smtp.settings());
    await queueMessages(db, 1, clock.now(), () => 'busy@example.test');

    assert.equal((await deliverDueEmails(depsFor(clock, { maxAttempts: 2 }))).retried, 1);
    let [row] = await outboxRows(db);
    assert.equal(row?.status, 'pending');
    assert.match(row?.last_error ?? '', /450/);

    clock.advance(HOUR);
    assert.equal((await deliverDueEmails(depsFor(clock, { maxAttempts: 2 }))).failed, 1);
    [row] = await outboxRows(db);
    assert.equal(row?.status, 'failed');
    assert.equal(row?.attempts, 2);
  });

  it('re-sends a message whose worker died mid-send, but leaves one under a live lease alone', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'mail.smtp', smtp.settings());
    const [live, dead] = await queueMessages(db, 2, clock.now() - HOUR);
    await db('email_outbox').where({ id: live }).update({ status: 'sending', attempts: 1, lease_until: clock.now() + 60_000 });
    await db('email_outbox').where({ id: dead }).update({ status: 'sending', attempts: 1, lease_until: clock.now() - 1 });

    const result = await deliverDueEmails(depsFor(clock));

    assert.deepEqual(result, { sent: 1, retried: 0, failed: 0, claimed: 1 });
    const rows = await outboxRows(db);
    assert.deepEqual(rows.map((r) => [r.id, r.status, r.attempts]), [
      [live, 'sending', 1],
      [dead, 'sent', 2],
    ]);
    assert.deepEqual(smtp.messages.map((m) => m.messageId), [rows[1]?.message_id]);
  });

  it('two workers on the same database never send a message twice', async () => {
    const { db, url } = database();
    const clock = testClock();
    await setSetting(db, 'mail.smtp', smtp.settings());
    await queueMessages(db, 24, clock.now());
    // A second pool: another process (the console beside the site) on the same database.
    const other = createDb(url, { poolMax: 4 });
    try {
      const drain = async (worker: typeof db) => {
        let sent = 0;
        for (;;) {
          const pass = await deliverDueEmails(depsFor(clock, { db: worker, batchSize: 3 }));
          sent += pass.sent;
          if (pass.claimed === 0) return sent;
        }
      };
      const sent = await Promise.all([drain(db), drain(other), drain(db), drain(other)]);

      assert.equal(sent.reduce((a, b) => a + b, 0), 24);
      const rows = await outboxRows(db);
      assert.ok(rows.every((r) => r.status === 'sent' && r.attempts === 1));
      const counts = countByMessageId(smtp.messages);
      assert.equal(counts.size, 24);
      assert.ok([...counts.values()].every((n) => n === 1));
    } finally {
      await other.destroy();
    }
  });

  it('the background worker sends mail queued in a transaction as soon as it commits', async () => {
    const { db } = database();
    await setSetting(db, 'mail.smtp', smtp.settings());
    let firstPass!: () => void;
    const firstPassDone = new Promise<void>((resolve) => (firstPass = resolve));
    // An hour between polls: once the first pass is over, only the wake-up after commit can
    // deliver within the wait below.
    const worker = startMailWorker({ db, logger: recordingLogger(), mailDir }, { intervalMs: HOUR, onPass: () => firstPass() });
    try {
      await firstPassDone;
      await db.transaction(async (trx) => {
        await enqueueEmail(trx, { kind: 'test.notice', to: 'petrov@example.test', subject: 'Проверка', text: 'Проверка связи' });
      });
      const [message] = await smtp.waitForMessages(1, { timeoutMs: 15_000 });
      assert.equal(message?.subject, 'Проверка');
      const [row] = await outboxRows(db);
      assert.equal(row?.message_id, message?.messageId);
    } finally {
      await worker.stop();
    }
    assert.equal((await outboxRows(db))[0]?.status, 'sent');
  });
});
