// Several accounts in one payment, through the real site and a local ЮKassa: a resident who holds
// two accounts pays both in one provider payment for the total (here through СБП); once the
// provider confirms it, each account is credited its own part (one payments row each, to the
// kopeck), however often the notification comes. Another resident's account id in the form is
// refused, an all-zero form is refused with the form kept as typed, and a canceled payment
// credits nothing.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { startSeveralPayment } from '../../../shared/payments/several.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, linkAccount, type ResidentFixture } from '../../support/factories.ts';
import { startYookassaSite, type FakeYookassa, type YookassaSite } from '../../support/fake-yookassa.ts';
import { Client, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('several accounts in one payment', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let fake: FakeYookassa;
  let running: YookassaSite;
  let owner: ResidentFixture;
  /** The owner's second flat (its own login is not used). */
  let second: ResidentFixture;
  let stranger: ResidentFixture;
  let db: Knex;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    owner = await createResident(db, world, { accountNumber: '00033001', email: 'owner@example.ru' });
    second = await createResident(db, world, { accountNumber: '00033002' });
    await linkAccount(db, owner.userId, second.accountId);
    stranger = await createResident(db, world, { accountNumber: '00033003' });
    running = await startYookassaSite(db, { timeoutMs: 500 });
    ({ site, fake } = running);
  });
  after(() => running.close());

  const signedIn = (who: ResidentFixture): Promise<Client> => Client.signedIn(site.url, who);

  const fields = (a: string, b: string) => ({ [`part-${owner.accountId}`]: a, [`part-${second.accountId}`]: b });

  /** Starts a payment for both accounts; the attempt row and the provider's payment id. */
  async function paySeveral(client: Client, form: Record<string, string>) {
    await client.get('/pay/several');
    const started = await client.post('/pay/several', form);
    assert.equal(started.status, 303, textOf(started.html));
    const attemptId = /^\/pay\/go\/([\w-]+)$/.exec(started.location ?? '')?.[1];
    assert.ok(attemptId, `hand-over location: ${started.location}`);
    const attempt = await db('card_payment_attempts').where({ id: attemptId }).first();
    return { attemptId, attempt, paymentId: String(attempt.provider_payment_id) };
  }

  const credited = (paymentId: string) => db('payments').where({ provider: 'yookassa', provider_payment_id: paymentId }).orderBy('account_id');
  const amounts = (rows: { account_id: number; amount: number | string }[]) => rows.map((r) => [Number(r.account_id), Number(r.amount)]);

  it('is offered to a resident with two accounts: each with its amount due, and the total', async () => {
    const client = await signedIn(owner);
    assert.match(textOf((await client.get('/')).html), /Оплатить несколько счетов одним платежом/);
    assert.match(textOf((await client.get('/pay')).html), /Оплатить несколько счетов одним платежом/);
    const form = await client.get('/pay/several');
    assert.equal(form.status, 200);
    assert.match(form.html, new RegExp(`name="part-${owner.accountId}"[^>]*value="1500,00"`));
    assert.match(form.html, new RegExp(`name="part-${second.accountId}"[^>]*value="1500,00"`));
    const text = textOf(form.html);
    assert.match(text, /Лицевой счёт 00033001, ₽/);
    assert.match(text, /Итого к оплате: 3\s000,00\s₽/);

    const single = await signedIn(stranger);
    assert.doesNotMatch(textOf((await single.get('/')).html), /несколько счетов/);
    assert.equal((await single.get('/pay/several')).location, '/pay');
  });

  it('one provider payment for the total; each account credited its own part, once, however often notified', async () => {
    const client = await signedIn(owner);
    const { attemptId, attempt, paymentId } = await paySeveral(client, { ...fields('600,50', '1 000'), method: 'sbp' });
    assert.equal(Number(attempt.amount), 160_050);
    const sent = fake.payments.get(paymentId);
    assert.deepEqual(sent?.amount, { value: '1600.50', currency: 'RUB' });
    assert.equal(sent?.description, 'Оплата ЖКУ, лицевые счета 00033001, 00033002');
    assert.equal(sent?.metadata.account, '00033001,00033002');
    assert.equal(sent?.payment_method?.type, 'sbp');
    const parts = await db('card_payment_parts').where({ attempt_id: attemptId }).orderBy('account_id');
    assert.deepEqual(parts.map((p) => [Number(p.account_id), Number(p.amount), p.payment_id]), [[owner.accountId, 60_050, null], [second.accountId, 100_000, null]]);
    assert.equal((await credited(paymentId)).length, 0, 'nothing credited before the provider says so');

    fake.succeed(paymentId);
    // Two at once, then a late one: each re-checks and tries to credit.
    const notify = () => fake.notify(site.url, 'payment.succeeded', { id: paymentId, status: 'succeeded', paid: true });
    for (const notified of [...(await Promise.all([notify(), notify()])), await notify()]) assert.equal(notified.status, 200);
    const back = textOf((await client.get(`/pay/return/${attemptId}`)).html);
    assert.match(back, /Платёж прошёл/);
    assert.match(back, /Оплачено 1\s600,50\s₽ по 2 лицевым счетам/);
    assert.match(back, /Лицевой счёт 00033001 — 600,50\s₽/);
    assert.match(back, /Лицевой счёт 00033002 — 1\s000,00\s₽/);

    const rows = await credited(paymentId);
    assert.deepEqual(amounts(rows), [[owner.accountId, 60_050], [second.accountId, 100_000]]);
    assert.ok(rows.every((r) => r.source === 'card' && r.status === 'succeeded' && r.period === null));
    const after = await db('card_payment_attempts').where({ id: attemptId }).first();
    assert.equal(after.status, 'succeeded');
    assert.equal(Number(after.credited_payment_id), Number(rows[0].id));
    const partsAfter = await db('card_payment_parts').where({ attempt_id: attemptId }).orderBy('account_id');
    assert.deepEqual(partsAfter.map((p) => Number(p.payment_id)), rows.map((r) => Number(r.id)));
    const audit = await db('audit_log').where({ action: 'payment.credit' }).whereIn('subject_id', rows.map((r) => String(r.id)));
    assert.equal(audit.length, 2);

    // Each account shows its own part: the overview, the history and the recent online payments.
    assert.match(textOf((await client.get('/')).html), /К оплате 899,50\s₽/);
    assert.match(textOf((await client.get('/payments')).html), /600,50\s₽ СБП/);
    assert.equal((await client.post('/account/switch', { account: second.accountNumber, back: '/' })).status, 302);
    assert.match(textOf((await client.get('/')).html), /К оплате 500,00\s₽/);
    const history = textOf((await client.get('/payments')).html);
    assert.match(history, /1\s000,00\s₽ СБП/);
    assert.doesNotMatch(history, /600,50/);
    assert.match(textOf((await client.get('/pay')).html), /1\s000,00\s₽ — .*, СБП \(часть платежа на 1\s600,50\s₽ за несколько счетов\): Оплачен/);
    await client.post('/account/switch', { account: owner.accountNumber, back: '/' });
  });

  it('a part of 0 leaves its account out: the other is paid alone', async () => {
    const client = await signedIn(owner);
    const { attemptId, paymentId } = await paySeveral(client, fields('0', '250'));
    assert.equal((await db('card_payment_parts').where({ attempt_id: attemptId })).length, 0, 'one account: an ordinary payment');
    assert.equal(fake.payments.get(paymentId)?.description, 'Оплата ЖКУ, лицевой счёт 00033002');
    fake.succeed(paymentId);
    await client.get(`/pay/return/${attemptId}`);
    assert.deepEqual(amounts(await credited(paymentId)), [[second.accountId, 25_000]]);
  });

  it('refuses another resident’s account id, in the form or in the call, and starts nothing', async () => {
    const client = await signedIn(owner);
    const before = (await db('card_payment_attempts')).length;
    await client.get('/pay/several');
    const forged = await client.post('/pay/several', { ...fields('100', '100'), [`part-${stranger.accountId}`]: '100' });
    assert.equal(forged.status, 404);
    assert.match(textOf(forged.html), /Лицевой счёт не найден среди ваших счетов/);
    const onlyForeign = await client.post('/pay/several', { [`part-${stranger.accountId}`]: '100' });
    assert.equal(onlyForeign.status, 404);
    await assert.rejects(
      startSeveralPayment({ db, config: site.config, now: site.clock.now }, { userId: owner.userId, parts: [{ accountId: stranger.accountId, amountKopecks: 10_000 }] }),
      (err: Error & { id?: string }) => err.id === 'not_found',
    );
    assert.equal((await db('card_payment_attempts')).length, before);
  });

  it('refuses an all-zero form and bad amounts with Russian messages, the form kept as typed', async () => {
    const client = await signedIn(owner);
    const before = (await db('card_payment_attempts')).length;
    await client.get('/pay/several');
    const zero = await client.post('/pay/several', { ...fields('0', ''), method: 'sbp' });
    assert.equal(zero.status, 400);
    assert.match(textOf(zero.html), /Укажите сумму хотя бы по одному лицевому счёту/);
    assert.match(zero.html, new RegExp(`name="part-${owner.accountId}"[^>]*value="0"`));
    assert.match(zero.html, new RegExp(`name="part-${second.accountId}"[^>]*value=""`));
    assert.match(zero.html, /value="sbp" checked/);

    const junk = await client.post('/pay/several', fields('много', '0,50'));
    assert.equal(junk.status, 400);
    assert.match(textOf(junk.html), /Лицевой счёт 00033001: укажите сумму в рублях/);
    assert.match(junk.html, /value="много"/);
    const small = await client.post('/pay/several', fields('100', '0,50'));
    assert.match(textOf(small.html), /Лицевой счёт 00033002: сумма — не меньше 1 ₽/);
    const big = await client.post('/pay/several', fields('500000,01', '0'));
    assert.match(textOf(big.html), /не больше 500 000 ₽ за один раз/);
    const total = await client.post('/pay/several', fields('300000', '300000'));
    assert.equal(total.status, 400);
    assert.match(textOf(total.html), /Всего 600\s000,00\s₽, а за один платёж можно не больше 500 000 ₽/);
    assert.equal((await db('card_payment_attempts')).length, before);
  });

  it('a canceled payment credits nothing to either account', async () => {
    const client = await signedIn(owner);
    const { attemptId, paymentId } = await paySeveral(client, fields('100', '200'));
    fake.cancel(paymentId);
    assert.equal((await fake.notify(site.url, 'payment.canceled', { id: paymentId, status: 'canceled' })).status, 200);
    const back = textOf((await client.get(`/pay/return/${attemptId}`)).html);
    assert.match(back, /Платёж отменён/);
    assert.doesNotMatch(back, /По лицевым счетам/);
    assert.equal((await db('card_payment_attempts').where({ id: attemptId }).first()).status, 'canceled');
    assert.equal((await credited(paymentId)).length, 0);
    assert.ok((await db('card_payment_parts').where({ attempt_id: attemptId })).every((p) => p.payment_id === null));
  });

  it('a shop that sends 54-ФЗ receipts gets one receipt line per account, adding up to the payment', async () => {
    fake.fiscal = true;
    await setSetting(db, 'payments.fiscal', { issuer: 'yookassa', vatCode: 1, paymentSubject: 'service', paymentMode: 'full_payment' });
    try {
      const client = await signedIn(owner);
      const { paymentId } = await paySeveral(client, fields('10', '20,05'));
      const receipt = fake.payments.get(paymentId)?.receipt as { customer: unknown; items: { description: string; amount: { value: string } }[] };
      assert.deepEqual(receipt.customer, { email: 'owner@example.ru' });
      assert.deepEqual(receipt.items.map((i) => [i.description, i.amount.value]), [
        ['Оплата ЖКУ, л/с 00033001, октябрь 2026', '10.00'],
        ['Оплата ЖКУ, л/с 00033002, октябрь 2026', '20.05'],
      ]);
    } finally {
      fake.fiscal = false;
      await setSetting(db, 'payments.fiscal', null);
    }
  });
});
