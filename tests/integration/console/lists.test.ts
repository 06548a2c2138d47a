// The console's lists for a day's work, on every engine: sorted by a column (the list's own
// order breaking ties), bulk actions (close requests, feedback «Без ответа») audited one by one,
// and the filtered, sorted list exported to XLSX and CSV, read back from the file, and audited.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { auditRows, consoleAs, refusal, type ConsoleCaller } from '../admin/console-caller.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, idOf, type ResidentFixture } from '../../support/factories.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z');
const HOUR = 3_600_000;

async function xlsxRows(path: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

forEachEngine('console lists: sort, bulk actions, export', (ctx) => {
  const database = ctx.databaseForSuite();
  let exportDir: string;
  let clerk: StaffFixture;
  let admin: StaffFixture;
  let asClerk: ConsoleCaller;
  let asAdmin: ConsoleCaller;
  let anna: ResidentFixture;
  let boris: ResidentFixture;
  const requestIds: number[] = [];

  before(async () => {
    const { db } = database();
    exportDir = await mkdtemp(join(tmpdir(), 'kkp-list-export-'));
    const world = await createWorld(db);
    anna = await createResident(db, world, { accountNumber: '00071001', email: 'anna@example.test' });
    boris = await createResident(db, world, { accountNumber: '00071002', email: 'boris@example.test' });
    clerk = await createStaff(db, 'operator');
    admin = await createStaff(db, 'administrator');
    const env = { EXPORT_DIR: exportDir };
    asClerk = await consoleAs(db, clerk, () => NOW, env);
    asAdmin = await consoleAs(db, admin, () => NOW, env);
    const request = (who: ResidentFixture, address: string, description: string, status: string, hoursAgo: number) => ({
      user_id: who.userId, account_id: who.accountId, channel: 'company', category: 'other', description, contact_phone: '+79000000000',
      address, status, created_at: NOW - hoursAgo * HOUR, updated_at: NOW,
    });
    for (const row of [
      request(anna, 'ул. Ленина, 5', 'Не пришла квитанция', 'new', 3),
      request(boris, 'ул. Березовая, 2', '=HYPERLINK("http://x")', 'new', 2),
      request(anna, 'ул. Солнечная, 9', 'Вопрос по перерасчёту', 'in_work', 1),
      request(boris, 'ул. Айвазовского, 1', 'Уже решено', 'closed', 5),
    ]) {
      const [inserted] = await db('requests').insert(row).returning('id');
      const id = idOf(inserted);
      await db('requests').where({ id }).update({ number: `О-${String(id).padStart(6, '0')}` });
      requestIds.push(id);
    }
    const [consent] = await db('consents').insert({ purpose: 'feedback', agreement_version: '1', agreed_at: NOW }).returning('id');
    const feedback = (name: string, status: string, hoursAgo: number) => ({
      name, email: `${hoursAgo}@example.test`, phone: null, topic: 'other', body: `Сообщение от ${name}`, body_hash: `h${hoursAgo}`, ip: '10.1.1.1',
      flagged: false, flag_reasons: null, status, user_id: null, consent_id: idOf(consent), created_at: NOW - hoursAgo * HOUR, updated_at: NOW,
      reply: status === 'answered' ? 'Ответили' : null,
    });
    await db('feedback').insert([feedback('Яковлев', 'new', 1), feedback('Абрамова', 'new', 2), feedback('Миронов', 'answered', 3)]);
    const [appConsent] = await db('consents').insert({ purpose: 'application', agreement_version: '1', agreed_at: NOW }).returning('id');
    const application = (fullName: string, deadline: string) => ({
      created_at: NOW, full_name: fullName, address: 'г. Десногорск', account_number: '00071009', email: 'a@example.test', phone: '+79150000009',
      consent_id: idOf(appConsent), deadline_on: deadline, status: 'new',
    });
    await db('access_applications').insert([application('Жуков Ж. Ж.', '2026-11-25'), application('Борисова Б. Б.', '2026-11-27')]);
  });

  after(() => rm(exportDir, { recursive: true, force: true }));

  describe('sorting', () => {
    it('orders the inbox by the chosen column either way, and refuses a column it cannot sort by', async () => {
      const byAddress = await asClerk.call('listRequests', { status: 'all', sort: { by: 'address', dir: 'asc' } });
      assert.deepEqual(byAddress.items.map((r) => r.address), ['ул. Айвазовского, 1', 'ул. Березовая, 2', 'ул. Ленина, 5', 'ул. Солнечная, 9']);
      const backwards = await asClerk.call('listRequests', { status: 'all', sort: { by: 'address', dir: 'desc' } });
      assert.deepEqual(backwards.items.map((r) => r.address), byAddress.items.map((r) => r.address).reverse());
      const own = await asClerk.call('listRequests', { status: 'all' });
      assert.deepEqual(own.items.map((r) => r.status), ['new', 'new', 'in_work', 'closed'], 'without a sort: the inbox’s own order');
      const refused = await refusal(asClerk, 'listRequests', { sort: { by: 'description', dir: 'asc' } });
      assert.match(JSON.stringify(refused.fieldErrors), /Этот столбец не сортируется/);
      // The inbox carries residents' names, addresses and phones: each read of it is recorded.
      const read = await auditRows(database().db, clerk.id, 'request.list');
      assert.equal(read.length, 3);
      assert.deepEqual(JSON.parse(read[0]!.details!).found, 4);
    });

    it('orders applications, feedback and the audit log by their columns', async () => {
      const apps = await asClerk.call('listApplications', { sort: { by: 'name', dir: 'asc' } });
      assert.deepEqual(apps.items.map((a) => a.fullName), ['Борисова Б. Б.', 'Жуков Ж. Ж.']);
      assert.equal((await auditRows(database().db, clerk.id, 'application.list')).length, 1, 'applicants\' data read: recorded');
      const notes = await asClerk.call('listFeedback', { status: 'all', sort: { by: 'name', dir: 'desc' } });
      assert.deepEqual(notes.items.map((f) => f.name), ['Яковлев', 'Миронов', 'Абрамова']);
      const log = await asAdmin.call('listAudit', { sort: { by: 'action', dir: 'asc' } });
      const actions = log.items.map((l) => l.action);
      assert.deepEqual(actions, [...actions].sort());
    });
  });

  describe('bulk actions', () => {
    it('closes the checked requests, each audited, leaving closed ones as they were', async () => {
      const [first, second, , closed] = requestIds as [number, number, number, number];
      const result = await asClerk.call('closeRequests', { ids: [first, second, closed] });
      assert.equal(result.closed, 2);
      const open = await asClerk.call('listRequests', {});
      assert.deepEqual(open.items.map((r) => r.id), [requestIds[2]]);
      const audited = await auditRows(database().db, clerk.id, 'request.status');
      assert.deepEqual(audited.map((a) => Number(a.subject_id)).sort(), [first, second].sort());
      const tooMany = await refusal(asClerk, 'closeRequests', { ids: [] });
      assert.match(JSON.stringify(tooMany.fieldErrors), /Отметьте хотя бы одно обращение/);
    });

    it('marks checked feedback «Без ответа», keeping the answered one answered', async () => {
      const all = await asClerk.call('listFeedback', { status: 'all' });
      const result = await asClerk.call('setFeedbackStatuses', { ids: all.items.map((f) => f.id), status: 'ignored' });
      assert.equal(result.changed, 2);
      const now = await asClerk.call('listFeedback', { status: 'all', sort: { by: 'name', dir: 'asc' } });
      assert.deepEqual(now.items.map((f) => [f.name, f.status]), [['Абрамова', 'ignored'], ['Миронов', 'answered'], ['Яковлев', 'ignored']]);
      assert.equal((await auditRows(database().db, clerk.id, 'feedback.status')).length, 2);
    });
  });

  describe('export', () => {
    it('writes the inbox as filtered and sorted to XLSX with the screen’s headers, audited', async () => {
      const file = await asClerk.call('exportRequestList', { filter: { status: 'all', sort: { by: 'address', dir: 'asc' }, search: 'ул' }, format: 'xlsx' });
      assert.equal(file.rows, 4);
      assert.match(file.fileName, /^Обращения 2026-11-24\.xlsx$/);
      const rows = await xlsxRows(join(exportDir, `${file.fileId}.xlsx`));
      assert.deepEqual(rows[0]!.slice(0, 5), ['Номер', 'Тема', 'Текст', 'Лицевой счёт', 'Адрес']);
      assert.deepEqual(rows.slice(1).map((r) => r[4]), ['ул. Айвазовского, 1', 'ул. Березовая, 2', 'ул. Ленина, 5', 'ул. Солнечная, 9']);
      assert.deepEqual(rows.slice(1).map((r) => r[8]), ['Закрыто', 'Закрыто', 'Закрыто', 'В работе'], 'statuses in words, as after the bulk close');
      const [audit] = await auditRows(database().db, clerk.id, 'list.export');
      const details = JSON.parse(audit!.details!) as { list: string; rows: number; format: string; filter: { search: string } };
      assert.deepEqual([details.list, details.rows, details.format, details.filter.search], ['Обращения', 4, 'xlsx', 'ул']);
    });

    it('writes feedback to CSV for Excel, formulas neutralised, only what the filter shows', async () => {
      const file = await asClerk.call('exportFeedbackList', { filter: { status: 'ignored' }, format: 'csv' });
      const text = (await readFile(join(exportDir, `${file.fileId}.csv`), 'utf8')).replace(/^\uFEFF/, '');
      const lines = text.trim().split('\r\n');
      assert.equal(lines[0], 'Поступило;Имя;E-mail;Телефон;Тема;Текст;Состояние;Ответ;Ответил');
      assert.equal(lines.length, 3);
      assert.ok(lines.slice(1).every((l) => l.includes(';Без ответа;')), text);
      const requests = await asClerk.call('exportRequestList', { filter: { status: 'all', search: 'HYPERLINK' }, format: 'csv' });
      const csv = await readFile(join(exportDir, `${requests.fileId}.csv`), 'utf8');
      assert.doesNotMatch(csv, /;=HYPERLINK/, 'a cell starting with = is not a formula');
    });

    it('exports applications and, for administrators only, the audit log in words', async () => {
      const apps = await asClerk.call('exportApplicationList', { filter: { sort: { by: 'deadline', dir: 'desc' } }, format: 'xlsx' });
      const appRows = await xlsxRows(join(exportDir, `${apps.fileId}.xlsx`));
      assert.deepEqual(appRows.slice(1).map((r) => r[1]), ['Борисова Б. Б.', 'Жуков Ж. Ж.']);
      const refused = await refusal(asClerk, 'exportAuditLog', { filter: {}, format: 'xlsx' });
      assert.equal(refused.id, 'forbidden');
      const log = await asAdmin.call('exportAuditLog', { filter: { action: 'list.export' }, format: 'xlsx' });
      const logRows = await xlsxRows(join(exportDir, `${log.fileId}.xlsx`));
      assert.ok(logRows.length >= 4, JSON.stringify(logRows));
      assert.ok(logRows.slice(1).every((r) => r[3] === 'Выгрузка списка в файл' && r[1] === 'Сотрудник'), JSON.stringify(logRows.slice(1)));
      // Who or what a row is about, by name: the request's number, not its id.
      const closed = await asAdmin.call('listAudit', { action: 'request.status' });
      assert.ok(closed.items.length >= 2);
      assert.ok(closed.items.every((l) => /^О-\d{6}$/.test(l.subjectName ?? '')), JSON.stringify(closed.items.map((l) => l.subjectName)));
      const viewed = await asAdmin.call('listAudit', { action: 'audit.view' });
      assert.ok(viewed.items.every((l) => l.subjectName === null));
    });
  });

  describe('answer templates', () => {
    it('gives every clerk the defaults, lets only an administrator change them, and says which one is wrong', async () => {
      const defaults = await asClerk.call('listAnswerTemplates', {});
      assert.ok(defaults.reply.length > 0 && defaults.reject.length > 0);
      const next = { reply: [{ title: 'Спасибо', body: 'Спасибо за обращение!' }], reject: [] };
      assert.equal((await refusal(asClerk, 'saveAnswerTemplates', next)).id, 'forbidden');
      const bad = await refusal(asAdmin, 'saveAnswerTemplates', { reply: [...next.reply, { title: ' ', body: 'Текст' }], reject: [] });
      assert.deepEqual(bad.fieldErrors, [{ field: 'reply.1.title', message: 'Назовите шаблон' }]);
      assert.deepEqual(await asAdmin.call('saveAnswerTemplates', next), next);
      assert.deepEqual(await asClerk.call('listAnswerTemplates', {}), next);
      const [audit] = await auditRows(database().db, admin.id, 'settings.templates');
      assert.deepEqual(JSON.parse(audit!.details!), { reply: 1, reject: 0 });
    });
  });
});
