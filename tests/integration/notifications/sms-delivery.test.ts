// The SMS outbox delivered through the sms.ru adapter to a local server following its API:
// accepted messages keep the gateway's id; temporary refusals and a dead gateway are retried with
// growing back-off and then delivered once; a bad number fails for good with the gateway's reason.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { RETRY_BASE_MS } from '../../../shared/mail/backoff.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { enqueueSms } from '../../../shared/sms/outbox.ts';
import { deliverDueSms, type SmsWorkerDeps } from '../../../shared/sms/worker.ts';
import { forEachEngine } from '../../support/engines.ts';
import { startFakeSmsRu, type FakeSmsRu } from '../../support/fake-smsru.ts';
import { testClock } from '../../support/site.ts';
import { recordingLogger } from '../mail/support.ts';

interface Row { id: number; status: string; attempts: number; next_attempt_at: number; sent_at: number | null; last_error: string | null; provider_message_id: string | null }

async function rows(db: SmsWorkerDeps['db']): Promise<Row[]> {
  const list: Row[] = await db('sms_outbox').orderBy('id').select('id', 'status', 'attempts', 'next_attempt_at', 'sent_at', 'last_error', 'provider_message_id');
  return list.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), next_attempt_at: Number(r.next_attempt_at), sent_at: r.sent_at === null ? null : Number(r.sent_at) }));
}

