// Residents' requests end to end on every engine: a resident files an emergency request with
// photos through the real site (multipart), a clerk works it in the console commands (assign,
// note, reply), the resident sees the reply — never the note — and gets the e-mail over a real
// SMTP server, unless the profile says no. Photos are checked by size and by their bytes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deliverDueEmails } from '../../../shared/mail/worker.ts';
import { defaultPreferences } from '../../../shared/notifications/kinds.ts';
import { updateNotificationPreferences } from '../../../shared/profile/preferences.ts';
import { MAX_PHOTO_BYTES } from '../../../shared/requests/photos.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import { refusal, type ConsoleCaller } from '../admin/console-caller.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, testClock, textOf, type TestSite } from '../../support/site.ts';
import { startTestSmtp, type TestSmtp } from '../../support/smtp.ts';
import { consoleWithUploads, filesIn, jpeg, png, postMultipart } from './support.ts';

const silentLogger = { info() {}, warn() {}, error() {} };

forEachEngine('residents’ requests', (ctx) => {
  const database = ctx.databaseForSuite();
  const clock = testClock('2026-11-24T09:00:00Z');
  let uploadDir: string;
  let site: TestSite;
  let smtp: TestSmtp;
  let anna: ResidentFixture;
  let boris: ResidentFixture;
  let clerk: StaffFixture;
  let console: ConsoleCaller;
  const annaClient = () => new Client(site.url);
  let anna1: Client;
  let emergencyId: number;
  let companyId: number;

  before(async () => {
    const { db } = database();
    uploadDir = await mkdtemp(join(tmpdir(), 'kkp-uploads-'));
    const world = await createWorld(db);
    anna = await createResident(db, world, { accountNumber: '00070001', email: 'anna@example.test' });
    boris = await createResident(db, world, { accountNumber: '00070002', email: 'boris@example.test' });
    clerk = await createStaff(db, 'operator');
    site = await startTestSite(db, { clock, env: { UPLOAD_DIR: uploadDir } });
    smtp = await startTestSmtp();
    await setSetting(db, 'mail.smtp', smtp.settings());
    console = await consoleWithUploads(db, clerk, clock.now, uploadDir);
    anna1 = annaClient();
    await anna1.login(anna.login, anna.password);
  });

  after(async () => {
    await site?.close();
    await smtp?.close();
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });

  async function file(client: Client, channel: 'emergency' | 'company', fields: Record<string, string>, files: Parameters<typeof postMultipart>[3] = []) {
    await client.get(`/requests/new?channel=${channel}`);
    return postMultipart(client, '/requests', { channel, ...fields }, files);
  }

  it('asks first where the request goes, showing the dispatch phone and 112', async () => {
    const page = textOf((await anna1.get('/requests/new')).html);
    assert.match(page, /Если угрожает жизни — звоните 112/);
    assert.match(page, /\+7 \(48153\) 0-00-01/);
    const form = await anna1.get('/requests/new?channel=emergency');
    assert.match(form.html, /enctype="multipart\/form-data"/);
    assert.match(textOf(form.html), /Нет воды.*Протечка, затопление/);
  });

  it('a resident files requests with photos; the emergency one is numbered А-…, listed, its photos served to the owner', async () => {
    const { db } = database();
    const question = await file(anna1, 'company', { category: 'billing', description: 'Прошу пересчитать отопление за октябрь', contactPhone: '8 915 123-45-67' });
    assert.equal(question.status, 302, textOf(question.html));
    companyId = Number(/\/requests\/(\d+)/.exec(question.location ?? '')?.[1]);

    clock.advance(60_000);
    const photo1 = jpeg(4096);
    const reply = await file(anna1, 'emergency', { category: 'leak', description: 'Течёт стояк горячей воды в ванной, топим соседей', contactPhone: '+7 915 123-45-67' }, [
      { name: 'стояк.jpg', type: 'image/jpeg', data: photo1 },
      { name: 'пол.png', type: 'image/png', data: png() },
    ]);
    assert.equal(reply.status, 302, textOf(reply.html));
    emergencyId = Number(/\/requests\/(\d+)\?done=created/.exec(reply.location ?? '')?.[1]);
    const page = textOf((await anna1.get(reply.location ?? '')).html);
    assert.match(page, new RegExp(`Обращение А-${String(emergencyId).padStart(6, '0')} отправлено`));
    assert.match(page, /Течёт стояк горячей воды/);
    assert.match(page, /стояк\.jpg/);

    const row = await db('requests').where({ id: emergencyId }).first();
    assert.equal(row.channel, 'emergency');
    assert.equal(row.contact_phone, '+79151234567');
    assert.equal(row.address, 'г. Десногорск, 1-й микрорайон, д. 1, кв. 1');
    assert.equal((await db('requests').where({ id: companyId }).first()).number, `О-${String(companyId).padStart(6, '0')}`);

    const photos = await db('request_photos').where({ request_id: emergencyId }).orderBy('id');
    assert.deepEqual(photos.map((p) => [p.original_name, p.mime, Number(p.size)]), [['стояк.jpg', 'image/jpeg', 4096], ['пол.png', 'image/png', 1024]]);
    assert.equal(photos[0].sha256, createHash('sha256').update(photo1).digest('hex'));
    assert.equal(filesIn(uploadDir).length, 2);

    const served = await fetch(`${site.url}/requests/${emergencyId}/photos/${photos[0].id}`, { headers: { cookie: [...anna1.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.ok(Buffer.from(await served.arrayBuffer()).equals(photo1));

    const list = textOf((await anna1.get('/requests')).html);
    assert.match(list, new RegExp(`А-${String(emergencyId).padStart(6, '0')}.*Протечка, затопление.*Новое`));
    const audit = await db('audit_log').where({ action: 'request.create', actor_id: anna.userId });
    assert.equal(audit.length, 2);
  });

  it('another resident can see neither the request nor its photos', async () => {
    const { db } = database();
    const other = new Client(site.url);
    await other.login(boris.login, boris.password);
    assert.equal((await other.get(`/requests/${emergencyId}`)).status, 404);
    const [photo] = await db('request_photos').where({ request_id: emergencyId });
    assert.equal((await other.get(`/requests/${emergencyId}/photos/${photo.id}`)).status, 404);
    assert.equal((await other.post(`/requests/${emergencyId}/messages`, { body: 'Чужое сообщение' })).status, 404);
    assert.doesNotMatch(textOf((await other.get('/requests')).html), /Течёт стояк/);
    assert.equal((await new Client(site.url).get(`/requests/${emergencyId}/photos/${photo.id}`)).status, 302); // to the login page
  });

  it('the inbox lists open emergencies first with a badge count; assigning takes a new request into work', async () => {
    const { db } = database();
    const inbox = await console.call('listRequests', {});
    assert.deepEqual(inbox.items.map((i) => i.id), [emergencyId, companyId]);
    assert.equal(inbox.items[0]?.urgent, true);
    assert.equal(inbox.openEmergencies, 1);
    assert.equal(inbox.unassignedNew, 2);
    assert.equal(inbox.items[0]?.photoCount, 2);
    assert.equal(inbox.items[0]?.responseMinutes, null);

    assert.deepEqual((await console.call('listRequests', { search: `А-${emergencyId}` })).items.map((i) => i.id), [emergencyId]);
    assert.deepEqual((await console.call('listRequests', { search: 'стояк' })).items.map((i) => i.id), [emergencyId]);
    assert.deepEqual((await console.call('listRequests', { search: 'отопление' })).items.map((i) => i.id), [companyId]);
    assert.deepEqual((await console.call('listRequests', { channel: 'company' })).items.map((i) => i.id), [companyId]);

    const assigned = await console.call('assignRequest', { id: emergencyId, staffId: clerk.id });
    assert.equal(assigned.status, 'in_work');
    assert.equal(assigned.assignedTo?.fullName, clerk.fullName);
    assert.deepEqual((await console.call('listRequests', { assigned: 'me' })).items.map((i) => i.id), [emergencyId]);
    assert.equal((await db('audit_log').where({ actor_type: 'staff', actor_id: clerk.id, action: 'request.assign' })).length, 1);
  });

  it('a reply reaches the resident on the site and by e-mail; an internal note never does; response time is kept', async () => {
    const { db } = database();
    await console.call('addInternalNote', { id: emergencyId, body: 'Слесарь Петров, ключ от подвала у старшей по дому' });
    clock.advance(95 * 60_000);
    const detail = await console.call('replyToRequest', { id: emergencyId, body: 'Аварийная бригада выехала, перекроем стояк в течение часа.' });
    assert.equal(detail.status, 'answered');
    assert.equal(detail.responseMinutes, 95);
    assert.equal(detail.responseText, '1 ч 35 мин');
    assert.deepEqual(detail.messages.map((m) => m.internal), [true, false]);
    assert.equal(detail.photos.length, 2);

    const page = textOf((await anna1.get(`/requests/${emergencyId}`)).html);
    assert.match(page, /Аварийная бригада выехала/);
    assert.match(page, /Дан ответ/);
    assert.doesNotMatch(page, /Слесарь Петров/);

    const outbox = await db('email_outbox').where({ kind: 'request.reply' });
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0].to_address, 'anna@example.test');
    await deliverDueEmails({ db, logger: silentLogger, mailDir: join(uploadDir, 'mail'), now: clock.now });
    const [mail] = await smtp.waitForMessages(1);
    assert.deepEqual(mail?.envelopeTo, ['anna@example.test']);
    assert.match(mail?.subject ?? '', /Ответ на обращение А-\d{6}/);
    assert.match(mail?.text ?? '', /Аварийная бригада выехала/);
    assert.match(mail?.text ?? '', new RegExp(`/requests/${emergencyId}`));

    const view = await console.call('getRequest', { id: emergencyId });
    assert.equal(view.resident.email, 'anna@example.test');
    const photo = await console.call('getRequestPhoto', { photoId: view.photos[0]!.id });
    assert.match(photo.dataUrl, /^data:image\/jpeg;base64,\/9j\//);
    const actions = (await db('audit_log').where({ actor_type: 'staff', actor_id: clerk.id }).select('action')).map((r) => r.action);
    for (const action of ['request.note', 'request.reply', 'request.view', 'request.photo_view']) assert.ok(actions.includes(action), action);
  });

  it('no e-mail when the resident turned «Ответ на обращение» off', async () => {
    const { db } = database();
    const choices = defaultPreferences();
    choices.request_reply.email = false;
    choices.outage.sms = false; // no phone on file
    await updateNotificationPreferences(db, { userId: anna.userId, choices, now: clock.now() });
    const before = (await db('email_outbox').where({ kind: 'request.reply' })).length;
    await console.call('replyToRequest', { id: companyId, body: 'Перерасчёт будет в ноябрьской квитанции.' });
    assert.equal((await db('email_outbox').where({ kind: 'request.reply' })).length, before);
    assert.match(textOf((await anna1.get(`/requests/${companyId}`)).html), /Перерасчёт будет в ноябрьской квитанции/);
    const [audit] = await db('audit_log').where({ action: 'request.reply', subject_id: String(companyId) });
    assert.equal(JSON.parse(audit.details).emailed, false);
  });

  it('status flow: a resident’s message returns an answered request to work; closed takes no messages or replies until reopened', async () => {
    const { db } = database();
    const sent = await anna1.post(`/requests/${emergencyId}/messages`, { body: 'Спасибо, ждём. Вода всё ещё течёт.' });
    assert.equal(sent.status, 302);
    assert.equal((await db('requests').where({ id: emergencyId }).first()).status, 'in_work');

    const closed = await console.call('setRequestStatus', { id: emergencyId, status: 'closed' });
    assert.equal(closed.status, 'closed');
    assert.ok(closed.closedAt);
    const refused = await anna1.post(`/requests/${emergencyId}/messages`, { body: 'Ещё одно сообщение' });
    assert.equal(refused.status, 409);
    assert.match(textOf(refused.html), /Обращение закрыто/);
    assert.equal((await refusal(console, 'replyToRequest', { id: emergencyId, body: 'Ответ' })).id, 'conflict');

    const reopened = await console.call('setRequestStatus', { id: emergencyId, status: 'in_work' });
    assert.equal(reopened.closedAt, null);
    // The first response time stays the first one.
    assert.equal(reopened.responseMinutes, 95);
    await file(anna1, 'company', { category: 'document', description: 'Нужна справка об отсутствии задолженности', contactPhone: '89151234567' });
    const fresh = (await console.call('listRequests', { status: 'new' })).items[0]!;
    assert.equal((await refusal(console, 'setRequestStatus', { id: fresh.id, status: 'answered' })).id, 'conflict');
    assert.ok((await db('audit_log').where({ action: 'request.status' })).length >= 2);
  });

  it('refuses a photo over 5 MB with a clear message, keeps the typed text, stores nothing', async () => {
    const { db } = database();
    const requestsBefore = (await db('requests')).length;
    const filesBefore = filesIn(uploadDir).length;
    const reply = await file(anna1, 'emergency', { category: 'no_water', description: 'Нет холодной воды с утра во всём подъезде', contactPhone: '89151234567' }, [
      { name: 'ok.jpg', type: 'image/jpeg', data: jpeg() },
      { name: 'огромное.jpg', type: 'image/jpeg', data: jpeg(MAX_PHOTO_BYTES + 1) },
    ]);
    assert.equal(reply.status, 400);
    assert.match(textOf(reply.html), /Файл “огромное\.jpg” больше 5 МБ/);
    assert.match(reply.html, /Нет холодной воды с утра во всём подъезде<\/textarea>/);
    assert.equal((await db('requests')).length, requestsBefore);
    assert.equal(filesIn(uploadDir).length, filesBefore);
  });

  it('refuses a text file renamed .jpg, and more than 5 photos', async () => {
    const { db } = database();
    const photosBefore = (await db('request_photos')).length;
    const filesBefore = filesIn(uploadDir).length;
    const text = await file(anna1, 'company', { category: 'other', description: 'Прикладываю фото квитанции', contactPhone: '89151234567' }, [
      { name: 'квитанция.jpg', type: 'image/jpeg', data: Buffer.from('Это текстовый файл, а не фотография квитанции') },
    ]);
    assert.equal(text.status, 400);
    assert.match(textOf(text.html), /Файл “квитанция\.jpg” — не фотография \(допустимы JPEG, PNG, WebP, HEIC\)/);
    const many = await file(anna1, 'company', { category: 'other', description: 'Шесть фотографий сразу', contactPhone: '89151234567' },
      Array.from({ length: 6 }, (_, i) => ({ name: `${i}.jpg`, type: 'image/jpeg', data: jpeg() })));
    assert.equal(many.status, 400);
    assert.match(textOf(many.html), /Можно приложить не больше 5 фотографий/);
    assert.equal((await db('request_photos')).length, photosBefore);
    assert.equal(filesIn(uploadDir).length, filesBefore);
  });

  it('checks the CSRF token of a multipart form before storing anything, and refuses multipart posts elsewhere', async () => {
    const { db } = database();
    const filesBefore = filesIn(uploadDir).length;
    const requestsBefore = (await db('requests')).length;
    await anna1.get('/requests/new?channel=emergency');
    const fields = { channel: 'emergency', category: 'leak', description: 'Подделанная форма с чужого сайта', contactPhone: '89151234567' };
    const photo = [{ name: 'x.jpg', type: 'image/jpeg', data: jpeg() }];
    assert.equal((await postMultipart(anna1, '/requests', fields, photo, { csrf: null })).status, 403);
    assert.equal((await postMultipart(anna1, '/requests', fields, photo, { csrf: 'x'.repeat(43) })).status, 403);
    assert.equal((await postMultipart(anna1, '/profile/contacts', { email: 'evil@example.test' })).status, 403);
    assert.equal((await db('requests')).length, requestsBefore);
    assert.equal(filesIn(uploadDir).length, filesBefore);
  });

  it('validates the form with Russian messages', async () => {
    const reply = await file(anna1, 'emergency', { category: 'billing', description: 'Течёт', contactPhone: '123' });
    assert.equal(reply.status, 400);
    const page = textOf(reply.html);
    assert.match(page, /Выберите тему обращения из списка/);
    assert.match(page, /не меньше 10 символов/);
    assert.match(page, /Укажите российский номер телефона полностью/);
  });
});

describe('request photo limits', () => {
  it('are 5 photos of 5 MB', () => {
    assert.equal(MAX_PHOTO_BYTES, 5 * 1024 * 1024);
  });
});
