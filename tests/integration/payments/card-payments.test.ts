// Card payments through the real site, a real database and a local ЮKassa: start → hand-over
// → notification/return/re-check → exactly one credited payment, whatever order, repetition or
// forgery the notifications come in; the sandbox; scoping; the overview at once.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { recheckPending, startPaymentRecheck } from '../../../shared/payments/recheck.ts';
import { createLogger } from '../../../shared/logger.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { startYookassaSite, type FakeYookassa, type YookassaSite } from '../../support/fake-yookassa.ts';
import { Client, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('card payments', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let fake: FakeYookassa;
  let running: YookassaSite;
  let alice: ResidentFixture;
  let bob: ResidentFixture;
  let db: Knex;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    alice = await createResident(db, world, { accountNumber: '00031001' });
    bob = await createResident(db, world, { accountNumber: '00031002' });
    running = await startYookassaSite(db);
    ({ site, fake } = running);
  });
  after(() => running.close());

  const signedIn = (who: ResidentFixture): Promise<Client> => Client.signedIn(site.url, who);

  /** Starts a payment as `who`; returns the attempt id and the provider's payment id. */
  async function pay(client: Client, amount = '700,00'): Promise<{ attemptId: string; paymentId: string; handOver: string }> {
    await client.get('/pay');
    const started = await client.post('/pay', { amount });
    assert.equal(started.status, 303, textOf(started.html));
    const attemptId = /^\/pay\/go\/([\w-]+)$/.exec(started.location ?? '')?.[1];
    assert.ok(attemptId, `hand-over location: ${started.location}`);
    const handOver = (await client.get(started.location ?? '')).html;
    const row = await db('card_payment_attempts').where({ id: attemptId }).first();
    return { attemptId, paymentId: row.provider_payment_id, handOver };
  }

  const cardPayments = (paymentId: string) => db('payments').where({ provider: 'yookassa', provider_payment_id: paymentId });
  const attempt = (id: string) => db('card_payment_attempts').where({ id }).first();

  it('offers the amount due by default and names the provider', async () => {
    const client = await signedIn(alice);
    const page = await client.get('/pay');
    assert.equal(page.status, 200);
    assert.match(page.html, /name="amount"[^>]*value="1500,00"/);
    assert.match(textOf(page.html), /ЮKassa/);
  });

  it('refuses amounts out of range, with Russian messages', async () => {
    const client = await signedIn(alice);
    await client.get('/pay');
    const small = await client.post('/pay', { amount: '0,50' });
    assert.equal(small.status, 400);
    assert.match(textOf(small.html), /не меньше 1 ₽/);
    const junk = await client.post('/pay', { amount: 'много' });
    assert.equal(junk.status, 400);
    assert.match(textOf(junk.html), /Укажите сумму в рублях/);
    const big = await client.post('/pay', { amount: '500000,01' });
    assert.match(textOf(big.html), /не больше 500 000 ₽/);
  });

  it('creates the payment with an idempotence key and hands over to the provider page', async () => {
    const client = await signedIn(alice);
    const { attemptId, paymentId, handOver } = await pay(client, '1 234,56');
    const row = await attempt(attemptId);
    assert.equal(row.status, 'pending');
    assert.equal(Number(row.amount), 123_456);
    const sent = fake.payments.get(paymentId);
    assert.deepEqual(sent?.amount, { value: '1234.56', currency: 'RUB' });
    assert.equal(sent?.metadata.attemptId, attemptId);
    assert.equal(sent?.confirmation.return_url, `${site.config.publicUrl}/pay/return/${attemptId}`);
    assert.equal(fake.requests.find((r) => r.method === 'POST' && r.idempotenceKey === row.idempotence_key)?.path, '/v3/payments');
    assert.ok(handOver.includes(`<meta http-equiv="refresh" content="0; url=${fake.url}/checkout/${paymentId}">`));
    assert.ok(handOver.includes(`href="${fake.url}/checkout/${paymentId}"`));
    assert.equal((await cardPayments(paymentId)).length, 0, 'nothing credited before the provider says so');
  });

  it('credits once on a succeeded notification, repeated and late ones included, and shows it at once', async () => {
    const client = await signedIn(alice);
    const before = textOf((await client.get('/')).html);
    assert.match(before, /К оплате 1 500,00 ₽/);
    const { attemptId, paymentId } = await pay(client);
    fake.succeed(paymentId);
    const first = await fake.notify(site.url, 'payment.succeeded', { id: paymentId, status: 'succeeded', paid: true });
    assert.equal(first.status, 200);
    const again = await fake.notify(site.url, 'payment.succeeded', { id: paymentId, status: 'succeeded', paid: true });
    assert.equal(again.status, 200);
    const back = await client.get(`/pay/return/${attemptId}`);
    assert.match(textOf(back.html), /Платёж прошёл/);
    const credited = await cardPayments(paymentId);
    assert.equal(credited.length, 1);
    assert.equal(credited[0].source, 'card');
    assert.equal(credited[0].status, 'succeeded');
    assert.equal(credited[0].period, null);
    assert.equal(Number(credited[0].amount), 70_000);
    assert.equal(Number((await attempt(attemptId)).credited_payment_id), Number(credited[0].id));

    const overview = textOf((await client.get('/')).html);
    assert.match(overview, /К оплате 800,00 ₽/);
    assert.match(overview, /700,00 ₽ — .*Картой на сайте.*оплачено, в начислениях появится после обработки/);
    const history = textOf((await client.get('/payments')).html);
    assert.match(history, /700,00 ₽ Картой на сайте — Зачислен: оплачено, в начислениях появится после обработки/);
    const audit = await db('audit_log').where({ action: 'payment.credit', subject_id: String(credited[0].id) });
    assert.equal(audit.length, 1);
  });

  it('a cancel notification after the credit changes nothing; one for an unknown id credits nothing', async () => {
    const client = await signedIn(alice);
    const { attemptId, paymentId } = await pay(client);
    fake.succeed(paymentId);
    assert.match(textOf((await client.get(`/pay/return/${attemptId}`)).html), /Платёж прошёл/);
    const late = await fake.notify(site.url, 'payment.canceled', { id: paymentId, status: 'canceled' });
    assert.equal(late.status, 200);
    assert.equal((await attempt(attemptId)).status, 'succeeded');
    assert.equal((await cardPayments(paymentId)).length, 1);

    const count = async () => Number((await db('payments').where({ source: 'card' }).count({ n: '*' }).first())?.n);
    const total = await count();
    const unknown = await fake.notify(site.url, 'payment.succeeded', { id: '2fffffff-0000-0000-0000-000000000000', status: 'succeeded', paid: true });
    assert.equal(unknown.status, 200);
    assert.equal(await count(), total);
  });

  it('a forged notification (the provider says pending, or another amount) credits nothing', async () => {
    const client = await signedIn(alice);
    const { attemptId, paymentId } = await pay(client);
    const forged = await fake.notify(site.url, 'payment.succeeded', { id: paymentId, status: 'succeeded', paid: true, amount: { value: '700.00', currency: 'RUB' } });
    assert.equal(forged.status, 200);
    assert.equal((await attempt(attemptId)).status, 'pending');
    assert.equal((await cardPayments(paymentId)).length, 0);

    fake.patch(paymentId, { status: 'succeeded', paid: true, amount: { value: '7.00', currency: 'RUB' } });
    await fake.notify(site.url, 'payment.succeeded', { id: paymentId });
    assert.equal((await cardPayments(paymentId)).length, 0);
    const row = await attempt(attemptId);
    assert.equal(row.credited_payment_id, null);
    assert.match(row.last_error, /Сумма/);
    assert.equal((await db('audit_log').where({ action: 'payment.mismatch', subject_id: attemptId })).length, 1);
  });

  it('a notification that is not one gets 400 and needs no CSRF token or session to be heard', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${site.url}/pay/notifications/yookassa`, { method: 'POST', headers: { 'content-type': type }, body });
    assert.equal((await post('{"type":"notification"')).status, 400);
    assert.equal((await post(JSON.stringify({ type: 'notification', event: 'payment.succeeded' }))).status, 400);
    assert.equal((await post('event=payment.succeeded', 'application/x-www-form-urlencoded')).status, 400);
    assert.equal((await fetch(`${site.url}/pay/notifications/other`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 404);
  });

  it('a provider that times out: a Russian message, the attempt kept, the retry reuses the key and makes no second payment', async () => {
    const client = await signedIn(alice);
    await client.get('/pay');
    const paymentsBefore = fake.payments.size;
    fake.delayMs = 600;
    let failed;
    try {
      failed = await client.post('/pay', { amount: '300' });
    } finally {
      fake.delayMs = 0;
    }
    assert.equal(failed.status, 503);
    assert.match(textOf(failed.html), /не ответила вовремя/);
    const attemptId = /action="\/pay\/retry\/([\w-]+)"/.exec(failed.html)?.[1];
    assert.ok(attemptId);
    const kept = await attempt(attemptId);
    assert.equal(kept.status, 'created');
    assert.equal(fake.payments.size, paymentsBefore + 1, 'the provider made it, the answer was late');
    assert.ok(fake.requests.filter((r) => r.idempotenceKey === kept.idempotence_key).length >= 2);

    const retried = await client.post(`/pay/retry/${attemptId}`, {});
    assert.equal(retried.status, 303);
    assert.equal(retried.location, `/pay/go/${attemptId}`);
    assert.equal(fake.payments.size, paymentsBefore + 1);
    const row = await attempt(attemptId);
    assert.equal(row.status, 'pending');
    assert.ok(fake.payments.has(row.provider_payment_id));
  });

  it('the scheduler re-checks a pending payment and credits it once it succeeded', async () => {
    const client = await signedIn(bob);
    const { attemptId, paymentId } = await pay(client, '250');
    const deps = { db, config: site.config, now: site.clock.now };
    site.clock.advance(3 * 60_000);
    const early = await recheckPending(deps);
    assert.equal(early.credited, 0);
    assert.equal((await attempt(attemptId)).status, 'pending');
    assert.ok(Number((await attempt(attemptId)).next_check_at) > site.clock.now());

    fake.succeed(paymentId);
    site.clock.advance(10 * 60_000);
    const later = await recheckPending(deps);
    assert.equal(later.credited, 1);
    assert.equal((await cardPayments(paymentId)).length, 1);
    const checkedAt = (await attempt(attemptId)).last_checked_at;
    site.clock.advance(60 * 60_000);
    await recheckPending(deps);
    assert.equal((await attempt(attemptId)).last_checked_at, checkedAt, 'a credited attempt is not checked again');
    assert.equal((await cardPayments(paymentId)).length, 1);
  });

  it('the background re-check runs its passes with no listener attached, as npm start runs it', async () => {
    const client = await signedIn(bob);
    const { attemptId, paymentId } = await pay(client, '120');
    fake.succeed(paymentId);
    site.clock.advance(3 * 60_000);
    const running = startPaymentRecheck({ db, config: site.config, now: site.clock.now, logger: createLogger('silent') }, { intervalMs: 20 });
    try {
      await waitFor(async () => (await cardPayments(paymentId)).length === 1, 'the pending payment to be credited by the background pass');
    } finally {
      await running.stop();
    }
    assert.equal((await attempt(attemptId)).status, 'succeeded');
  });

  it('a resident cannot see or retry another resident’s attempt', async () => {
    const owner = await signedIn(alice);
    const { attemptId } = await pay(owner);
    const other = await signedIn(bob);
    assert.equal((await other.get(`/pay/return/${attemptId}`)).status, 404);
    assert.equal((await other.get(`/pay/go/${attemptId}`)).status, 404);
    await other.get('/pay');
    assert.equal((await other.post(`/pay/retry/${attemptId}`, {})).status, 404);
    assert.doesNotMatch((await other.get('/pay')).html, new RegExp(attemptId));
    assert.match((await owner.get('/pay')).html, new RegExp(attemptId));
  });

  it('the sandbox: a labelled pretend bank page, pay or cancel, the outcome on return', async () => {
    await setSetting(db, 'payments.provider', 'sandbox');
    try {
      const client = await signedIn(bob);
      const form = textOf((await client.get('/pay')).html);
      assert.match(form, /Тестовая оплата \(без банка\)/);
      const { attemptId, handOver } = await pay(client, '100');
      const sandboxPath = /href="(\/pay\/sandbox\/[\w-]+)"/.exec(handOver)?.[1];
      assert.ok(sandboxPath);
      const bank = await client.get(sandboxPath);
      assert.match(textOf(bank.html), /настоящие деньги не списываются/);
      const paid = await client.post(sandboxPath, { outcome: 'succeeded' });
      assert.equal(paid.status, 303);
      assert.equal(paid.location, `/pay/return/${attemptId}`);
      assert.match(textOf((await client.get(paid.location ?? '')).html), /Платёж прошёл/);
      const credited = await db('payments').where({ provider: 'sandbox', account_id: bob.accountId });
      assert.equal(credited.length, 1);
      assert.equal(Number(credited[0].amount), 10_000);

      const second = await pay(client, '50');
      const path2 = /href="(\/pay\/sandbox\/[\w-]+)"/.exec(second.handOver)?.[1] ?? '';
      const canceled = await client.post(path2, { outcome: 'canceled' });
      const page = await client.get(canceled.location ?? '');
      assert.match(textOf(page.html), /Платёж отменён/);
      assert.equal((await attempt(second.attemptId)).status, 'canceled');
      assert.equal((await db('payments').where({ provider: 'sandbox', account_id: bob.accountId })).length, 1);
    } finally {
      await setSetting(db, 'payments.provider', 'yookassa');
    }
  });

  it('with no provider the page says so and a payment cannot start', async () => {
    await setSetting(db, 'payments.provider', 'none');
    try {
      const client = await signedIn(bob);
      const page = await client.get('/pay');
      assert.match(textOf(page.html), /Оплата на сайте сейчас недоступна/);
      assert.equal((await client.post('/pay', { amount: '100' })).status, 409);
    } finally {
      await setSetting(db, 'payments.provider', 'yookassa');
    }
  });

  it('only credited card payments are what the payments export takes (source card, succeeded)', async () => {
    const exported = await db('payments').where({ source: 'card', status: 'succeeded' }).orderBy('id').select('id');
    const credited = await db('card_payment_attempts').whereNotNull('credited_payment_id').orderBy('credited_payment_id').select('credited_payment_id');
    assert.ok(credited.length >= 4);
    assert.deepEqual(exported.map((r) => Number(r.id)), credited.map((r) => Number(r.credited_payment_id)));
  });
});

/** Polls a condition (no fixed sleep decides the outcome; the limit only stops a hung test). */
async function waitFor(condition: () => Promise<boolean>, what: string, limitMs = 15_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
