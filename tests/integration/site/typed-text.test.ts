// What residents type passes the one text normaliser before any route: hidden characters are
// removed before the text is stored, a control character refuses the form with the reason.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { Client, startTestSite, testClock, textOf, type TestSite } from '../../support/site.ts';

const form = (o: Record<string, string>) => ({ name: 'Мария', email: 'maria@example.test', phone: '', topic: 'question', body: 'Когда починят освещение?', consent: 'on', ...o });

forEachEngine('typed text on the site', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;

  before(async () => {
    site = await startTestSite(database().db, { clock: testClock('2026-11-24T09:00:00Z') });
  });
  after(async () => {
    await site?.close();
  });

  async function send(fields: Record<string, string>) {
    const client = new Client(site.url);
    await client.get('/feedback');
    return client.post('/feedback', fields);
  }

  it('a name and a message with zero-width and right-to-left characters are stored clean', async () => {
    const reply = await send(form({ name: 'Ма\u200bрия\u202e', body: 'Свет\u200b во дворе\u2066 не горит', email: 'clean@example.test' }));
    assert.equal(reply.status, 302);
    const row = await database().db('feedback').where({ email: 'clean@example.test' }).first('name', 'body');
    assert.deepEqual({ ...row }, { name: 'Мария', body: 'Свет во дворе не горит' });
  });

  it('a control character refuses the form, saying why, and nothing is stored', async () => {
    const reply = await send(form({ body: 'Текст\u0007 со звонком', email: 'bell@example.test' }));
    assert.equal(reply.status, 400);
    assert.match(textOf(reply.html), /Недопустимый управляющий символ U\+0007/);
    assert.equal((await database().db('feedback').where({ email: 'bell@example.test' })).length, 0);
  });
});
