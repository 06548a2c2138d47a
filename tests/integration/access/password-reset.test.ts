// Forgot password through the real site, on every engine: one e-mail with a one-time link that
// expires after an hour; a newer link voids the older; an unknown user gets the same answer and
// no e-mail; the new password ends every session, lifts a lock but not a staff block.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, it } from 'node:test';
import { RESET_REQUESTED_MESSAGE } from '../../../shared/access/password-reset.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture, type World } from '../../support/factories.ts';
import { emailsTo, resetLinkIn } from '../../support/self-service.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';

const PUBLIC_URL = 'https://lk.example.ru';
const NEW_PASSWORD = 'Novyi-parol-2026';

forEachEngine('password reset', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let world: World;
  let accounts = 0;

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    site = await startTestSite(db, { env: { PUBLIC_URL: `${PUBLIC_URL}/` } });
  });
  after(() => site.close());
  // Every test starts beyond the hourly limits the ones before it used up (all from 127.0.0.1).
  beforeEach(() => site.clock.advance(2 * 60 * 60_000));

  async function resident(email: string | null = null): Promise<ResidentFixture> {
    accounts++;
    const accountNumber = `000700${String(accounts).padStart(2, '0')}`;
    return createResident(database().db, world, { accountNumber, ...(email ? { email } : {}) });
  }

  async function requestLink(identifier: string) {
    const client = new Client(site.url);
    await client.get('/forgot-password');
    return client.post('/forgot-password', { login: identifier });
  }

  async function lastLinkTo(email: string) {
    const mails = (await emailsTo(database().db, email)).filter((m) => m.kind === 'password.reset');
    const last = mails.at(-1);
    assert.ok(last, `a reset e-mail to ${email}`);
    return resetLinkIn(last.text_body);
  }

  async function setPassword(path: string, password = NEW_PASSWORD, repeat = password) {
    const client = new Client(site.url);
    const form = await client.get(path);
    return { form, reply: await client.post(path, { new_password: password, repeat_password: repeat }) };
  }

  it('sends one e-mail with a link under PUBLIC_URL; only the hash of its token is stored, for an hour', async () => {
    const { db } = database();
    const r = await resident('reset-one@example.ru');
    const reply = await requestLink(r.login);
    assert.equal(reply.status, 302);
    assert.equal(reply.location, '/forgot-password?done=sent');
    const page = await new Client(site.url).get('/forgot-password?done=sent');
    assert.ok(textOf(page.html).includes(RESET_REQUESTED_MESSAGE));

    const mails = await emailsTo(db, 'reset-one@example.ru');
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.kind, 'password.reset');
    const { link, token } = resetLinkIn(mails[0]?.text_body ?? '');
    assert.equal(link, `${PUBLIC_URL}/reset-password/${token}`);
    assert.ok(mails[0]?.html_body?.includes(`href="${link}"`));

    const rows = await db('password_reset_tokens').where({ user_id: r.userId });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id, createHash('sha256').update(token).digest('hex'));
    assert.notEqual(rows[0].id, token);
    assert.equal(Number(rows[0].expires_at), site.clock.now() + 60 * 60_000);
    assert.equal(rows[0].used_at, null);
  });

  it('sets the new password once: it signs in, the old one does not, the link is then dead, a notice is e-mailed', async () => {
    const { db } = database();
    const r = await resident('reset-two@example.ru');
    await requestLink(r.login);
    const { path } = await lastLinkTo('reset-two@example.ru');

    const { form, reply } = await setPassword(path);
    assert.equal(form.status, 200);
    assert.match(textOf(form.html), new RegExp(`Задайте новый пароль для логина ${r.login}`));
    assert.equal(reply.status, 302);
    assert.equal(reply.location, '/login?done=password-reset');
    assert.match(textOf((await new Client(site.url).get('/login?done=password-reset')).html), /Пароль изменён\. Войдите с новым паролем\./);

    assert.equal((await new Client(site.url).login(r.login, NEW_PASSWORD)).status, 302);
    assert.equal((await new Client(site.url).login(r.login, r.password)).status, 401);

    const again = await setPassword(path, 'Drugoi-parol-2026');
    assert.equal(again.form.status, 410);
    assert.match(textOf(again.form.html), /Ссылка для смены пароля недействительна/);
    assert.match(again.form.html, /href="\/forgot-password">Получить новую ссылку/);
    assert.equal(again.reply.status, 410);
    assert.equal((await new Client(site.url).login(r.login, NEW_PASSWORD)).status, 302, 'the second submit changed nothing');

    const notices = (await emailsTo(db, 'reset-two@example.ru')).filter((m) => m.kind === 'password.changed');
    assert.equal(notices.length, 1);
    const user = await db('users').where({ id: r.userId }).first();
    assert.equal(Number(user.password_changed_at), site.clock.now());
    assert.equal(Boolean(user.must_change_password), false);
  });

  it('ends every session of the user, lifts a sign-in lock, and leaves audit rows', async () => {
    const { db } = database();
    const r = await resident('reset-three@example.ru');
    const signedIn = new Client(site.url);
    await signedIn.login(r.login, r.password);
    assert.equal((await signedIn.get('/')).status, 200);
    await db('users').where({ id: r.userId }).update({ failed_logins: 3, locked_until: site.clock.now() + 10 * 60_000 });

    await requestLink(r.login);
    const { path } = await lastLinkTo('reset-three@example.ru');
    assert.equal((await setPassword(path)).reply.status, 302);

    assert.equal((await signedIn.get('/')).status, 302, 'the open session has ended');
    assert.equal((await db('sessions').where({ user_id: r.userId })).length, 0);
    const user = await db('users').where({ id: r.userId }).first();
    assert.equal(user.failed_logins, 0);
    assert.equal(user.locked_until, null);
    assert.equal((await new Client(site.url).login(r.login, NEW_PASSWORD)).status, 302, 'no longer locked');

    const requested = await db('audit_log').where({ action: 'password_reset.requested', subject_id: String(r.userId) });
    assert.equal(requested.length, 1);
    assert.match(requested[0].ip, /127\.0\.0\.1/);
    const completed = await db('audit_log').where({ action: 'password_reset.completed', actor_id: r.userId });
    assert.equal(completed.length, 1);
    assert.equal(completed[0].actor_type, 'resident');
  });

  it('does not lift a block set by staff', async () => {
    const { db } = database();
    const r = await resident('reset-blocked@example.ru');
    await db('users').where({ id: r.userId }).update({ blocked_at: site.clock.now(), blocked_reason: 'проверка' });
    await requestLink(r.login);
    const { path } = await lastLinkTo('reset-blocked@example.ru');
    assert.equal((await setPassword(path)).reply.status, 302);
    const login = await new Client(site.url).login(r.login, NEW_PASSWORD);
    assert.equal(login.status, 401);
    assert.match(textOf(login.html), /Доступ к личному кабинету заблокирован/);
    assert.ok((await db('users').where({ id: r.userId }).first()).blocked_at);
  });

  it('refuses an expired link, and a link voided by a newer one', async () => {
    const r = await resident('reset-expiry@example.ru');
    await requestLink(r.login);
    const first = await lastLinkTo('reset-expiry@example.ru');
    site.clock.advance(59 * 60_000);
    assert.equal((await new Client(site.url).get(first.path)).status, 200, 'still valid a minute before the hour');
    site.clock.advance(2 * 60_000);
    const expired = await setPassword(first.path);
    assert.equal(expired.form.status, 410);
    assert.equal(expired.reply.status, 410);

    await requestLink(r.login);
    const second = await lastLinkTo('reset-expiry@example.ru');
    await requestLink(`  ${r.login} `);
    const third = await lastLinkTo('reset-expiry@example.ru');
    assert.notEqual(second.token, third.token);
    assert.equal((await new Client(site.url).get(second.path)).status, 410, 'the older link no longer works');
    assert.equal((await setPassword(third.path)).reply.status, 302, 'the newest one does');
    assert.equal((await new Client(site.url).login(r.login, NEW_PASSWORD)).status, 302);
  });

  it('answers an unknown user, and a user without an e-mail, exactly as a known one, sending nothing', async () => {
    const { db } = database();
    const known = await resident('reset-known@example.ru');
    const silent = await resident();
    const outboxSize = async () => Number((await db('email_outbox').count({ n: '*' }).first())?.n);
    const before = await outboxSize();

    const replies = [await requestLink(known.login), await requestLink('99999999'), await requestLink('nobody@example.ru'), await requestLink(silent.login)];
    for (const reply of replies) {
      assert.equal(reply.status, 302);
      assert.equal(reply.location, '/forgot-password?done=sent');
    }
    assert.equal(await outboxSize(), before + 1, 'only the known user with an e-mail gets one');
    assert.equal((await db('password_reset_tokens').where({ user_id: silent.userId })).length, 0);
  });

  it('finds the user by e-mail address, in any case', async () => {
    const r = await resident('reset-by-mail@example.ru');
    assert.equal((await requestLink('Reset-By-Mail@Example.RU')).status, 302);
    const { path } = await lastLinkTo('reset-by-mail@example.ru');
    assert.equal((await setPassword(path)).reply.status, 302);
    assert.equal((await new Client(site.url).login(r.login, NEW_PASSWORD)).status, 302);
  });

  it('checks the new password and keeps the link alive when it is refused', async () => {
    const r = await resident('reset-weak@example.ru');
    await requestLink(r.login);
    const { path } = await lastLinkTo('reset-weak@example.ru');
    const weak = await setPassword(path, 'short1');
    assert.equal(weak.reply.status, 400);
    assert.match(weak.reply.html, /<a href="#f-new_password">Новый пароль должен быть не короче 8 символов<\/a>/);
    const differ = await setPassword(path, NEW_PASSWORD, `${NEW_PASSWORD}x`);
    assert.equal(differ.reply.status, 400);
    assert.match(differ.reply.html, /<a href="#f-repeat_password">Пароли не совпадают<\/a>/);
    const withLogin = await setPassword(path, `a1${r.login}`);
    assert.equal(withLogin.reply.status, 400);
    assert.equal((await setPassword(path)).reply.status, 302, 'the link still works after refusals');
  });

  it('refuses an empty request with a field error, and a malformed token with the dead-link page', async () => {
    const empty = await requestLink('   ');
    assert.equal(empty.status, 400);
    assert.match(empty.html, /<a href="#f-login">Укажите логин, номер лицевого счёта или адрес электронной почты<\/a>/);
    assert.equal((await new Client(site.url).get('/reset-password/not-a-token')).status, 410);
    assert.equal((await new Client(site.url).get(`/reset-password/${'A'.repeat(43)}`)).status, 410);
  });

  it('throttles requests from one address and per user', async () => {
    const { db } = database();
    const r = await resident('reset-flood@example.ru');
    for (let i = 0; i < 10; i++) assert.equal((await requestLink(i < 5 ? r.login : `unknown-${i}`)).status, 302, `request ${i + 1}`);
    const links = (await emailsTo(db, 'reset-flood@example.ru')).filter((m) => m.kind === 'password.reset');
    assert.equal(links.length, 3, 'at most three links an hour to one user');
    const refused = await requestLink(r.login);
    assert.equal(refused.status, 429);
    assert.match(textOf(refused.html), /Слишком много запросов на смену пароля/);
    site.clock.advance(61 * 60_000);
    assert.equal((await requestLink(r.login)).status, 302);
    assert.equal((await emailsTo(db, 'reset-flood@example.ru')).filter((m) => m.kind === 'password.reset').length, 4);
  });
});
