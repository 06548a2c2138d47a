// Applications for access, end to end on every engine: the resident's form over real HTTP
// (consent, passport only when asked, throttle), then the clerk's queue through the console
// commands (matches, approve with a login that really signs in, reject, deadlines, audit).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Knex } from 'knex';
import { hashPassport } from '../../../shared/access/passport.ts';
import { submitApplication } from '../../../shared/access/submit-application.ts';
import { applicationsCommands } from '../../../shared/console/commands/applications.ts';
import type { StaffContext } from '../../../shared/console/command.ts';
import { DomainError } from '../../../shared/errors.ts';
import { AGREEMENT_VERSION } from '../../../shared/profile/agreement.ts';
import { authenticate } from '../../../shared/residents/login.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { parseInput } from '../../../shared/validation.ts';
import { createStaff, staffContext, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, idOf, type World } from '../../support/factories.ts';
import { Client, startTestSite, testClock, textOf, type TestClock, type TestSite } from '../../support/site.ts';

const HOUR = 3_600_000;
const { listApplications, getApplication, approveApplication, rejectApplication } = applicationsCommands;

const FORM = {
  fullName: 'Семёнов Иван Петрович',
  address: 'г. Десногорск, 1-й микрорайон, д. 1, кв. 9',
  accountNumber: '00011009',
  email: 'Semenov@Example.ru',
  phone: '8 (910) 123-45-67',
};

async function refused(fn: () => Promise<unknown>, id: DomainError['id']): Promise<DomainError> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    assert.equal(err.id, id, err.message);
    return err;
  }
  assert.fail(`expected the call to be refused with "${id}"`);
}

/** An account from billing data with no login yet. */
async function billingAccount(db: Knex, o: { number: string; owner: string; buildingId: number; flat: string; address: string }): Promise<number> {
  const now = Date.now();
  const [row] = await db('accounts')
    .insert({ number: o.number, building_id: o.buildingId, flat: o.flat, address: o.address, owner_name: o.owner, total_area_cm2: 4_000, created_at: now, updated_at: now })
    .returning('id');
  return idOf(row);
}

const outbox = (db: Knex, kind: string) =>
  db('email_outbox').where({ kind }).orderBy('id').select('to_address', 'subject', 'text_body', 'html_body') as Promise<{ to_address: string; subject: string; text_body: string; html_body: string | null }[]>;

