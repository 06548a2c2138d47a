// Every console command that hands a clerk residents' personal data leaves an audit row (152-ФЗ:
// who saw whose data, and when). The test walks the whole command registry: each command is
// either called here, on a database with residents, applicants and feedback in it, and its answer
// searched for their names, e-mails and phones — an answer holding any of them must have written
// an audit row — or listed with the reason it is not such a read. A new command that is neither
// fails the test, so the question is asked of every command when it is added.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Knex } from 'knex';
import { seedDemo } from '../../../db/seeds/demo.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import { feedbackFormSchema, submitFeedback } from '../../../shared/requests/feedback.ts';
import { createRequest } from '../../../shared/requests/resident.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { call, commandDeps, sessionFor } from './calls.ts';

type Ids = { applicationId: number; userId: number; accountId: number; meterId: number; requestId: number };

/** Reads that may answer with personal data, and the input each is called with. */
const READS: Record<string, (ids: Ids) => unknown> = {
  currentStaff: () => ({}),
  listApplications: () => ({}),
  getApplication: (ids) => ({ id: ids.applicationId }),
  searchResidents: () => ({ query: '00011008' }),
  listSuspicious: () => ({}),
  getResident: (ids) => ({ userId: ids.userId }),
  searchAccounts: () => ({ query: '00011008' }),
  getAccountView: (ids) => ({ accountId: ids.accountId }),
  getMeterHistory: (ids) => ({ accountId: ids.accountId, meterId: ids.meterId }),
  listAudit: () => ({}),
  getSettings: () => ({}),
  getConsoleService: () => ({}),
  listAnswerTemplates: () => ({}),
  listRequests: () => ({}),
  getRequest: (ids) => ({ id: ids.requestId }),
  listFeedback: () => ({}),
  listBuildings: () => ({}),
  latestBilledPeriod: () => ({}),
  listImportMappings: () => ({}),
  listImports: () => ({}),
  listImportFields: () => ({}),
  listServices: () => ({}),
  listNotices: () => ({}),
  getDashboard: () => ({}),
  listStaff: () => ({}),
};

/** Commands that are not reads of residents' data, each with why. */
const NOT_READS: Record<string, string> = {
  signIn: 'signs a staff member in; answers with their own name',
  signOut: 'ends the session',
  changeOwnPassword: 'a write (audited as staff.password)',
  createStaff: 'a write (audited)',
  updateStaff: 'a write (audited)',
  resetStaffPassword: 'a write (audited)',
  approveApplication: 'a write (audited as application.approve)',
  rejectApplication: 'a write (audited as application.reject)',
  blockResident: 'a write (audited)',
  unblockResident: 'a write (audited)',
  unlockResident: 'a write (audited)',
  takeReading: 'a write (audited)',
  reissuePassword: 'a write (audited)',
  linkAccount: 'a write (audited)',
  unlinkAccount: 'a write (audited)',
  disconnectAccount: 'a write (audited)',
  updateSettings: 'a write (audited)',
  saveAnswerTemplates: 'a write (audited)',
  getRequestPhoto: 'a photo of a leak, not a person; the request it belongs to is audited when opened (getRequest)',
  assignRequest: 'a write (audited)',
  setRequestStatus: 'a write (audited)',
  closeRequests: 'a write (audited per request)',
  replyToRequest: 'a write (audited)',
  addInternalNote: 'a write (audited)',
  setFeedbackStatus: 'a write (audited)',
  setFeedbackStatuses: 'a write (audited per message)',
  replyToFeedback: 'a write (audited)',
  printAccountReceipt: 'a file, audited as receipt.reissue (tests/integration/console/account-view.test.ts)',
  exportReadings: 'a file, audited as export.readings (tests/integration/exchange/export.test.ts)',
  exportPayments: 'a file, audited as export.payments (tests/integration/exchange/export.test.ts)',
  exportRequestList: 'a file, audited as list.export (tests/integration/console/lists.test.ts)',
  exportApplicationList: 'a file, audited as list.export (tests/integration/console/lists.test.ts)',
  exportFeedbackList: 'a file, audited as list.export (tests/integration/console/lists.test.ts)',
  exportAuditLog: 'a file, audited as list.export (tests/integration/console/lists.test.ts)',
  printReceipts: 'a batch job, audited as receipts.print when it starts',
  getPrintProgress: 'counts of a print job',
  cancelPrint: 'stops a print job',
  getImport: 'an import\'s counts and problems, quoting the clerk\'s own file',
  undoImport: 'a write (audited)',
  previewImport: 'reads the clerk\'s own uploaded file',
  startImport: 'a write (audited as import.*)',
  getImportProgress: 'counts of a running import',
  cancelImport: 'stops a running import',
  readRawRows: 'reads the clerk\'s own uploaded file',
  getImportMapping: 'a saved column mapping (no residents\' data)',
  saveImportMapping: 'a write (audited)',
  addImportMappingValues: 'a write (audited)',
  deleteImportMapping: 'a write (audited)',
  previewNotice: 'counts of recipients, no names',
  sendNotice: 'a write (audited as notice.send)',
  getNotice: 'a notice\'s text and delivery counts, no recipients',
};

