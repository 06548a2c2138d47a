// «Обратная связь» on every engine: sent without signing in, prefilled for a resident; obscene
// (disguised) and advertising messages stored but flagged with reasons for the clerk; the same
// text again refused; too many from one address refused; the clerk's reply e-mailed.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { consoleAs } from '../admin/console-caller.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type World } from '../../support/factories.ts';
import { Client, startTestSite, testClock, textOf, type TestSite } from '../../support/site.ts';

const form = (o: Partial<Record<'name' | 'email' | 'phone' | 'topic' | 'body' | 'consent', string>> = {}) => ({
  name: 'Мария', email: 'maria@example.test', phone: '', topic: 'question', body: 'Когда починят освещение во дворе дома 5?', consent: 'on', ...o,
});

forEachEngine('feedback form', (ctx) => {
  const database = ctx.databaseForSuite();
  const clock = testClock('2026-11-24T09:00:00Z');
  let site: TestSite;
  let staff: StaffFixture;
  let world: World;
  // A fresh sign-in for each use: the test clock moves past a console session's lifetime.
  const clerk = { call: (async (name, input) => (await consoleAs(database().db, staff, clock.now)).call(name, input)) as Awaited<ReturnType<typeof consoleAs>>['call'] };

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    site = await startTestSite(db, { clock });
    staff = await createStaff(db, 'operator');
  });

  after(async () => {
    await site?.close();
  });

  async function send(client: Client, fields: Record<string, string>) {
    await client.get('/feedback');
    return client.post('/feedback', fields);
  }

  it('is sent without signing in; stored with the consent, not flagged', async () => {
    const { db } = database();
    const reply = await send(new Client(site.url), form());
    assert.equal(reply.status, 302);
    assert.equal(reply.location, '/feedback/sent');
    const row = await db('feedback').where({ email: 'maria@example.test' }).first();
    assert.equal(Boolean(row.flagged), false);
    assert.equal(row.user_id, null);
    assert.equal(row.status, 'new');
    assert.equal((await db('consents').where({ id: row.consent_id }).first()).purpose, 'feedback');
  });

  it('refuses a form without consent or with a bad e-mail, keeping the text', async () => {
    const reply = await send(new Client(site.url), form({ consent: '', email: 'maria@', body: 'Текст, который нельзя потерять' }));
    assert.equal(reply.status, 400);
    const page = textOf(reply.html);
    assert.match(page, /Необходимо согласие на обработку персональных данных/);
    assert.match(page, /name@example\.ru/);
    assert.match(reply.html, /Текст, который нельзя потерять<\/textarea>/);
  });

  it('refuses the same message again from the same address or e-mail', async () => {
    const { db } = database();
    const client = new Client(site.url);
    const again = await send(client, form({ body: 'когда ПОЧИНЯТ освещение во дворе дома 5' }));
    assert.equal(again.status, 429);
    assert.match(textOf(again.html), /Такое сообщение уже отправлено/);
    assert.equal((await db('feedback')).length, 1);
    clock.advance(25 * 3_600_000);
    assert.equal((await send(client, form())).status, 302);
  });

  it('flags obscene (disguised) and advertising messages, stores them, and lists them with reasons', async () => {
    const { db } = database();
    clock.advance(2 * 3_600_000);
    const client = new Client(site.url);
    assert.equal((await send(client, form({ email: 'angry@example.test', body: 'Вы там совсем о*уели? х.у.й вам, а не оплата, 6ляха-муха' }))).status, 302);
    assert.equal((await send(client, form({ email: 'promo@example.test', topic: 'other', body: 'Скидка 70% на пластиковые окна! Звоните +7 915 000-00-00, заработок на дому' }))).status, 302);
    const rows = await db('feedback').where({ flagged: true }).orderBy('id');
    assert.deepEqual(rows.map((r) => r.email), ['angry@example.test', 'promo@example.test']);

    const flagged = await clerk.call('listFeedback', { status: 'all', flagged: 'only' });
    assert.equal(flagged.total, 2);
    assert.match(flagged.items[0]!.flagReasons.join(), /Нецензурная лексика/);
    assert.match(flagged.items[1]!.flagReasons.join(), /Реклама: номер телефона и слова «скидка», «заработок»/);
    const clean = await clerk.call('listFeedback', { status: 'all', flagged: 'hide' });
    assert.ok(clean.items.every((i) => !i.flagged && i.flagReasons.length === 0));

    const ignored = await clerk.call('setFeedbackStatus', { id: flagged.items[1]!.id, status: 'ignored' });
    assert.equal(ignored.status, 'ignored');
  });

  it('limits messages from one address per hour', async () => {
    const { db } = database();
    clock.advance(2 * 3_600_000);
    const client = new Client(site.url);
    for (let i = 1; i <= 5; i++) assert.equal((await send(client, form({ body: `Вопрос номер ${i} про вывоз мусора` }))).status, 302);
    const sixth = await send(client, form({ body: 'Вопрос номер 6 про вывоз мусора' }));
    assert.equal(sixth.status, 429);
    assert.match(textOf(sixth.html), /слишком много сообщений/);
    assert.equal((await db('feedback').where('body', 'like', 'Вопрос номер%')).length, 5);
  });

  it('is prefilled for a signed-in resident and remembers who sent it', async () => {
    const { db } = database();
    clock.advance(2 * 3_600_000);
    const resident = await createResident(db, world, { accountNumber: '00080001', email: 'resident@example.test' });
    const client = new Client(site.url);
    await client.login(resident.login, resident.password);
    const page = await client.get('/feedback');
    assert.match(page.html, /value="resident@example\.test"/);
    assert.equal((await client.post('/feedback', form({ email: 'resident@example.test', body: 'Спасибо за быстрый ремонт подъезда!', topic: 'thanks' }))).status, 302);
    const row = await db('feedback').where({ email: 'resident@example.test' }).first();
    assert.equal(row.user_id, resident.userId);
    const listed = await clerk.call('listFeedback', { status: 'new' });
    assert.equal(listed.items.find((i) => i.email === 'resident@example.test')?.login, '00080001');
  });

  it('the clerk’s reply is e-mailed to the sender and audited', async () => {
    const { db } = database();
    const first = (await db('feedback').where({ email: 'maria@example.test' }).orderBy('id').first()).id;
    const answered = await clerk.call('replyToFeedback', { id: first, body: 'Освещение починят до конца недели.' });
    assert.equal(answered.status, 'answered');
    assert.equal(answered.reply, 'Освещение починят до конца недели.');
    const [mail] = await db('email_outbox').where({ kind: 'feedback.reply' });
    assert.equal(mail.to_address, 'maria@example.test');
    assert.match(mail.text_body, /Освещение починят до конца недели/);
    assert.equal((await db('audit_log').where({ action: 'feedback.reply', subject_id: String(first) })).length, 1);
  });
});
