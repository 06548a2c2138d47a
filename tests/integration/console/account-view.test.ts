// The account view in the console: the same figures as the resident's own pages (the very reads
// they use), any period chosen, the payments and the meters; opening it is audited; an operator
// may open it, a missing account is said so.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, it } from 'node:test';
import type { Knex } from 'knex';
import type { AccountView } from '../../../shared/console/commands/accounts.ts';
import { chargesPage } from '../../../shared/billing/charges-page.ts';
import { getOverview } from '../../../shared/billing/overview.ts';
import { readingPages } from '../../../shared/export/readings.ts';
import { metersPage } from '../../../shared/meters/page.ts';
import { meterHistory, type MeterHistory } from '../../../shared/meters/list.ts';
import { createRequest } from '../../../shared/requests/resident.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import type { ExportFileView } from '../../../shared/console/views.ts';
import { createStaff } from '../../support/console.ts';
import { Client, startTestSite, testClock, textOf } from '../../support/site.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { call, commandDeps, sessionFor, valueOf } from './calls.ts';

forEachEngine('console: one account as its resident sees it', (ctx) => {
  const database = ctx.databaseForSuite();
  let db: Knex;
  let resident: ResidentFixture;

  before(async () => {
    db = database().db;
    const world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00080001', lastPeriod: '2026-10' });
  });

  it('shows the balance, a chosen period\'s charges by service, payments and meters, as the site does; audited', async () => {
    const operator = await createStaff(db, 'operator');
    const deps = commandDeps(db);
    const token = await sessionFor(db, operator.id);
    const view = valueOf<AccountView>((await call(deps, 'getAccountView', { accountId: resident.accountId }, token)).result);
    assert.equal(view.account.number, '00080001');
    assert.deepEqual(view.logins.map((l) => l.login), [resident.login]);
    assert.deepEqual(view.overview, await getOverview(db, resident.accountId, deps.now(), deps.config.timeZone));
    const { history: _h, ...site } = await chargesPage(db, resident.accountId, undefined);
    assert.deepEqual(view.charges, site, 'the same figures as the resident\'s charges page');
    assert.equal(view.charges.selected, '2026-10');
    assert.ok((view.charges.statement?.lines.length ?? 0) > 0);
    assert.ok(view.meters.meters.length > 0);

    const older = view.charges.periods.at(-1)!;
    const past = valueOf<AccountView>((await call(deps, 'getAccountView', { accountId: resident.accountId, period: older }, token)).result);
    assert.equal(past.charges.selected, older);

    const audited = await db('audit_log').where({ action: 'account.view', actor_id: operator.id });
    assert.equal(audited.length, 2);
    assert.equal(Number(audited[0].account_id), resident.accountId);

    const missing = (await call(deps, 'getAccountView', { accountId: 999_999 }, token)).result;
    assert.ok(!missing.ok && missing.error.id === 'not_found');
    const stranger = (await call(deps, 'getAccountView', { accountId: resident.accountId }, null)).result;
    assert.ok(!stranger.ok && stranger.error.id === 'unauthenticated');
  });

  it('a reading taken by phone follows the site\'s rules, shows on the resident\'s page and goes to billing with its source; the clerk is audited', async () => {
    const operator = await createStaff(db, 'operator');
    const deps = commandDeps(db, () => Date.parse('2026-11-24T09:00:00Z'));
    const token = await sessionFor(db, operator.id);
    const take = (input: object) => call(deps, 'takeReading', { accountId: resident.accountId, meterId: resident.meters.coldWater, channel: 'phone', ...input }, token);

    // Below last month's 110: refused with the site's own words, nothing stored.
    const lower = valueOf<{ ok: boolean; errors?: { message: string }[] }>((await take({ values: { 1: '100' } })).result);
    assert.equal(lower.ok, false);
    assert.match(lower.errors?.[0]?.message ?? '', /меньше/);
    const taken = valueOf<{ ok: boolean; period: string }>((await take({ values: { 1: '112,5' } })).result);
    assert.deepEqual([taken.ok, taken.period], [true, '2026-11']);

    const meters = await metersPage(db, resident.accountId, '2026-11', '2026-11-24');
    const cold = meters.meters.find((m) => m.id === resident.meters.coldWater);
    assert.deepEqual(cold?.current.map((r) => [r.valueMilli, r.source]), [[112_500, 'phone']]);
    // The resident's meter page says where it came from, in words.
    const site = await startTestSite(db, { clock: testClock('2026-11-24T09:00:00Z') });
    try {
      const client = new Client(site.url);
      assert.equal((await client.login(resident.login, resident.password)).status, 302);
      assert.match(textOf((await client.get('/meters')).html), /принято по телефону/);
    } finally {
      await site.close();
    }
    const exported: unknown[][] = [];
    for await (const page of readingPages(db, '2026-11', deps.config.timeZone)) for (const row of page) exported.push(row as unknown[]);
    assert.ok(exported.some((row) => row.includes('00080001') && row.includes('phone')), 'the export to billing carries its source');

    const audit = await db('audit_log').where({ action: 'reading.submit', actor_type: 'staff', actor_id: operator.id }).first('details', 'account_id');
    assert.equal(Number(audit.account_id), resident.accountId);
    assert.equal(JSON.parse(audit.details).source, 'phone');
    const badChannel = (await call(deps, 'takeReading', { accountId: resident.accountId, meterId: resident.meters.coldWater, channel: 'mail', values: { 1: '113' } }, token)).result;
    assert.ok(!badChannel.ok && badChannel.error.id === 'validation');
  });

  it('shows the account\'s requests, a meter\'s whole history and the receipt of any period as a PDF; each read audited', async () => {
    const operator = await createStaff(db, 'operator');
    const exportDir = await mkdtemp(join(tmpdir(), 'kkp-account-receipt-'));
    try {
      const deps = { ...commandDeps(db), config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', EXPORT_DIR: exportDir }) };
      const token = await sessionFor(db, operator.id);
      await createRequest(db, {
        userId: resident.userId, accountId: resident.accountId, channel: 'company', category: 'billing', description: 'Почему так много за октябрь?',
        contactPhone: '+79150000000', photos: [], ip: '127.0.0.1', now: Date.now(),
      });
      const view = valueOf<AccountView>((await call(deps, 'getAccountView', { accountId: resident.accountId }, token)).result);
      assert.deepEqual(view.requests.map((r) => [r.excerpt, r.accountId]), [['Почему так много за октябрь?', resident.accountId]]);

      const history = valueOf<MeterHistory>((await call(deps, 'getMeterHistory', { accountId: resident.accountId, meterId: resident.meters.coldWater }, token)).result);
      const site = await meterHistory(db, resident.accountId, resident.meters.coldWater, history.readings[0]?.period ?? '2026-11', '2026-11-24');
      assert.deepEqual(history.readings, site.readings, 'the readings the resident\'s meter page lists');
      assert.ok(history.readings.length > 0);
      const notHis = (await call(deps, 'getMeterHistory', { accountId: resident.accountId, meterId: 999_999 }, token)).result;
      assert.ok(!notHis.ok && notHis.error.id === 'not_found');

      const file = valueOf<ExportFileView>((await call(deps, 'printAccountReceipt', { accountId: resident.accountId, period: '2026-10' }, token)).result);
      assert.equal(file.fileName, 'Квитанция 00080001 за 2026-10.pdf');
      const pdf = await readFile(join(exportDir, `${file.fileId}.pdf`));
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(pdf.length, file.bytes);

      const audited = await db('audit_log').where({ actor_type: 'staff', actor_id: operator.id }).whereIn('action', ['meter.history', 'receipt.reissue']).orderBy('id');
      assert.deepEqual(audited.map((a) => [a.action, Number(a.account_id)]), [['meter.history', resident.accountId], ['receipt.reissue', resident.accountId]]);
    } finally {
      await rm(exportDir, { recursive: true, force: true });
    }
  });
});
