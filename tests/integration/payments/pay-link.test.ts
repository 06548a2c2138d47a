// Paying a receipt by its link without signing in, through the real site and the sandbox
// provider: the page shows the amount and nothing personal, a payment through it is credited to
// the account like any other, a tampered link is not found, a link a newer receipt replaced says
// so, and the receipt PDF carries the link.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { payLinkToken } from '../../../shared/payments/pay-link.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';
import { createReceiptWorld, normalise, pdfText, tempPdf } from '../receipts/support.ts';

forEachEngine('pay by link', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let alice: ResidentFixture;
  let bob: ResidentFixture;
  let db: Knex;

  before(async () => {
    db = database().db;
    const world = await createReceiptWorld(db);
    alice = await createResident(db, world, { accountNumber: '00041001' });
    bob = await createResident(db, world, { accountNumber: '00041002' });
    site = await startTestSite(db, { env: { PAYMENTS_SANDBOX: 'true' } });
    await setSetting(db, 'payments.provider', 'sandbox');
  });
  after(() => site.close());

  const tokenOf = (who: ResidentFixture, period = '2026-10') => payLinkToken(site.config, { accountId: who.accountId, period });

  it('shows the company, the account, a masked address, the period and the amount, and nothing personal', async () => {
    const client = new Client(site.url);
    const page = await client.get(`/p/${tokenOf(alice)}`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    const text = normalise(textOf(page.html));
    assert.match(text, /Оплата квитанции за октябрь 2026/);
    assert.match(text, /Получатель МУП «Тест»/);
    assert.match(text, /Лицевой счёт 00041001/);
    assert.match(text, /д\. 1, кв\. \*\*/);
    assert.match(text, /К оплате 1 500,00 ₽/);
    assert.match(page.html, /name="amount"[^>]*value="1500,00"/);
    assert.doesNotMatch(page.html, /Иванов/, 'the owner’s name stays off');
    assert.doesNotMatch(text, /кв\. 1\b/, 'the flat stays off');
    assert.doesNotMatch(page.html, /name="email"/, 'no 54-ФЗ receipt with the sandbox: no e-mail asked');
  });

  it('a payment through the link is credited to the account and seen in the cabinet', async () => {
    const token = tokenOf(alice);
    const client = new Client(site.url);
    await client.get(`/p/${token}`);
    const refused = await client.post(`/p/${token}`, { amount: '0,50' });
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.html), /не меньше 1 ₽/);
    const started = await client.post(`/p/${token}`, { amount: '700,00' });
    assert.equal(started.status, 303, textOf(started.html));
    const attemptId = new RegExp(`^/p/${token.replace(/\./g, '\\.')}/go/([\\w-]+)$`).exec(started.location ?? '')?.[1];
    assert.ok(attemptId, `hand-over location: ${started.location}`);
    const row = await db('card_payment_attempts').where({ id: attemptId }).first();
    assert.equal(row.user_id, null);
    assert.equal(Number(row.account_id), alice.accountId);
    const audit = await db('audit_log').where({ action: 'payment.link_start', subject_id: attemptId }).first();
    assert.equal(audit?.actor_type, 'system');
    assert.equal(Number(audit?.account_id), alice.accountId);

    const handOver = (await client.get(started.location ?? '')).html;
    const bankPath = /href="(\/pay\/sandbox\/[\w-]+)"/.exec(handOver)?.[1];
    assert.ok(bankPath, handOver);
    await client.get(bankPath);
    const paid = await client.post(bankPath, { outcome: 'succeeded' });
    assert.equal(paid.status, 303);
    assert.equal(paid.location, `/p/${token}/return/${attemptId}`);
    const back = textOf((await client.get(paid.location ?? '')).html);
    assert.match(back, /Платёж прошёл/);
    assert.match(back, /лицевому счёту 00041001/);

    const credited = await db('payments').where({ provider: 'sandbox', account_id: alice.accountId });
    assert.equal(credited.length, 1);
    assert.equal(Number(credited[0].amount), 70_000);
    assert.equal(credited[0].source, 'card');

    const resident = new Client(site.url);
    assert.equal((await resident.login(alice.login, alice.password)).status, 302);
    assert.match(normalise(textOf((await resident.get('/')).html)), /К оплате 800,00 ₽/);
    assert.match(normalise(textOf((await resident.get('/payments')).html)), /700,00 ₽ Картой на сайте/);
    // The link now offers what is left.
    assert.match(normalise(textOf((await client.get(`/p/${token}`)).html)), /К оплате 800,00 ₽/);
  });

  it('a tampered or foreign link is not found, and a link sees only its own account’s payments', async () => {
    const client = new Client(site.url);
    const token = tokenOf(alice);
    const [, period, mac] = token.split('.') as [string, string, string];
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [flipped, `${bob.accountId.toString(36)}.${period}.${mac}`, 'nonsense']) {
      const page = await client.get(`/p/${bad}`);
      assert.equal(page.status, 404, bad);
      assert.match(textOf(page.html), /Ссылка не работает/);
      assert.doesNotMatch(page.html, /00041001|1 500,00/);
    }
    const attempt = await db('card_payment_attempts').where({ account_id: alice.accountId }).first('id');
    assert.equal((await client.get(`/p/${tokenOf(bob)}/return/${attempt.id}`)).status, 404);
    assert.equal((await client.get(`/p/${flipped}/return/${attempt.id}`)).status, 404);
  });

  it('after a newer receipt the link says it is out of date, shows no figures and starts nothing', async () => {
    const old = tokenOf(bob);
    await db('balances').insert({
      account_id: bob.accountId, period: '2026-11', opening_balance: 150_000, charged: 100_000, paid: 0, penalties: 0, total_due: 250_000, due_date: '2026-12-10',
    });
    const client = new Client(site.url);
    const page = await client.get(`/p/${old}`);
    assert.equal(page.status, 410);
    const text = normalise(textOf(page.html));
    assert.match(text, /Ссылка устарела/);
    assert.match(page.html, /href="\/login"/);
    assert.doesNotMatch(text, /00041002|2 500,00|1 500,00|Иванов/);
    const attempts = async () => Number((await db('card_payment_attempts').where({ account_id: bob.accountId }).count({ n: '*' }).first())?.n);
    assert.equal((await client.post(`/p/${old}`, { amount: '100' })).status, 410);
    assert.equal(await attempts(), 0);
    assert.match(normalise(textOf((await client.get(`/p/${tokenOf(bob, '2026-11')}`)).html)), /К оплате 2 500,00 ₽/);
    // A link for a period not billed yet is no link of ours.
    assert.equal((await client.get(`/p/${tokenOf(bob, '2026-12')}`)).status, 404);
  });

  it('the receipt PDF carries the link', async () => {
    const resident = new Client(site.url);
    assert.equal((await resident.login(alice.login, alice.password)).status, 302);
    const cookie = [...resident.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${site.url}/receipts/2026-10.pdf`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const file = await tempPdf(Buffer.from(await res.arrayBuffer()));
    try {
      const text = normalise(await pdfText(file.path));
      assert.ok(text.includes(`Оплатить онлайн: ${site.config.publicUrl}/p/${tokenOf(alice)}`), text);
    } finally {
      await file.done();
    }
  });

  // Last: it spends this address's budget for the rest of the suite.
  it('limits the requests one address makes to the link pages', async () => {
    const client = new Client(site.url);
    let status = 0;
    for (let i = 0; i <= 60 && status !== 429; i++) status = (await client.get(`/p/${tokenOf(alice)}x`)).status;
    assert.equal(status, 429);
    const refused = await client.get(`/p/${tokenOf(alice)}`);
    assert.equal(refused.status, 429);
    assert.match(textOf(refused.html), /Слишком много запросов/);
  });
});