forEachEngine('console: every read of residents\' personal data is audited', (ctx) => {
  const database = ctx.databaseForSuite();
  let db: Knex;
  let ids: Ids;
  let markers: string[];

  before(async () => {
    db = database().db;
    const now = Date.now();
    await seedDemo(db, { now, timeZone: 'Europe/Moscow' });
    const resident: { id: number; account_id: number } = await db('users as u').join('user_accounts as ua', 'ua.user_id', 'u.id').where('u.login', '00011008').first('u.id', 'ua.account_id');
    const meter: { id: number } = await db('meters').where({ account_id: resident.account_id }).first('id');
    const application: { id: number } = await db('access_applications').orderBy('id').first('id');
    const request = await createRequest(db, {
      userId: resident.id, accountId: resident.account_id, channel: 'company', category: 'billing', description: 'Прошу проверить начисления',
      contactPhone: '+79161234567', photos: [], ip: '127.0.0.1', now,
    });
    await submitFeedback(db, {
      form: feedbackFormSchema.parse({ name: 'Отзывова Анна Сергеевна', email: 'otzyv@example.ru', phone: '', topic: 'site', body: 'Сайт удобный, спасибо за работу', consent: 'on' }),
      userId: null, ip: '127.0.0.1', userAgent: null, now,
    });
    ids = { applicationId: application.id, userId: resident.id, accountId: resident.account_id, meterId: meter.id, requestId: request.id };
    // Residents', applicants' and correspondents' names, e-mails and phones, as stored.
    const values = await Promise.all([
      db('users').select('full_name as v').union((q) => q.select('email').from('users')).union((q) => q.select('phone').from('users')),
      db('accounts').select('owner_name as v'),
      db('access_applications').select('full_name as v').union((q) => q.select('email').from('access_applications')).union((q) => q.select('phone').from('access_applications')),
      db('feedback').select('name as v').union((q) => q.select('email').from('feedback')),
      db('requests').select('contact_phone as v'),
    ]);
    markers = [...new Set(values.flat().map((r: { v: string | null }) => r.v).filter((v): v is string => typeof v === 'string' && v.length >= 6))];
    assert.ok(markers.length > 500);
  });

  it('lists every command of the registry as a read to check or with the reason it is not one', () => {
    const classified = new Set([...Object.keys(READS), ...Object.keys(NOT_READS)]);
    assert.deepEqual(COMMAND_NAMES.filter((name) => !classified.has(name)), [], 'commands nobody has asked «does it show personal data?»');
    assert.deepEqual([...classified].filter((name) => !(COMMAND_NAMES as readonly string[]).includes(name)), [], 'no longer commands');
  });

  it('writes an audit row for each read whose answer holds a resident\'s, applicant\'s or correspondent\'s personal data', async () => {
    const admin = await createStaff(db, 'administrator');
    const deps = commandDeps(db);
    const token = await sessionFor(db, admin.id);
    const unaudited: string[] = [];
    const shown: string[] = [];
    for (const [name, input] of Object.entries(READS)) {
      const before: { id?: number | null } | undefined = await db('audit_log').max({ id: 'id' }).first();
      const { result } = await call(deps, name, input(ids), token);
      assert.ok(result.ok, `${name}: ${result.ok ? '' : result.error.message}`);
      const answer = JSON.stringify(result.value);
      const found = markers.find((m) => answer.includes(JSON.stringify(m).slice(1, -1)));
      if (!found) continue;
      shown.push(name);
      const audited = await db('audit_log').where('id', '>', Number(before?.id ?? 0)).andWhere({ actor_id: admin.id }).first('id');
      if (!audited) unaudited.push(`${name} (shows «${found}»)`);
    }
    assert.deepEqual(unaudited, []);
    // The check has teeth: the reads known to show personal data did show it.
    for (const name of ['listApplications', 'getApplication', 'getResident', 'getAccountView', 'listRequests', 'getRequest', 'listFeedback', 'searchResidents']) {
      assert.ok(shown.includes(name), `${name} showed none of the markers`);
    }
  });
});
