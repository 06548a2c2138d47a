// Self-registration through the real site, on every engine: a match creates the login and
// queues the password e-mail, that password signs in; every mismatch gets one generic answer;
// failures are throttled per account and per address; the modes change the form; consent is
// stored with the agreement's version, time and address.
import assert from 'node:assert/strict';
import { after, before, beforeEach, it } from 'node:test';
import { passportHash } from '../../../shared/access/passport.ts';
import { CONSENT_REQUIRED_MESSAGE as CONSENT_REQUIRED } from '../../../shared/access/consent.ts';
import { ALREADY_REGISTERED, REGISTRATION_MISMATCH } from '../../../shared/access/register.ts';
import { AGREEMENT_VERSION } from '../../../shared/profile/agreement.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { formatDateTimeRu } from '../../../shared/time.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type World } from '../../support/factories.ts';
import { createAccountWithoutLogin, emailsTo, passwordIn } from '../../support/self-service.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';

const SECRET = 'test-secret-for-passport-hashes-0123456789';
const MISMATCH = textOf(REGISTRATION_MISMATCH);

forEachEngine('self-registration', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let world: World;

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    site = await startTestSite(db, { env: { APP_SECRET: SECRET, TIME_ZONE: 'Europe/Moscow' } });
  });
  after(() => site.close());
  // Every test starts beyond the throttling window of the ones before it: all come from 127.0.0.1.
  beforeEach(async () => {
    site.clock.advance(2 * 60 * 60_000);
    await setSetting(database().db, 'registration.mode', 'receipt_amount');
  });

  async function register(client: Client, fields: Record<string, string>) {
    await client.get('/register');
    return client.post('/register', fields);
  }

  const usersOf = (accountId: number) => database().db('user_accounts').where({ account_id: accountId });

  it('creates the login when the amount matches, e-mails the password at once, and that password signs in', async () => {
    const { db } = database();
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050001' });
    const client = new Client(site.url);
    const form = await client.get('/register');
    assert.equal(form.status, 200);
    assert.match(form.html, /name="amount"/);
    assert.doesNotMatch(form.html, /name="passport"/);

    const reply = await client.post('/register', { account_number: account.accountNumber, amount: '1 500,00', email: 'Resident.One@Example.ru', consent: '1' });
    assert.equal(reply.status, 302);
    assert.equal(reply.location, '/register/done');
    assert.match(textOf((await client.get('/register/done')).html), /Мы отправили логин и пароль/);

    const user = await db('users').where({ login: account.accountNumber }).first();
    assert.ok(user, 'login created');
    assert.equal(user.email, 'resident.one@example.ru');
    assert.equal(Boolean(user.must_change_password), true);
    assert.deepEqual((await usersOf(account.accountId)).map((r) => r.user_id), [user.id]);

    const mails = await emailsTo(db, 'resident.one@example.ru');
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.kind, 'registration.password');
    assert.equal(mails[0]?.status, 'pending');
    const text = mails[0]?.text_body ?? '';
    assert.match(text, new RegExp(`Логин: ${account.accountNumber}`));
    const password = passwordIn(text);
    assert.ok(mails[0]?.html_body?.includes(password), 'the HTML part carries the password too');

    const signIn = await new Client(site.url).login(account.accountNumber, password);
    assert.equal(signIn.status, 302);
    assert.equal(signIn.location, '/');

    const audit = await db('audit_log').where({ action: 'registration.self', actor_id: user.id });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].account_id, account.accountId);
    const attempts = await db('registration_attempts').where({ account_number: account.accountNumber });
    assert.deepEqual(attempts.map((a) => Boolean(a.succeeded)), [true]);
  });

  it('stores the consent with the agreement version, time, address and user', async () => {
    const { db } = database();
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050002' });
    const reply = await register(new Client(site.url), { account_number: account.accountNumber, amount: '1500.00', email: 'consent@example.ru', consent: '1' });
    assert.equal(reply.status, 302);
    const user = await db('users').where({ login: account.accountNumber }).first();
    const consents = await db('consents').where({ user_id: user.id });
    assert.equal(consents.length, 1);
    assert.equal(consents[0].purpose, 'registration');
    assert.equal(consents[0].agreement_version, AGREEMENT_VERSION);
    assert.equal(Number(consents[0].agreed_at), site.clock.now());
    assert.match(consents[0].ip, /127\.0\.0\.1/);
    assert.equal(consents[0].email, 'consent@example.ru');
  });

  it('refuses without consent and keeps what was typed', async () => {
    const { db } = database();
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050003' });
    const reply = await register(new Client(site.url), { account_number: account.accountNumber, amount: '1500', email: 'no-consent@example.ru' });
    assert.equal(reply.status, 400);
    assert.match(reply.html, new RegExp(`<a href="#f-consent">${CONSENT_REQUIRED}</a>`));
    assert.match(reply.html, /name="account_number" type="text" value="00050003"/);
    assert.match(reply.html, /value="no-consent@example.ru"/);
    assert.equal((await usersOf(account.accountId)).length, 0);
    assert.equal((await emailsTo(db, 'no-consent@example.ru')).length, 0);
    assert.equal((await db('consents').where({ email: 'no-consent@example.ru' })).length, 0);
  });

  it('lists every problem of an empty form in the order of its fields', async () => {
    const reply = await register(new Client(site.url), {});
    assert.equal(reply.status, 400);
    const links = [...reply.html.matchAll(/<li><a href="#f-([\w-]+)">/g)].map((m) => m[1]);
    assert.deepEqual(links, ['account_number', 'amount', 'email', 'consent']);
  });

  it('gives one generic answer for a wrong amount, an unknown account and a wrong passport, creating nothing', async () => {
    const { db } = database();
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050004', passportHash: passportHash(SECRET, '6604123456') });

    const wrongAmount = await register(new Client(site.url), { account_number: account.accountNumber, amount: '1 499,99', email: 'guess@example.ru', consent: '1' });
    const unknown = await register(new Client(site.url), { account_number: '00059999', amount: '1500', email: 'guess@example.ru', consent: '1' });
    await setSetting(db, 'registration.mode', 'passport');
    const wrongPassport = await register(new Client(site.url), { account_number: account.accountNumber, passport: '66 04 123457', email: 'guess@example.ru', consent: '1' });

    for (const reply of [wrongAmount, unknown, wrongPassport]) {
      assert.equal(reply.status, 400);
      const summary = /<div id="errors" class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(reply.html)?.[1] ?? '';
      assert.equal(textOf(summary), MISMATCH, 'the same words whichever field was wrong');
      assert.doesNotMatch(reply.html, /field-error/, 'no field is singled out');
    }
    assert.match(wrongAmount.html, /value="1 499,99"/, 'the typed amount is kept');
    assert.equal((await usersOf(account.accountId)).length, 0);
    assert.equal((await db('users').where({ login: '00059999' })).length, 0);
    assert.equal((await emailsTo(db, 'guess@example.ru')).length, 0);
    const attempts = await db('registration_attempts').whereIn('account_number', [account.accountNumber, '00059999']);
    assert.equal(attempts.length, 3);
    assert.ok(attempts.every((a) => !a.succeeded));
  });

  it('throttles failures on one account and names the time to come back', async () => {
    const { db } = database();
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050005' });
    const firstFailureAt = site.clock.now();
    for (let i = 0; i < 5; i++) {
      const reply = await register(new Client(site.url), { account_number: account.accountNumber, amount: `${100 + i}`, email: 'slow@example.ru', consent: '1' });
      assert.equal(reply.status, 400);
    }
    const retryAt = formatDateTimeRu(firstFailureAt + 60 * 60_000, 'Europe/Moscow');
    const right = { account_number: account.accountNumber, amount: '1500', email: 'slow@example.ru', consent: '1' };
    const refused = await register(new Client(site.url), right);
    assert.equal(refused.status, 429, 'even the right amount is refused now');
    assert.match(textOf(refused.html), new RegExp(`Попробуйте снова после ${retryAt}`));

    site.clock.advance(59 * 60_000);
    assert.equal((await register(new Client(site.url), right)).status, 429, 'still refused a minute before');
    site.clock.advance(2 * 60_000);
    assert.equal((await register(new Client(site.url), right)).status, 302, 'the right amount passes once the window has moved on');
    assert.equal((await usersOf(account.accountId)).length, 1);
    assert.equal((await emailsTo(db, 'slow@example.ru')).length, 1);
  });

  it('throttles failures from one address across accounts', async () => {
    const { db } = database();
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050006' });
    for (let i = 0; i < 10; i++) {
      const reply = await register(new Client(site.url), { account_number: `0006000${i}`, amount: '1500', email: 'spray@example.ru', consent: '1' });
      assert.equal(reply.status, 400, `try ${i + 1}`);
    }
    const right = { account_number: account.accountNumber, amount: '1500', email: 'spray@example.ru', consent: '1' };
    const refused = await register(new Client(site.url), right);
    assert.equal(refused.status, 429);
    assert.match(textOf(refused.html), /Слишком много неудачных попыток регистрации/);
    assert.equal((await usersOf(account.accountId)).length, 0);

    site.clock.advance(61 * 60_000);
    assert.equal((await register(new Client(site.url), right)).status, 302);
  });

  it('refuses an account that already has a login, pointing to «Забыли пароль?», but only once the data match', async () => {
    const { db } = database();
    const resident = await createResident(db, world, { accountNumber: '00050007' });
    const wrong = await register(new Client(site.url), { account_number: resident.accountNumber, amount: '1', email: 'again@example.ru', consent: '1' });
    assert.equal(wrong.status, 400);
    assert.ok(textOf(wrong.html).includes(MISMATCH));
    assert.doesNotMatch(textOf(wrong.html), /уже есть вход/, 'a stranger does not learn that the account is registered');

    const right = await register(new Client(site.url), { account_number: resident.accountNumber, amount: '1500', email: 'again@example.ru', consent: '1' });
    assert.equal(right.status, 409);
    assert.ok(textOf(right.html).includes(ALREADY_REGISTERED));
    assert.match(right.html, /href="\/forgot-password">Забыли пароль\?/);
    assert.deepEqual((await usersOf(resident.accountId)).map((r) => r.user_id), [resident.userId]);
    assert.equal((await emailsTo(db, 'again@example.ru')).length, 0);
  });

  it('lets only one of two simultaneous registrations of an account through', async () => {
    const { db } = database();
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050010' });
    const fields = (email: string) => ({ account_number: account.accountNumber, amount: '1500', email, consent: '1' });
    const [a, b] = [new Client(site.url), new Client(site.url)];
    await Promise.all([a.get('/register'), b.get('/register')]);
    const replies = await Promise.all([a.post('/register', fields('first@example.ru')), b.post('/register', fields('second@example.ru'))]);
    assert.deepEqual(replies.map((r) => r.status).sort(), [302, 409]);
    assert.equal((await usersOf(account.accountId)).length, 1);
    const mails = [...(await emailsTo(db, 'first@example.ru')), ...(await emailsTo(db, 'second@example.ru'))];
    assert.equal(mails.length, 1, 'one password e-mail, for the login that exists');
  });

  it('in passport mode asks for the owner\'s passport instead of the amount and matches its keyed hash', async () => {
    const { db } = database();
    await setSetting(db, 'registration.mode', 'passport');
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050008', passportHash: passportHash(SECRET, '6604123456') });
    const client = new Client(site.url);
    const form = await client.get('/register');
    assert.match(form.html, /name="passport"/);
    assert.doesNotMatch(form.html, /name="amount"/);

    const badShape = await client.post('/register', { account_number: account.accountNumber, passport: '66 04 12345', email: 'owner@example.ru', consent: '1' });
    assert.equal(badShape.status, 400);
    assert.match(badShape.html, /<a href="#f-passport">Серия и номер паспорта — 10 цифр/);
    assert.doesNotMatch(badShape.html, /value="66 04 12345"/, 'passport data is not echoed back');

    const amountInstead = await client.post('/register', { account_number: account.accountNumber, amount: '1500', email: 'owner@example.ru', consent: '1' });
    assert.equal(amountInstead.status, 400, 'the amount does not stand in for the passport');

    const reply = await client.post('/register', { account_number: account.accountNumber, passport: '66 04 123456', email: 'owner@example.ru', consent: '1' });
    assert.equal(reply.status, 302);
    assert.equal((await usersOf(account.accountId)).length, 1);
    assert.equal((await emailsTo(db, 'owner@example.ru')).length, 1);
    const audit = await db('audit_log').where({ action: 'registration.self', account_id: account.accountId }).first();
    assert.equal(JSON.parse(audit.details).mode, 'passport');
  });

  it('in application_only mode explains and links to the application, and the login page offers no registration', async () => {
    const { db } = database();
    const account = await createAccountWithoutLogin(db, world, { accountNumber: '00050009' });
    const open = await new Client(site.url).get('/login');
    assert.match(open.html, /href="\/register">Зарегистрироваться/);
    assert.match(open.html, /href="\/forgot-password">Забыли пароль\?/);

    await setSetting(db, 'registration.mode', 'application_only');
    const client = new Client(site.url);
    const page = await client.get('/register');
    assert.equal(page.status, 200);
    assert.match(textOf(page.html), /Самостоятельная регистрация не предусмотрена/);
    assert.match(page.html, /href="\/apply"/);
    assert.doesNotMatch(page.html, /action="\/register"/);

    const post = await client.post('/register', { account_number: account.accountNumber, amount: '1500', email: 'closed@example.ru', consent: '1' });
    assert.equal(post.status, 409);
    assert.equal((await usersOf(account.accountId)).length, 0);

    const login = await new Client(site.url).get('/login');
    assert.doesNotMatch(login.html, /href="\/register"/);
    assert.match(login.html, /href="\/forgot-password"/);
  });
});