forEachEngine('access application form', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;

  before(async () => {
    const { db } = database();
    await createWorld(db);
    site = await startTestSite(db);
  });
  after(() => site.close());

  /** Each test sends from a fresh hour, so the per-address limit only bites where it is tested. */
  async function freshClient(): Promise<Client> {
    site.clock.advance(2 * HOUR);
    const client = new Client(site.url);
    await client.get('/apply');
    return client;
  }

  it('shows the form with the consent box, the agreement link and a button that waits for consent', async () => {
    const reply = await new Client(site.url).get('/apply');
    assert.equal(reply.status, 200);
    const text = textOf(reply.html);
    assert.match(text, /Заявка на получение доступа/);
    for (const label of ['Фамилия, имя и отчество', 'Адрес помещения', 'Номер лицевого счёта', 'Электронная почта', 'Номер телефона']) assert.ok(text.includes(label), label);
    assert.ok(!text.includes('паспорта'), 'no passport field outside passport mode');
    assert.match(reply.html, /<input type="checkbox" id="f-consent" name="consent"/);
    assert.match(reply.html, /href="\/agreement"/);
    assert.match(reply.html, /<button type="submit" class="button" data-requires-check="f-consent">Отправить<\/button>/);
  });

  it('is linked from the login page and from help', async () => {
    const client = new Client(site.url);
    assert.match((await client.get('/login')).html, /href="\/apply"/);
    assert.match((await client.get('/help')).html, /href="\/apply"/);
  });

  it('refuses without consent, keeps what was typed and stores nothing', async () => {
    const { db } = database();
    const client = await freshClient();
    const reply = await client.post('/apply', FORM);
    assert.equal(reply.status, 400);
    const text = textOf(reply.html);
    assert.match(text, /Заявка не отправлена/);
    assert.match(text, /Необходимо согласие на обработку персональных данных/);
    assert.match(reply.html, /href="#f-consent"/);
    assert.match(reply.html, /value="Семёнов Иван Петрович"/);
    assert.match(reply.html, /value="8 \(910\) 123-45-67"/);
    assert.equal((await db('access_applications')).length, 0);
    assert.equal((await db('consents')).length, 0);
  });

  it('lists every wrong field, linked to it', async () => {
    const client = await freshClient();
    const reply = await client.post('/apply', { fullName: 'Семёнов', address: '', accountNumber: '12', email: 'почта', phone: '123', consent: 'on' });
    assert.equal(reply.status, 400);
    for (const id of ['fullName', 'address', 'accountNumber', 'email', 'phone']) assert.match(reply.html, new RegExp(`href="#f-${id}"`), id);
    assert.match(reply.html, /id="f-consent" name="consent" value="on" checked/);
  });

  it('accepts an application: consent with version, time and address; deadline by the calendar; confirmation e-mail; audit', async () => {
    const { db } = database();
    site.clock.set('2026-11-24T09:00:00Z'); // Tuesday
    const client = new Client(site.url);
    await client.get('/apply');
    const reply = await client.post('/apply', { ...FORM, consent: 'on' });
    assert.equal(reply.status, 302);
    assert.equal(reply.location, '/apply/sent?until=2026-11-27');
    const sent = textOf((await client.get(reply.location)).html);
    assert.match(sent, /Заявка успешно отправлена/);
    assert.match(sent, /до 27\.11\.2026 включительно/);

    const [app] = await db('access_applications');
    assert.equal(app.full_name, 'Семёнов Иван Петрович');
    assert.equal(app.email, 'semenov@example.ru');
    assert.equal(app.phone, '+79101234567');
    assert.equal(app.deadline_on, '2026-11-27');
    assert.equal(app.status, 'new');
    assert.equal(app.passport_hash, null);
    const consent = await db('consents').where({ id: app.consent_id }).first();
    assert.equal(consent.purpose, 'application');
    assert.equal(consent.agreement_version, AGREEMENT_VERSION);
    assert.equal(Number(consent.agreed_at), Date.parse('2026-11-24T09:00:00Z'));
    assert.match(consent.ip, /127\.0\.0\.1/);
    assert.equal(consent.email, 'semenov@example.ru');

    const mails = await outbox(db, 'application.received');
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.to_address, 'semenov@example.ru');
    assert.match(mails[0]?.text_body ?? '', /рассмотрена до 27\.11\.2026/);
    assert.match(mails[0]?.html_body ?? '', /<html lang="ru">/);
    const audit = await db('audit_log').where({ action: 'application.submit', subject_id: String(app.id) }).first();
    assert.equal(audit.actor_type, 'system');
  });

  it('asks for the passport only in passport mode and keeps only its hash and mask', async () => {
    const { db } = database();
    await setSetting(db, 'registration.mode', 'passport');
    try {
      const client = await freshClient();
      assert.match(textOf((await client.get('/apply')).html), /Серия и номер паспорта/);
      const missing = await client.post('/apply', { ...FORM, consent: 'on' });
      assert.equal(missing.status, 400);
      assert.match(textOf(missing.html), /Укажите серию и номер паспорта/);

      const ok = await client.post('/apply', { ...FORM, accountNumber: '00011010', passport: '66 04 123456', consent: 'on' });
      assert.equal(ok.status, 302);
      const row = await db('access_applications').where({ account_number: '00011010' }).first();
      assert.equal(row.passport_hash, hashPassport('6604123456', site.config));
      assert.equal(row.passport_masked, '66 ** ****56');
      for (const digits of ['6604123456', '04 123456', '66 04']) assert.ok(!JSON.stringify(row).includes(digits), 'the passport itself is not stored');
    } finally {
      await setSetting(db, 'registration.mode', 'receipt_amount');
    }
    // Outside passport mode a passport sent anyway is dropped unread.
    const client = await freshClient();
    assert.equal((await client.post('/apply', { ...FORM, accountNumber: '00011011', passport: '66 04 123456', consent: 'on' })).status, 302);
    const row = await db('access_applications').where({ account_number: '00011011' }).first();
    assert.equal(row.passport_hash, null);
    assert.equal(row.passport_masked, null);
  });

  it('accepts a few applications per address an hour, then refuses with a message', async () => {
    const { db } = database();
    const client = await freshClient();
    for (let i = 0; i < 3; i++) {
      assert.equal((await client.post('/apply', { ...FORM, accountNumber: `0002000${i}`, consent: 'on' })).status, 302);
    }
    const refusedReply = await client.post('/apply', { ...FORM, accountNumber: '00020009', consent: 'on' });
    assert.equal(refusedReply.status, 429);
    assert.match(textOf(refusedReply.html), /уже отправлено несколько заявок за последний час/);
    assert.match(refusedReply.html, /value="Семёнов Иван Петрович"/);
    assert.equal(await db('access_applications').where({ account_number: '00020009' }).first(), undefined);
    site.clock.advance(HOUR + 1);
    assert.equal((await client.post('/apply', { ...FORM, accountNumber: '00020009', consent: 'on' })).status, 302);
  });
});

