// The resident's pages over real HTTP: balance, charges that add up, payments, meters and the
// readings rules as the resident meets them, and switching between two accounts.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, linkAccount, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('resident pages', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let resident: ResidentFixture;
  let second: ResidentFixture;
  let expired: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00005005' });
    second = await createResident(db, world, { accountNumber: '00006006' });
    await linkAccount(db, resident.userId, second.accountId);
    expired = await createResident(db, world, { accountNumber: '00007007', verificationDue: '2026-06-30' });
    site = await startTestSite(db);
  });
  after(() => site.close());

  const signedIn = (who: ResidentFixture = resident): Promise<Client> => Client.signedIn(site.url, who);

  it('shows the debt, due date, last payment and readings status', async () => {
    const client = await signedIn();
    const text = textOf((await client.get('/')).html);
    assert.match(text, /К оплате 1 500,00 ₽/);
    assert.match(text, /Оплатить до 10\.11\.2026/);
    assert.match(text, /1 000,00 ₽ — 15\.09\.2026/);
    assert.match(text, /Передано 0 из 2/);
  });

  it('counts payments made after the latest receipt', async () => {
    const { db } = database();
    await db('payments').insert({
      account_id: expired.accountId, amount: 50_000, paid_at: Date.parse('2026-11-20T08:00:00Z'), period: null,
      source: 'bank', status: 'succeeded', external_id: 'after-receipt-1', created_at: Date.now(),
    });
    const client = await signedIn(expired);
    const text = textOf((await client.get('/')).html);
    assert.match(text, /К оплате 1 000,00 ₽/);
    // The difference from the receipt is explained where the amount is: the receipt's figure and what was paid since.
    assert.match(text, /По квитанции за октябрь 2026 — 1 500,00 ₽; после неё вы оплатили 500,00 ₽, поэтому здесь сумма меньше, чем в квитанции/);
  });

  it('shows charges by service for a past period, with totals that match the balance', async () => {
    const client = await signedIn();
    const text = textOf((await client.get('/charges?period=2026-09')).html);
    assert.match(text, /Начисления за сентябрь 2026/);
    assert.match(text, /Холодное водоснабжение 10,000 м³ 30,00 ₽ 300,00 ₽/);
    assert.match(text, /Всего за период .* 1 000,00 ₽$|Всего за период/);
    assert.match(text, /Задолженность на начало периода 500,00 ₽ Начислено за период 1 000,00 ₽ Оплачено 1 000,00 ₽ Итого к оплате 500,00 ₽/);
    const latest = textOf((await client.get('/charges')).html);
    assert.match(latest, /Начисления за октябрь 2026/);
    assert.match(latest, /Итого к оплате 1 500,00 ₽/);
    assert.equal((await client.get('/charges?period=2019-01')).status, 404);
    assert.equal((await client.get('/charges?period=junk')).status, 404);
  });

  it('lists payments', async () => {
    const client = await signedIn();
    const text = textOf((await client.get('/payments')).html);
    assert.match(text, /1 000,00 ₽ Касса \/ банк/);
  });

  it('accepts a reading, then a correction within the window replaces it', async () => {
    const { db } = database();
    const client = await signedIn();
    await client.get('/meters');
    const first = await client.post('/meters/readings', { meterId: String(resident.meters.coldWater), value_1: '115,5' });
    assert.equal(first.status, 302);
    assert.match(first.location ?? '', /done=reading/);
    assert.match(textOf((await client.get('/meters?done=reading')).html), /Показания приняты/);
    const correction = await client.post('/meters/readings', { meterId: String(resident.meters.coldWater), value_1: '116' });
    assert.match(correction.location ?? '', /done=correction/);
    const rows = await db('readings').where({ meter_id: resident.meters.coldWater, period: '2026-11' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].value_milli, 116_000);
    assert.equal(rows[0].source, 'resident');
    const audit = await db('audit_log').where({ subject_id: String(resident.meters.coldWater) }).orderBy('id');
    assert.deepEqual(audit.map((a) => a.action), ['reading.submit', 'reading.correct']);
  });

  it('refuses a value lower than the previous one, explaining why and keeping what was typed', async () => {
    const client = await signedIn();
    await client.get('/meters');
    const reply = await client.post('/meters/readings', { meterId: String(resident.meters.electricity), value_1: '1050', value_2: '550' });
    assert.equal(reply.status, 422);
    const text = textOf(reply.html);
    assert.match(text, /не может быть меньше предыдущего \(1100,0, за октябрь 2026\)/);
    assert.match(reply.html, /value="1050"/);
  });

  it('asks to confirm an implausible jump and accepts it once confirmed', async () => {
    const client = await signedIn();
    await client.get('/meters');
    const jump = await client.post('/meters/readings', { meterId: String(resident.meters.electricity), value_1: '9100', value_2: '560' });
    assert.equal(jump.status, 422);
    assert.match(textOf(jump.html), /Проверьте показания/);
    // What to do is said once, by the form (the warning itself only says what is unusual).
    assert.equal(textOf(jump.html).split('Если всё верно').length - 1, 1, textOf(jump.html));
    assert.match(jump.html, /<meta name="description" content="Личный кабинет абонента МУП «Тест»: начисления/);
    // A link shared in a messenger shows the page, the company and what the portal is for.
    assert.match(jump.html, /<meta property="og:site_name" content="Личный кабинет абонента МУП «Тест»">/);
    assert.match(jump.html, /<meta property="og:title" content="[^"]+ — МУП «Тест»">/);
    assert.match(jump.html, /<meta property="og:description" content="Личный кабинет абонента МУП «Тест»: начисления/);
    const confirmed = await client.post('/meters/readings', { meterId: String(resident.meters.electricity), value_1: '9100', value_2: '560', confirmJump: 'on' });
    assert.equal(confirmed.status, 302);
  });

  it('refuses a missing zone value', async () => {
    const client = await signedIn(second);
    await client.get('/meters');
    const reply = await client.post('/meters/readings', { meterId: String(second.meters.electricity), value_1: '1200' });
    assert.equal(reply.status, 422);
    assert.match(textOf(reply.html), /ночь \(Т2\)/);
  });

  it('refuses readings for a meter past verification', async () => {
    const client = await signedIn(expired);
    const page = textOf((await client.get('/meters')).html);
    assert.match(page, /срок поверки истёк/);
    const reply = await client.post('/meters/readings', { meterId: String(expired.meters.coldWater), value_1: '120' });
    assert.equal(reply.status, 422);
    assert.match(textOf(reply.html), /Срок поверки счётчика № CW-00007007 \(Холодное водоснабжение\) истёк 30\.06\.2026/);
  });

  it('refuses readings outside the window and names the next one', async () => {
    site.clock.set('2026-11-27T09:00:00Z');
    try {
      const client = await signedIn(second);
      const page = textOf((await client.get('/meters')).html);
      assert.match(page, /Следующий приём: с 23\.12\.2026 по 25\.12\.2026/);
      const reply = await client.post('/meters/readings', { meterId: String(second.meters.coldWater), value_1: '120' });
      assert.equal(reply.status, 422);
      assert.match(textOf(reply.html), /Показания принимаются с 23 по 25 число/);
    } finally {
      site.clock.set('2026-11-24T09:00:00Z');
    }
  });

  it('switches between the accounts of one user', async () => {
    const client = await signedIn();
    const overview = textOf((await client.get('/')).html);
    assert.match(overview, /Лицевой счёт 00005005/);
    const reply = await client.post('/account/switch', { account: second.accountNumber, back: '/charges' });
    assert.equal(reply.status, 302);
    assert.equal(reply.location, '/charges');
    assert.match(textOf((await client.get('/')).html), /Лицевой счёт 00006006/);
    const offsite = await client.post('/account/switch', { account: resident.accountNumber, back: '//evil.example/' });
    assert.equal(offsite.location, '/');
  });
});
