// Printing a period's receipts from the console: one PDF with a page per account (or per
// account of one building), written in the background with progress reaching 100 %, audited.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { openStoredExport } from '../../../shared/export/stored-files.ts';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { receiptsCommands } from '../../../shared/console/commands/receipts.ts';
import type { StaffContext } from '../../../shared/console/command.ts';
import type { PrintProgress } from '../../../shared/console/views.ts';
import { DomainError } from '../../../shared/errors.ts';
import { printJobFinished } from '../../../shared/receipts/print-jobs.ts';
import { parseInput } from '../../../shared/validation.ts';
import { createStaff, staffContext } from '../../support/console.ts';
import { call as dispatchCall, commandDeps } from '../console/calls.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, idOf } from '../../support/factories.ts';
import { createReceiptWorld, decodeQrCodes, normalise, pdfPages, pdfText } from './support.ts';

const ACCOUNTS = 7;

forEachEngine('bulk receipt print', (ctx) => {
  const database = ctx.databaseForSuite();
  let staff: StaffContext;
  let dir: string;
  let otherBuilding: number;

  before(async () => {
    const { db } = database();
    const world = await createReceiptWorld(db);
    for (let i = 1; i <= ACCOUNTS; i++) await createResident(db, world, { accountNumber: `000310${String(i).padStart(2, '0')}` });
    const [building] = await db('buildings').insert({ city: 'Десногорск', street: '2-й микрорайон', house: '5', block: '', created_at: Date.now() }).returning('id');
    otherBuilding = idOf(building);
    await db('accounts').whereIn('number', ['00031006', '00031007']).update({ building_id: otherBuilding });
    dir = await mkdtemp(join(tmpdir(), 'kkp-exports-'));
    const base = staffContext(db, await createStaff(db, 'operator'));
    staff = { ...base, config: { ...base.config, mailDir: join(dir, 'mail'), exportDir: join(dir, 'exports') } };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function call<K extends keyof typeof receiptsCommands>(name: K, input: unknown): Promise<Awaited<ReturnType<(typeof receiptsCommands)[K]['run']>>> {
    const command = receiptsCommands[name];
    return command.run(staff, parseInput(command.input, input) as never) as never;
  }

  async function printed(input: unknown): Promise<{ started: PrintProgress; done: PrintProgress; polled: PrintProgress[] }> {
    const started = await call('printReceipts', input);
    const polled = [started];
    const done = await printJobFinished(started.jobId);
    polled.push(await call('getPrintProgress', { jobId: started.jobId }));
    return { started, done, polled };
  }

  it('prints every account of the period as one PDF, a page each, in account order', async () => {
    const { db } = database();
    const { started, done, polled } = await printed({ period: '2026-10' });
    assert.equal(started.total, ACCOUNTS);
    assert.equal(started.fileName, 'Квитанции за 2026-10.pdf');
    assert.deepEqual({ status: done.status, done: done.done, total: done.total, percent: done.percent }, { status: 'done', done: ACCOUNTS, total: ACCOUNTS, percent: 100 });
    assert.equal(polled.at(-1)?.percent, 100);
    const path = done.path ?? '';
    assert.ok(done.fileId && path.endsWith(`${done.fileId}.pdf`) && path.startsWith(join(dir, 'exports')));
    assert.equal(await pdfPages(path), ACCOUNTS);
    // Kept like an export: only the clerk who printed it may download it, under its Russian name.
    assert.equal(done.downloadPath, `/api/download/${done.fileId}`);
    const stored = await openStoredExport(join(dir, 'exports'), done.fileId as string, staff.staff.id, Date.now());
    assert.equal(stored?.path, path);
    assert.deepEqual([stored?.meta.contentType, stored?.meta.names.russian, stored?.meta.rows], ['application/pdf', 'Квитанции за 2026-10.pdf', ACCOUNTS]);
    assert.equal(await openStoredExport(join(dir, 'exports'), done.fileId as string, staff.staff.id + 1, Date.now()), null);
    const pages = normalise(await pdfText(path)).split('\f').filter((p) => p.trim());
    assert.deepEqual(pages.map((p) => /№ (\d{8})-202610/.exec(p)?.[1]), Array.from({ length: ACCOUNTS }, (_, i) => `000310${String(i + 1).padStart(2, '0')}`));
    const [first] = await decodeQrCodes(path, join(dir, 'exports'));
    assert.match(first ?? '', /\|Sum=150000\|.*\|PersAcc=00031001\|PaymPeriod=10\.2026\|/);

    const audit = await db('audit_log').where({ action: 'receipts.print' }).first();
    assert.equal(audit.actor_id, staff.staff.id);
    assert.equal(audit.subject_id, '2026-10');
    assert.equal(JSON.parse(audit.details).accounts, ACCOUNTS);
  });

  it('prints one building only, named in the file', async () => {
    const buildings = await call('listBuildings', {});
    const other = buildings.find((b) => b.id === otherBuilding);
    assert.deepEqual(other, { id: otherBuilding, label: 'Десногорск, 2-й микрорайон, д. 5', accounts: 2 });
    const { done } = await printed({ period: '2026-09', buildingId: otherBuilding });
    assert.equal(done.status, 'done');
    assert.equal(done.total, 2);
    assert.equal(done.fileName, 'Квитанции за 2026-09 Десногорск, 2-й микрорайон, д. 5.pdf');
    assert.equal(await pdfPages(done.path as string), 2);
    assert.match(normalise(await pdfText(done.path as string)), /00031006[\s\S]*00031007/);
  });

  it('refuses a period without data and an unknown building, in Russian', async () => {
    await assert.rejects(call('printReceipts', { period: '2024-01' }), (e: unknown) => e instanceof DomainError && e.id === 'not_found' && /январь 2024/.test(e.message));
    await assert.rejects(call('printReceipts', { period: '2026-10', buildingId: 999_999 }), (e: unknown) => e instanceof DomainError && e.message === 'Дом не найден');
    assert.throws(() => parseInput(receiptsCommands.printReceipts.input, { period: '10.2026' }), DomainError);
  });

  it('stops a cancelled print and removes its file', async () => {
    const started = await call('printReceipts', { period: '2026-10' });
    await call('cancelPrint', { jobId: started.jobId });
    const done = await printJobFinished(started.jobId);
    assert.equal(done.status, 'canceled');
    assert.equal(done.fileId, null);
    assert.ok(done.done < ACCOUNTS);
    // Only the two finished prints' files are left.
    assert.equal((await readdir(join(dir, 'exports'))).filter((f) => f.endsWith('.pdf')).length, 2);
  });

  it('is for signed-in staff only, through the dispatcher like every command', async () => {
    const { db } = database();
    const { result } = await dispatchCall(commandDeps(db), 'printReceipts', { period: '2026-10' });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? null : result.error.id, 'unauthenticated');
  });

  it('answers an unknown job with «not found»', async () => {
    await assert.rejects(call('getPrintProgress', { jobId: 'a'.repeat(24) }), (e: unknown) => e instanceof DomainError && e.id === 'not_found');
  });
});
