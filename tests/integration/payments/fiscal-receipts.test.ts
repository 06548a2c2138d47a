// 54-ФЗ receipts through the real site and a local ЮKassa whose shop registers receipts: the
// create request carries the resident's e-mail (or, for an own cash register, the phone) and one
// item for the payment; a resident with no address is asked for one on the pay form, with nothing
// lost and nothing started; a retry after a timeout sends the stored receipt under the same key.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { payLinkToken } from '../../../shared/payments/pay-link.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { startYookassaSite, type FakeYookassa, type YookassaSite } from '../../support/fake-yookassa.ts';
import { Client, textOf, type TestSite } from '../../support/site.ts';

const FISCAL = { issuer: 'yookassa', vatCode: 1, paymentSubject: 'service', paymentMode: 'full_payment' } as const;

forEachEngine('card payments with 54-ФЗ receipts', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let fake: FakeYookassa;
  let running: YookassaSite;
  let withEmail: ResidentFixture;
  let phoneOnly: ResidentFixture;
  let db: Knex;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    withEmail = await createResident(db, world, { accountNumber: '00032001', email: 'petrova@example.ru' });
    phoneOnly = await createResident(db, world, { accountNumber: '00032002' });
    await db('users').where({ id: phoneOnly.userId }).update({ phone: '+7 (915) 123-45-67' });
    running = await startYookassaSite(db, { fake: { fiscal: true, emailOnlyReceipts: true } });
    ({ site, fake } = running);
    await setSetting(db, 'payments.fiscal', FISCAL);
  });
  after(() => running.close());

  async function signedIn(who: ResidentFixture): Promise<Client> {
    const client = await Client.signedIn(site.url, who);
    await client.get('/pay');
    return client;
  }

  const attemptsOf = (who: ResidentFixture) => db('card_payment_attempts').where({ user_id: who.userId }).orderBy('created_at');

  it('sends the receipt with the resident\'s e-mail and one item for the payment', async () => {
    const client = await signedIn(withEmail);
    assert.doesNotMatch((await client.get('/pay')).html, /name="email"/, 'no e-mail asked: the profile has one');
    const started = await client.post('/pay', { amount: '700,50' });
    assert.equal(started.status, 303, textOf(started.html));
    const [attempt] = await attemptsOf(withEmail);
    const receipt = {
      customer: { email: 'petrova@example.ru' },
      items: [{
        description: 'Оплата ЖКУ, л/с 00032001, октябрь 2026', quantity: '1.00', amount: { value: '700.50', currency: 'RUB' },
        vat_code: 1, payment_subject: 'service', payment_mode: 'full_payment', measure: 'piece',
      }],
    };
    assert.deepEqual(fake.payments.get(attempt.provider_payment_id)?.receipt, receipt);
    assert.deepEqual(JSON.parse(attempt.receipt), receipt, 'the attempt keeps what was sent');
  });

  it('asks a resident without an e-mail for one before going to the bank, keeping the amount', async () => {
    const client = await signedIn(phoneOnly);
    const form = await client.get('/pay');
    assert.match(form.html, /name="email"/);
    assert.match(textOf(form.html), /E-mail для кассового чека/);

    const requests = fake.requests.length;
    const refused = await client.post('/pay', { amount: '321,00', email: '' });
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.html), /Укажите e-mail: на него придёт кассовый чек об оплате/);
    assert.match(refused.html, /name="amount"[^>]*value="321,00"/, 'the amount typed is kept');
    const wrong = await client.post('/pay', { amount: '321,00', email: 'petrov@' });
    assert.equal(wrong.status, 400);
    assert.match(textOf(wrong.html), /Адрес для чека: name@example\.ru/);
    assert.match(wrong.html, /name="email"[^>]*value="petrov@"/);
    assert.equal((await attemptsOf(phoneOnly)).length, 0, 'nothing started');
    assert.equal(fake.requests.length, requests, 'the bank was not asked');

    const started = await client.post('/pay', { amount: '321,00', email: ' petrov@example.ru ' });
    assert.equal(started.status, 303, textOf(started.html));
    const [attempt] = await attemptsOf(phoneOnly);
    assert.deepEqual(fake.payments.get(attempt.provider_payment_id)?.receipt?.customer, { email: 'petrov@example.ru' });
    assert.equal((await db('users').where({ id: phoneOnly.userId }).first('email')).email, null, 'the profile is not changed');
  });

  it('an own online cash register takes the phone in 7XXXXXXXXXX form, so nothing is asked', async () => {
    await setSetting(db, 'payments.fiscal', { ...FISCAL, issuer: 'cash_register', taxSystemCode: 1 });
    fake.emailOnlyReceipts = false;
    try {
      const client = await signedIn(phoneOnly);
      assert.doesNotMatch((await client.get('/pay')).html, /name="email"/);
      const started = await client.post('/pay', { amount: '100,00' });
      assert.equal(started.status, 303, textOf(started.html));
      const attempt = (await attemptsOf(phoneOnly)).at(-1);
      const receipt = fake.payments.get(attempt.provider_payment_id)?.receipt;
      assert.deepEqual(receipt?.customer, { phone: '79151234567' });
      assert.equal(receipt?.tax_system_code, 1);
    } finally {
      await setSetting(db, 'payments.fiscal', FISCAL);
      fake.emailOnlyReceipts = true;
    }
  });

  it('a retry after a timeout sends the same receipt under the same key: one payment', async () => {
    const client = await signedIn(withEmail);
    fake.delayMs = 1_000;
    const slow = await client.post('/pay', { amount: '250,00' });
    fake.delayMs = 0;
    assert.equal(slow.status, 503);
    const attempt = (await attemptsOf(withEmail)).at(-1);
    assert.equal(attempt.status, 'created');
    const keyRequests = () => fake.requests.filter((r) => r.idempotenceKey === attempt.idempotence_key).length;
    const sent = keyRequests();
    const retried = await client.post(`/pay/retry/${attempt.id}`, {});
    assert.equal(retried.status, 303, textOf(retried.html));
    assert.ok(keyRequests() > sent);
    const made = [...fake.payments.values()].filter((p) => p.metadata.attemptId === attempt.id);
    assert.equal(made.length, 1, 'the same request under the same key: no second payment, no idempotence error');
    const items = made[0]?.receipt?.items as { amount: { value: string } }[] | undefined;
    assert.equal(items?.[0]?.amount.value, '250.00');
  });

  it('by a receipt\'s pay link the e-mail is always asked (nobody is known), and the return comes back under the link', async () => {
    const token = payLinkToken(site.config, { accountId: withEmail.accountId, period: '2026-10' });
    const client = new Client(site.url);
    const form = await client.get(`/p/${token}`);
    assert.match(form.html, /name="email"/, 'the profile\'s address is not used, nor shown');
    assert.doesNotMatch(form.html, /petrova@/);
    const refused = await client.post(`/p/${token}`, { amount: '100,00', email: '' });
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.html), /Укажите e-mail: на него придёт кассовый чек об оплате/);
    const started = await client.post(`/p/${token}`, { amount: '100,00', email: 'payer@example.ru' });
    assert.equal(started.status, 303, textOf(started.html));
    const attempt = await db('card_payment_attempts').where({ account_id: withEmail.accountId }).whereNull('user_id').first();
    const sent = fake.payments.get(attempt.provider_payment_id);
    assert.deepEqual(sent?.receipt?.customer, { email: 'payer@example.ru' });
    assert.equal(sent?.confirmation.return_url, `${site.config.publicUrl}/p/${token}/return/${attempt.id}`);
  });

  it('with receipts off the request carries none, and a fiscal shop refuses it with a clear message', async () => {
    await setSetting(db, 'payments.fiscal', null);
    try {
      const client = await signedIn(withEmail);
      const refused = await client.post('/pay', { amount: '150,00' });
      assert.equal(refused.status, 503);
      assert.match(textOf(refused.html), /не приняла данные для кассового чека/);
      const attempt = (await attemptsOf(withEmail)).at(-1);
      assert.equal(attempt.status, 'failed');
      assert.equal(attempt.receipt, null);
      assert.doesNotMatch(refused.html, /Попробовать ещё раз/, 'a refused receipt is not offered again as is');
    } finally {
      await setSetting(db, 'payments.fiscal', FISCAL);
    }
  });
});