forEachEngine('SMS delivery through an sms.ru-style gateway', (ctx) => {
  const database = ctx.databaseForEachTest();
  let gateway: FakeSmsRu;
  let smsDir: string;

  beforeEach(async () => {
    gateway = await startFakeSmsRu();
    smsDir = await mkdtemp(join(tmpdir(), 'kkp-sms-'));
  });
  afterEach(async () => {
    await gateway.close();
    await rm(smsDir, { recursive: true, force: true });
  });

  const depsFor = (clock = testClock(), extra: Partial<Omit<SmsWorkerDeps, 'logger'>> = {}): SmsWorkerDeps & { logger: ReturnType<typeof recordingLogger> } => ({
    db: database().db, logger: recordingLogger(), smsDir, now: clock.now, random: () => 0, timeoutMs: 2000, ...extra,
  });

  it('sends an accepted message by POST and keeps the gateway’s sms_id', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'sms.gateway', { apiId: gateway.apiId, baseUrl: gateway.url, sender: 'KKP' });
    await enqueueSms(db, { kind: 'notice.outage', to: '+79151234567', text: 'Завтра с 9 до 17 не будет горячей воды.' }, clock.now());

    assert.deepEqual(await deliverDueSms(depsFor(clock)), { sent: 1, retried: 0, failed: 0, claimed: 1 });
    assert.deepEqual(gateway.accepted.map((m) => ({ to: m.to, msg: m.msg, from: m.from })), [
      { to: '79151234567', msg: 'Завтра с 9 до 17 не будет горячей воды.', from: 'KKP' },
    ]);
    assert.equal(gateway.requests[0]?.method, 'POST');
    const [row] = await rows(db);
    assert.equal(row?.status, 'sent');
    assert.equal(row?.sent_at, clock.now());
    assert.equal(row?.provider_message_id, gateway.accepted[0]?.smsId);
    // A sent message is never claimed again.
    assert.deepEqual(await deliverDueSms(depsFor(clock)), { sent: 0, retried: 0, failed: 0, claimed: 0 });
    assert.equal(gateway.accepted.length, 1);
  });

  it('retries temporary refusals (service busy, HTTP 502, per-number limit) with growing back-off, then delivers once', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'sms.gateway', { apiId: gateway.apiId, baseUrl: gateway.url });
    await enqueueSms(db, { kind: 'notify.debt', to: '+79151234567', text: 'Задолженность 1 500,00 ₽' }, clock.now());
    gateway.script({ requestError: 220 }, { httpStatus: 502 }, { numberError: 230 });

    const delays: number[] = [];
    for (const expected of ['код 220', 'HTTP 502', 'код 230']) {
      const deps = depsFor(clock);
      assert.deepEqual(await deliverDueSms(deps), { sent: 0, retried: 1, failed: 0, claimed: 1 });
      const [row] = await rows(db);
      assert.equal(row?.status, 'pending');
      assert.match(row?.last_error ?? '', new RegExp(expected));
      assert.ok(deps.logger.lines.some((l) => l.level === 'warn' && /будет новая попытка/.test(l.message)));
      // Not due before its time: a pass now claims nothing.
      assert.equal((await deliverDueSms(depsFor(clock))).claimed, 0);
      delays.push((row?.next_attempt_at ?? 0) - clock.now());
      clock.set(new Date(row?.next_attempt_at ?? 0).toISOString());
    }
    assert.deepEqual(delays, [RETRY_BASE_MS, 2 * RETRY_BASE_MS, 4 * RETRY_BASE_MS]);

    assert.deepEqual(await deliverDueSms(depsFor(clock)), { sent: 1, retried: 0, failed: 0, claimed: 1 });
    const [row] = await rows(db);
    assert.equal(row?.status, 'sent');
    assert.equal(row?.attempts, 4);
    assert.equal(row?.last_error, null);
    assert.equal(gateway.accepted.length, 1);
  });

  it('reports a bad number as failed with the gateway’s reason and does not try again', async () => {
    const { db } = database();
    const clock = testClock();
    await setSetting(db, 'sms.gateway', { apiId: gateway.apiId, baseUrl: gateway.url });
    await enqueueSms(db, { kind: 'notice.general', to: '+79150000000', text: 'Объявление' }, clock.now());
    gateway.script({ numberError: 207 });
    const deps = depsFor(clock);

    assert.deepEqual(await deliverDueSms(deps), { sent: 0, retried: 0, failed: 1, claimed: 1 });
    const [row] = await rows(db);
    assert.equal(row?.status, 'failed');
    assert.match(row?.last_error ?? '', /код 207: На этот номер нет маршрута/);
    assert.ok(deps.logger.lines.some((l) => l.level === 'error' && /больше не отправляется/.test(l.message)));
    clock.advance(24 * 3_600_000);
    assert.equal((await deliverDueSms(depsFor(clock))).claimed, 0);
    assert.equal(gateway.requests.length, 1);
  });

  it('keeps messages while the gateway is down or our api_id is wrong, without trying the rest of the batch', async () => {
    const { db } = database();
    const clock = testClock();
    const deadUrl = gateway.url;
    await gateway.close();
    await setSetting(db, 'sms.gateway', { apiId: 'AAAAAAAA-0000', baseUrl: deadUrl });
    for (const n of [1, 2, 3]) await enqueueSms(db, { kind: 'notice.outage', to: `+7915000000${n}`, text: `Сообщение ${n}` }, clock.now());

    assert.deepEqual(await deliverDueSms(depsFor(clock)), { sent: 0, retried: 3, failed: 0, claimed: 3 });
    for (const row of await rows(db)) {
      assert.equal(row.status, 'pending');
      assert.match(row.last_error ?? '', /недоступен/);
    }

    // The gateway is back, but the api_id is wrong (code 200): still retried, nothing lost.
    gateway = await startFakeSmsRu();
    await setSetting(db, 'sms.gateway', { apiId: 'AAAAAAAA-0000', baseUrl: gateway.url });
    clock.advance(RETRY_BASE_MS);
    assert.deepEqual(await deliverDueSms(depsFor(clock)), { sent: 0, retried: 3, failed: 0, claimed: 3 });
    assert.equal(gateway.requests.length, 1);
    assert.match((await rows(db))[0]?.last_error ?? '', /код 200/);

    // The api_id comes from the environment (SMS_RU_API_ID wins over the setting): all three go, once each.
    clock.advance(2 * RETRY_BASE_MS);
    assert.deepEqual(await deliverDueSms(depsFor(clock, { smsRuApiId: gateway.apiId })), { sent: 3, retried: 0, failed: 0, claimed: 3 });
    assert.deepEqual(gateway.accepted.map((m) => m.to).sort(), ['79150000001', '79150000002', '79150000003']);
  });

  it('writes SMS to the log and var/sms/ when no gateway is set (the demo)', async () => {
    const { db } = database();
    const clock = testClock();
    await enqueueSms(db, { kind: 'notice.outage', to: '+79151234567', text: 'Отключение воды' }, clock.now());
    const deps = depsFor(clock);
    assert.deepEqual(await deliverDueSms(deps), { sent: 1, retried: 0, failed: 0, claimed: 1 });
    const files = await readdir(smsDir);
    assert.equal(files.length, 1);
    assert.match(await readFile(join(smsDir, files[0] as string), 'utf8'), /Кому: \+79151234567[\s\S]*Отключение воды/);
    assert.ok(deps.logger.lines.some((l) => l.level === 'info' && /SMS записано в файл/.test(l.message)));
    assert.equal(gateway.requests.length, 0);
  });
});
