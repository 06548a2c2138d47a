// СБП (Faster Payments) through the site: the pay form offers «Картой» / «СБП» when the provider
// takes both, the choice travels to the provider (ЮKassa: payment_method_data `sbp` with a redirect
// confirmation; the sandbox: its СБП page with a QR and the bank-app hand-off), is kept on the
// attempt, and a paid СБП payment is credited exactly like a card payment and shown as «СБП».
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { setSetting } from '../../../shared/settings/settings.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { startYookassaSite, type FakeYookassa, type YookassaSite } from '../../support/fake-yookassa.ts';
import { Client, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('СБП payments', (ctx) => {
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
    alice = await createResident(db, world, { accountNumber: '00032001' });
    bob = await createResident(db, world, { accountNumber: '00032002' });
    running = await startYookassaSite(db, { timeoutMs: 500 });
    ({ site, fake } = running);
  });
  after(() => running.close());

  const signedIn = (who: ResidentFixture): Promise<Client> => Client.signedIn(site.url, who);

  async function pay(client: Client, form: Record<string, string>): Promise<{ attemptId: string; handOver: string }> {
    await client.get('/pay');
    const started = await client.post('/pay', form);
    assert.equal(started.status, 303, textOf(started.html));
    const attemptId = /^\/pay\/go\/([\w-]+)$/.exec(started.location ?? '')?.[1];
    assert.ok(attemptId, `hand-over location: ${started.location}`);
    return { attemptId, handOver: (await client.get(started.location ?? '')).html };
  }

  const attempt = (id: string) => db('card_payment_attempts').where({ id }).first();

  it('the sandbox: СБП chosen on /pay is kept, paid on its СБП page, credited and shown as «СБП»', async () => {
    await setSetting(db, 'payments.provider', 'sandbox');
    const client = await signedIn(alice);
    const form = (await client.get('/pay')).html;
    assert.match(form, /<input type="radio" name="method" id="f-method" value="card" checked>/);
    assert.match(form, /<input type="radio" name="method" id="f-method-sbp" value="sbp">/);
    assert.match(textOf(form), /СБП \(по QR-коду или в приложении банка\)/);

    const { attemptId, handOver } = await pay(client, { amount: '250,00', method: 'sbp' });
    assert.equal((await attempt(attemptId)).method, 'sbp');
    const sandboxPath = /href="(\/pay\/sandbox\/[\w-]+)"/.exec(handOver)?.[1];
    assert.ok(sandboxPath);
    const bank = await client.get(sandboxPath);
    assert.match(textOf(bank.html), /Тестовая оплата через СБП \(без банка\)/);
    assert.match(bank.html, /<svg class="sbp-qr" role="img"/);
    assert.match(textOf(bank.html), /Открыть приложение банка/);

    const paid = await client.post(sandboxPath, { outcome: 'succeeded' });
    assert.equal(paid.location, `/pay/return/${attemptId}`);
    assert.match(textOf((await client.get(paid.location ?? '')).html), /Платёж прошёл/);
    const credited = await db('payments').where({ account_id: alice.accountId, provider: 'sandbox' });
    assert.equal(credited.length, 1);
    // Settlement is that of a card payment: source 'card', so the export and billing take it as before.
    assert.equal(credited[0].source, 'card');
    assert.equal(credited[0].status, 'succeeded');
    assert.equal(Number(credited[0].amount), 25_000);
    assert.equal(Number((await attempt(attemptId)).credited_payment_id), Number(credited[0].id));

    const history = textOf((await client.get('/payments')).html).replace(/\s+/g, ' ');
    assert.match(history, /250,00 ₽ СБП/);
    assert.doesNotMatch(history, /Картой на сайте/);
    assert.match(textOf((await client.get('/pay')).html), /250,00 ₽ — [\d.]+ [\d:]+\s*, СБП: Оплачен/);
  });

  it('the sandbox: a card payment stays «Картой на сайте» beside an СБП one', async () => {
    await setSetting(db, 'payments.provider', 'sandbox');
    const client = await signedIn(alice);
    const { attemptId, handOver } = await pay(client, { amount: '100' });
    assert.equal((await attempt(attemptId)).method, 'card');
    const sandboxPath = /href="(\/pay\/sandbox\/[\w-]+)"/.exec(handOver)?.[1] ?? '';
    const bank = await client.get(sandboxPath);
    assert.doesNotMatch(textOf(bank.html), /СБП/);
    await client.post(sandboxPath, { outcome: 'succeeded' });
    await client.get(`/pay/return/${attemptId}`);
    const history = textOf((await client.get('/payments')).html).replace(/\s+/g, ' ');
    assert.match(history, /100,00 ₽ Картой на сайте/);
    assert.match(history, /250,00 ₽ СБП/);
  });

  it('refuses a method the form does not offer', async () => {
    await setSetting(db, 'payments.provider', 'sandbox');
    const client = await signedIn(bob);
    await client.get('/pay');
    const bad = await client.post('/pay', { amount: '100', method: 'cash' });
    assert.equal(bad.status, 400);
    assert.match(textOf(bad.html), /Выберите способ оплаты/);
    assert.equal((await db('card_payment_attempts').where({ account_id: bob.accountId })).length, 0);
  });

  it('ЮKassa: the create asks for sbp with a redirect, and the paid payment is credited on return', async () => {
    await setSetting(db, 'payments.provider', 'yookassa');
    const client = await signedIn(bob);
    const { attemptId } = await pay(client, { amount: '300', method: 'sbp' });
    const row = await attempt(attemptId);
    assert.equal(row.method, 'sbp');
    const request = fake.requests.find((r) => r.idempotenceKey === row.idempotence_key)?.body as Record<string, unknown>;
    assert.deepEqual(request.payment_method_data, { type: 'sbp' });
    assert.deepEqual(request.confirmation, { type: 'redirect', return_url: `${site.config.publicUrl}/pay/return/${attemptId}` });
    assert.equal(fake.payments.get(row.provider_payment_id)?.payment_method?.type, 'sbp');

    fake.succeed(row.provider_payment_id);
    assert.match(textOf((await client.get(`/pay/return/${attemptId}`)).html), /Платёж прошёл/);
    const credited = await db('payments').where({ provider: 'yookassa', provider_payment_id: row.provider_payment_id });
    assert.equal(credited.length, 1);
    assert.equal(credited[0].source, 'card');
    assert.match(textOf((await client.get('/payments')).html).replace(/\s+/g, ' '), /300,00 ₽ СБП/);
  });
});