forEachEngine('applications queue', (ctx) => {
  const database = ctx.databaseForSuite();
  let world: World;
  let staff: StaffFixture;
  let clock: TestClock;
  let console_: StaffContext;
  const ids = { numberAccount: 0, addressAccount: 0, namesake: 0, linked: 0 };

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    staff = await createStaff(db, 'operator');
    clock = testClock('2026-11-24T09:00:00Z');
    console_ = staffContext(db, staff, clock.now);
    const [other] = await db('buildings').insert({ city: 'Десногорск', street: 'ул. Строителей', house: '6', block: '', created_at: Date.now() }).returning('id');
    ids.numberAccount = await billingAccount(db, { number: '00011008', owner: 'Петров Пётр Петрович', buildingId: world.buildingId, flat: '8', address: 'г. Десногорск, 1-й микрорайон, д. 1, кв. 8' });
    ids.addressAccount = await billingAccount(db, { number: '00011009', owner: 'СЕМЕНОВ ИВАН ПЕТРОВИЧ', buildingId: world.buildingId, flat: '9', address: 'г. Десногорск, 1-й микрорайон, д. 1, кв. 9' });
    ids.namesake = await billingAccount(db, { number: '00016001', owner: 'Семёнов Олег Ильич', buildingId: idOf(other), flat: '1', address: 'г. Десногорск, ул. Строителей, д. 6, кв. 1' });
    await billingAccount(db, { number: '00016002', owner: 'Семёнова Анна Олеговна', buildingId: idOf(other), flat: '2', address: 'г. Десногорск, ул. Строителей, д. 6, кв. 2' });
    ids.linked = (await createResident(db, world, { accountNumber: '00011077' })).accountId;
  });

  async function submit(fields: Record<string, unknown>, at: string): Promise<number> {
    const { db } = database();
    clock.set(at);
    const sent = await submitApplication(
      { db, config: console_.config },
      { fields: { ...FORM, consent: 'on', ...fields }, ip: `10.0.0.${Math.floor(Math.random() * 250) + 1}`, userAgent: 'test', now: clock.now() },
    );
    return sent.id;
  }

  it('ranks a matching account number above surname and address, and both above surname alone', async () => {
    const id = await submit({ accountNumber: '00011008', fullName: 'семенов иван петрович' }, '2026-11-24T09:00:00Z');
    const detail = await getApplication.run(console_, { id });
    assert.deepEqual(
      detail.matches.map((m) => [m.number, m.matched]),
      [['00011008', ['number']], ['00011009', ['surname', 'address']], ['00016001', ['surname']]],
    );
    assert.deepEqual(detail.matches[0]?.existingLogins, []);
    assert.equal(detail.consent.agreementVersion, AGREEMENT_VERSION);
    assert.equal(detail.phone, '+79101234567');
    const { db } = database();
    const read = await db('audit_log').where({ action: 'application.view', subject_id: String(id) }).first();
    assert.equal(read.actor_type, 'staff');
    assert.equal(Number(read.actor_id), staff.id);
  });

  it('shows the logins already linked to a matching account, and refuses to issue a second one', async () => {
    const id = await submit({ accountNumber: '00011077', fullName: 'Иванов Иван' }, '2026-11-24T10:00:00Z');
    const detail = await getApplication.run(console_, { id });
    assert.deepEqual(detail.matches[0]?.existingLogins, ['00011077']);
    const err = await refused(() => approveApplication.run(console_, { id, accountId: ids.linked }), 'conflict');
    assert.match(err.message, /уже привязан логин 00011077/);
    assert.match(err.message, /«Абоненты»/);
    assert.equal((await getApplication.run(console_, { id })).status, 'new');
  });

  it('approves: a login (the account number) with a generated password that signs in, e-mailed once; audited', async () => {
    const { db } = database();
    const id = await submit({}, '2026-11-24T11:00:00Z');
    const before = (await outbox(db, 'application.approved')).length;
    clock.set('2026-11-25T08:00:00Z');
    const detail = await approveApplication.run(console_, { id, accountId: ids.addressAccount });
    assert.equal(detail.status, 'approved');
    assert.equal(detail.login, '00011009');
    assert.equal(detail.decidedBy, staff.fullName);
    assert.equal(detail.decidedAt, Date.parse('2026-11-25T08:00:00Z'));

    const user = await db('users').where({ login: '00011009' }).first();
    assert.equal(Boolean(user.must_change_password), true);
    assert.equal(user.email, 'semenov@example.ru');
    assert.equal(user.full_name, 'Семёнов Иван Петрович');
    assert.ok(await db('user_accounts').where({ user_id: user.id, account_id: ids.addressAccount }).first());

    const mails = (await outbox(db, 'application.approved')).slice(before);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.to_address, 'semenov@example.ru');
    const password = /Пароль: (\S+)/.exec(mails[0]?.text_body ?? '')?.[1];
    assert.ok(password && password.length >= 12, 'the e-mail carries the password');
    assert.ok(mails[0]?.html_body?.includes(password));
    const signIn = await authenticate(db, { login: '00011009', password, ip: '10.1.1.1' }, { maxFailures: 5, lockMs: 60_000, timeZone: 'Europe/Moscow' });
    assert.deepEqual(signIn, { ok: true, userId: Number(user.id), accountId: ids.addressAccount });

    const audit = await db('audit_log').where({ action: 'application.approve', subject_id: String(id) }).first();
    assert.equal(audit.actor_type, 'staff');
    assert.equal(Number(audit.actor_id), staff.id);
    assert.equal(Number(audit.account_id), ids.addressAccount);
    const consent = await db('consents').join('access_applications as a', 'a.consent_id', 'consents.id').where('a.id', id).first('consents.user_id');
    assert.equal(Number(consent.user_id), Number(user.id));

    // A second decision on the same application is refused, whichever it is.
    assert.match((await refused(() => approveApplication.run(console_, { id, accountId: ids.namesake }), 'conflict')).message, /уже рассмотрена: одобрена/);
    assert.match((await refused(() => rejectApplication.run(console_, { id, reason: 'Повторная заявка' }), 'conflict')).message, /уже рассмотрена/);
    assert.equal((await outbox(db, 'application.approved')).length, before + 1);
  });

  it('flags repeated applications for one account in the queue and lists them together on the card', async () => {
    const first = await submit({ accountNumber: '00016002', fullName: 'Семёнова Анна Олеговна', email: 'anna1@example.ru' }, '2026-11-24T09:10:00Z');
    const second = await submit({ accountNumber: '00016002', fullName: 'Семёнова Анна Олеговна', email: 'anna2@example.ru' }, '2026-11-24T09:20:00Z');
    const page = await listApplications.run(console_, parseInput(listApplications.input, { search: '00016002' }));
    assert.deepEqual(page.items.map((i) => [i.id, i.sameAccountOpen]).sort(), [[first, 1], [second, 1]].sort());
    const card = await getApplication.run(console_, { id: second });
    assert.deepEqual(card.sameAccount.map((a) => [a.id, a.email, a.status]), [[first, 'anna1@example.ru', 'new']]);
    assert.equal(card.sameAccountOpen, 1);
  });

  it('approving an account that does not match asks for a confirmation naming what differs; confirmed, it is audited', async () => {
    const { db } = database();
    // Семёнов Иван applies for his flat 9 but the clerk picks the namesake's account in another building.
    const id = await submit({ email: 'namesake@example.ru' }, '2026-11-24T11:30:00Z');
    const err = await refused(() => approveApplication.run(console_, { id, accountId: ids.namesake }), 'conflict');
    assert.equal(err.message, 'Заявка не совпадает со счётом 00016001: номер лицевого счёта (в заявке — 00011009); адрес. Одобрить всё равно?');
    assert.deepEqual(err.fieldErrors.map((f) => f.field), ['confirmMismatch']);
    assert.equal((await getApplication.run(console_, { id })).status, 'new', 'nothing decided');
    assert.equal(await db('users').where({ login: '00016001' }).first('id'), undefined, 'no login issued');

    const detail = await approveApplication.run(console_, { id, accountId: ids.namesake, confirmMismatch: true });
    assert.equal(detail.status, 'approved');
    const audit = await db('audit_log').where({ action: 'application.approve', subject_id: String(id) }).first('details');
    assert.deepEqual(JSON.parse(audit.details).confirmedMismatch, ['number', 'address']);
  });

  it('rejects with a reason of at least five characters, e-mailed to the applicant; audited', async () => {
    const { db } = database();
    const id = await submit({ accountNumber: '00099999', email: 'reject@example.ru' }, '2026-11-24T12:00:00Z');
    const short = await refused(async () => parseInput(rejectApplication.input, { id, reason: ' нет ' }), 'validation');
    assert.equal(short.fieldErrors[0]?.message, 'Укажите причину отказа — не короче 5 символов');

    const detail = await rejectApplication.run(console_, { id, reason: 'Лицевой счёт 00099999 не найден в данных расчётного центра' });
    assert.equal(detail.status, 'rejected');
    assert.equal(detail.rejectReason, 'Лицевой счёт 00099999 не найден в данных расчётного центра');
    const mails = await outbox(db, 'application.rejected');
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.to_address, 'reject@example.ru');
    assert.match(mails[0]?.text_body ?? '', /Причина: Лицевой счёт 00099999 не найден/);
    const audit = await db('audit_log').where({ action: 'application.reject', subject_id: String(id) }).first();
    assert.equal(Number(audit.actor_id), staff.id);
    await refused(() => rejectApplication.run(console_, { id, reason: 'Ещё раз отказать' }), 'conflict');
    await refused(() => getApplication.run(console_, { id: 999_999 }), 'not_found');
  });

  describe('the queue', () => {
    let early: number;
    let late: number;

    before(async () => {
      const { db } = database();
      await db('access_applications').where({ status: 'new' }).update({ status: 'rejected', reject_reason: 'очистка для теста' });
      late = await submit({ email: 'late@example.ru' }, '2026-12-28T10:00:00Z'); // Monday → 11 January 2027 across the holidays
      early = await submit({ email: 'early@example.ru' }, '2026-11-24T09:00:00Z'); // Tuesday → Friday 27 November
    });

    it('lists new applications by deadline; the deadline counts working days across the New Year holidays', async () => {
      clock.set('2026-11-25T09:00:00Z');
      const page = await listApplications.run(console_, parseInput(listApplications.input, {}));
      assert.deepEqual(page.items.map((i) => [i.id, i.deadlineOn, i.overdue]), [[early, '2026-11-27', false], [late, '2027-01-11', false]]);
      assert.equal(page.total, 2);
    });

    it('flags overdue from the day after the deadline in the company time zone', async () => {
      clock.set('2026-11-27T20:59:00Z'); // 23:59 in Moscow on the 27th: still in time
      let page = await listApplications.run(console_, parseInput(listApplications.input, {}));
      assert.equal(page.items.find((i) => i.id === early)?.overdue, false);
      clock.set('2026-11-27T21:00:00Z'); // 00:00 in Moscow on the 28th
      page = await listApplications.run(console_, parseInput(listApplications.input, {}));
      assert.equal(page.items.find((i) => i.id === early)?.overdue, true);
      assert.equal(page.items.find((i) => i.id === late)?.overdue, false);
      const overdue = await listApplications.run(console_, parseInput(listApplications.input, { overdueOnly: true }));
      assert.deepEqual(overdue.items.map((i) => i.id), [early]);
    });

    it('filters by status and finds by name, e-mail or account number', async () => {
      const all = await listApplications.run(console_, parseInput(listApplications.input, { status: 'all' }));
      assert.ok(all.total >= 6);
      const approved = await listApplications.run(console_, parseInput(listApplications.input, { status: 'approved' }));
      assert.ok(approved.items.every((i) => i.status === 'approved' && !i.overdue));
      assert.equal(approved.total, 2, 'the two approved above (one after confirming a mismatch)');
      const byName = await listApplications.run(console_, parseInput(listApplications.input, { search: 'семёнов' }));
      assert.equal(byName.total, 2);
      const byEmail = await listApplications.run(console_, parseInput(listApplications.input, { search: 'LATE@' }));
      assert.deepEqual(byEmail.items.map((i) => i.id), [late]);
      const byNumber = await listApplications.run(console_, parseInput(listApplications.input, { status: 'all', search: '00099999' }));
      assert.equal(byNumber.total, 1);
      const wildcard = await listApplications.run(console_, parseInput(listApplications.input, { status: 'all', search: '%' }));
      assert.equal(wildcard.total, 0);
    });
  });
});
