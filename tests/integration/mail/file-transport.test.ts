// With no SMTP server set, mail goes to .eml files (and the log says where); a change of the
// 'mail.smtp' setting takes effect at the next pass, without a restart.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { createTransportCache } from '../../../shared/mail/transport-cache.ts';
import { emlFileName } from '../../../shared/mail/transport.ts';
import { deliverDueEmails, startMailWorker, type PassResult } from '../../../shared/mail/worker.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { forEachEngine } from '../../support/engines.ts';
import { testClock } from '../../support/site.ts';
import { parseMessage, startTestSmtp } from '../../support/smtp.ts';
import { outboxRows, queueMessages, recordingLogger } from './support.ts';

forEachEngine('e-mail to files and transport changes', (ctx) => {
  const database = ctx.databaseForEachTest();
  let mailDir: string;

  beforeEach(async () => {
    mailDir = join(await mkdtemp(join(tmpdir(), 'kkp-mail-')), 'var', 'mail');
  });
  afterEach(async () => {
    await rm(join(mailDir, '..', '..'), { recursive: true, force: true });
  });

  it('writes an RFC 822 .eml file per message under the mail folder and logs its path', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'support.email', 'help@kkp.test');
    await queueMessages(db, 2, clock.now());
    const logger = recordingLogger();

    const result = await deliverDueEmails({ db, logger, mailDir, now: clock.now });

    assert.deepEqual(result, { sent: 2, retried: 0, failed: 0, claimed: 2 });
    const rows = await outboxRows(db);
    const files = (await readdir(mailDir)).sort();
    const expected = rows.map((r) => emlFileName({ createdAt: clock.now(), kind: 'test.notice', messageId: r.message_id })).sort();
    assert.deepEqual(files, expected);
    for (const row of rows) {
      const file = join(mailDir, emlFileName({ createdAt: clock.now(), kind: 'test.notice', messageId: row.message_id }));
      const raw = await readFile(file, 'utf8');
      assert.match(raw, /\r\n\r\n/, 'CRLF line ends');
      const message = parseMessage(raw, '', []);
      assert.equal(message.messageId, row.message_id);
      assert.equal(message.headers.get('to'), row.to_address);
      assert.equal(message.headers.get('from'), 'help@kkp.test');
      assert.match(message.subject, /^Уведомление № \d$/);
      assert.match(message.text ?? '', /^Текст уведомления № \d$/);
      assert.match(message.html ?? '', /<p>Текст уведомления № \d<\/p>/);
      assert.ok(logger.lines.some((l) => l.message.includes(file)), `the log names ${file}`);
      assert.equal(row.status, 'sent');
    }
    assert.ok(logger.lines.some((l) => l.message.includes('SMTP-сервер не настроен') && l.message.includes(mailDir)));

    clock.advance(86_400_000);
    assert.equal((await deliverDueEmails({ db, logger, mailDir, now: clock.now })).claimed, 0);
    assert.equal((await readdir(mailDir)).length, 2);
  });

  it('the background worker says once where the files go', async () => {
    const { db } = database();
    const logger = recordingLogger();
    const passes: PassResult[] = [];
    let threePasses!: () => void;
    const waiting = new Promise<void>((resolve) => (threePasses = resolve));
    // Each pass wakes the worker for the next one, until there have been three.
    const worker = startMailWorker(
      { db, logger, mailDir },
      {
        intervalMs: 3_600_000,
        onPass: (result) => {
          passes.push(result);
          if (passes.length >= 3) threePasses();
          else worker.wake();
        },
      },
    );
    try {
      await waiting;
    } finally {
      await worker.stop();
    }
    const notices = logger.lines.filter((l) => l.message.includes('SMTP-сервер не настроен'));
    assert.equal(notices.length, 1);
    assert.deepEqual(notices[0]?.details, { mailDir });
  });

  it('picks up a changed SMTP setting at the next pass', async () => {
    const { db } = database();
    const clock = testClock();
    const logger = recordingLogger();
    const transports = createTransportCache({ mailDir, logger });
    const first = await startTestSmtp();
    const second = await startTestSmtp();
    try {
      const pass = () => deliverDueEmails({ db, logger, mailDir, now: clock.now, transports });

      await queueMessages(db, 1, clock.now(), () => 'one@example.test');
      assert.equal((await pass()).sent, 1);
      assert.equal((await readdir(mailDir)).length, 1);

      await setSetting(db, 'mail.smtp', first.settings());
      await queueMessages(db, 1, clock.now(), () => 'two@example.test');
      assert.equal((await pass()).sent, 1);
      assert.deepEqual(first.messages.map((m) => m.envelopeTo[0]), ['two@example.test']);

      await setSetting(db, 'mail.smtp', second.settings({ from: 'other@kkp.test' }));
      await queueMessages(db, 1, clock.now(), () => 'three@example.test');
      assert.equal((await pass()).sent, 1);
      assert.deepEqual(second.messages.map((m) => [m.envelopeFrom, m.envelopeTo[0]]), [['other@kkp.test', 'three@example.test']]);
      assert.equal(first.messages.length, 1);

      await setSetting(db, 'mail.smtp', null);
      await queueMessages(db, 1, clock.now(), () => 'four@example.test');
      assert.equal((await pass()).sent, 1);
      assert.equal((await readdir(mailDir)).length, 2);

      const switches = logger.lines.filter((l) => /Почта отправляется через|SMTP-сервер не настроен/.test(l.message)).map((l) => l.message);
      assert.equal(switches.length, 4);
      assert.match(switches[1] ?? '', new RegExp(`SMTP 127\\.0\\.0\\.1:${first.port}`));
      assert.match(switches[2] ?? '', new RegExp(`SMTP 127\\.0\\.0\\.1:${second.port}`));
    } finally {
      transports.close();
      await first.close();
      await second.close();
    }
  });
});
