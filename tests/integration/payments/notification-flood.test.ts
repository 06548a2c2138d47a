// The webhook is anyone's POST: a notification for a payment id we never created is answered
// without asking the provider (no amplification), a flood from one address is cut off before any
// work, and an honest notification for our own payment still credits it exactly once.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { unknownNotificationCount } from '../../../shared/payments/notifications.ts';
import { NOTIFICATIONS_PER_MINUTE } from '../../../site/routes/pay/notifications.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { startYookassaSite, type FakeYookassa, type YookassaSite } from '../../support/fake-yookassa.ts';
import { Client, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('payment notifications from strangers', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let fake: FakeYookassa;
  let running: YookassaSite;
  let alice: ResidentFixture;
  let db: Knex;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    alice = await createResident(db, world, { accountNumber: '00032001' });
    running = await startYookassaSite(db);
    ({ site, fake } = running);
  });
  after(() => running.close());

  /** The provider's API calls about one payment (the creates are POSTs to /v3/payments). */
  const lookups = () => fake.requests.filter((r) => r.method === 'GET').length;
  const nextWindow = () => site.clock.advance(60_001);

  it('an unknown payment id is answered 200 without a call to the provider, and counted', async () => {
    nextWindow();
    const before = { lookups: lookups(), unknown: unknownNotificationCount() };
    for (let i = 0; i < 5; i++) {
      const id = `2fffffff-0000-0000-0000-00000000000${i}`;
      const reply = await fake.notify(site.url, 'payment.succeeded', { id, status: 'succeeded', paid: true });
      assert.equal(reply.status, 200);
      assert.equal(JSON.parse(reply.body).outcome, 'unknown');
    }
    assert.equal(lookups(), before.lookups, 'the provider was not asked about ids we never created');
    assert.equal(unknownNotificationCount(), before.unknown + 5);
    assert.equal(Number((await db('payments').where({ source: 'card' }).count({ n: '*' }).first())?.n), 0);
  });

  it('a known payment is still re-checked and credited once', async () => {
    nextWindow();
    const client = new Client(site.url);
    assert.equal((await client.login(alice.login, alice.password)).status, 302);
    await client.get('/pay');
    const started = await client.post('/pay', { amount: '700,00' });
    assert.equal(started.status, 303, textOf(started.html));
    const attemptId = /^\/pay\/go\/([\w-]+)$/.exec(started.location ?? '')?.[1];
    const paymentId = (await db('card_payment_attempts').where({ id: attemptId }).first()).provider_payment_id as string;
    fake.succeed(paymentId);
    const asked = lookups();
    for (let i = 0; i < 2; i++) {
      const reply = await fake.notify(site.url, 'payment.succeeded', { id: paymentId, status: 'succeeded', paid: true });
      assert.equal(reply.status, 200);
    }
    assert.ok(lookups() > asked, 'our own payment is re-checked with the provider');
    const credited = await db('payments').where({ provider: 'yookassa', provider_payment_id: paymentId });
    assert.equal(credited.length, 1);
    assert.equal(Number(credited[0].amount), 70_000);
  });

  it('a flood from one address is cut off at the per-minute limit, before any work, until the next minute', async () => {
    nextWindow();
    const asked = lookups();
    const unknown = unknownNotificationCount();
    const statuses: number[] = [];
    for (let i = 0; i < NOTIFICATIONS_PER_MINUTE + 20; i++) {
      statuses.push((await fake.notify(site.url, 'payment.succeeded', { id: `2eeeeeee-0000-0000-0000-${String(i).padStart(12, '0')}` })).status);
    }
    assert.deepEqual(statuses.slice(0, NOTIFICATIONS_PER_MINUTE), Array(NOTIFICATIONS_PER_MINUTE).fill(200));
    assert.deepEqual(statuses.slice(NOTIFICATIONS_PER_MINUTE), Array(20).fill(429));
    assert.equal(unknownNotificationCount(), unknown + NOTIFICATIONS_PER_MINUTE, 'the refused ones were not even looked up');
    assert.equal(lookups(), asked);
    const refused = await fetch(`${site.url}/pay/notifications/yookassa`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '60');

    nextWindow();
    assert.equal((await fake.notify(site.url, 'payment.succeeded', { id: '2eeeeeee-ffff-0000-0000-000000000000' })).status, 200);
  });
});
