// Exports to billing through real parts on both engines: the readings and card-payments files in
// CSV (UTF-8 and windows-1251) and XLSX read back with exceljs, the audit rows, `kkp export` as a
// child process, and the console command with the bridge's download endpoint over HTTP.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, it } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import type { CommandDeps } from '../../../shared/console/command.ts';
import type { ExportFileView } from '../../../shared/console/views.ts';
import { runExportCli } from '../../../cli/export.ts';
import { exportPayments, exportReadings } from '../../../shared/export/index.ts';
import { addMonths, currentPeriod } from '../../../shared/period.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { kkp as runKkp } from '../../support/kkp.ts';
import { bridgeSession, call, commandDeps, sessionFor } from '../console/calls.ts';
import { EXPECTED_READINGS, PERIOD, expectedPayments, parseCsv, seedTown, type Town } from './export-fixture.ts';

const TZ = 'Europe/Moscow';
const system = { id: null, ip: 'test' };
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

/** `kkp` in `cwd` (where it writes its default file name), with stdout as bytes: a piped file. */
async function kkp(databaseUrl: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const run = await runKkp(databaseUrl, args, { cwd, env: { TIME_ZONE: TZ } });
  return { code: run.code, stdout: run.stdoutBytes, stderr: run.stderr };
}

function get(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const utf8Csv = (bytes: Buffer) => {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 export starts with a BOM');
  return bytes.subarray(3).toString('utf8');
};

forEachEngine('exports to billing', (ctx) => {
  const database = ctx.databaseForSuite();
  let town: Town;
  let dir: string;

  before(async () => {
    town = await seedTown(database().db);
    dir = await mkdtemp(join(tmpdir(), 'kkp-export-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const deps = () => ({ db: database().db, timeZone: TZ, now: Date.now });

  it('exports exactly the accepted readings of the period, with exact decimals, as CSV', async () => {
    const file = join(dir, 'readings.csv');
    const result = await exportReadings(deps(), { period: PERIOD, out: file, actor: system });
    const bytes = await readFile(file);
    assert.deepEqual(parseCsv(utf8Csv(bytes)), EXPECTED_READINGS);
    assert.deepEqual(result, { rows: EXPECTED_READINGS.length - 1, bytes: bytes.length, file });
    assert.match(bytes.toString('utf8'), /^\uFEFFaccount;service_code;[^\n]*\r\n10000001;/, 'CRLF line ends');
    assert.ok(bytes.toString('utf8').includes(';"CW;""2""";'), 'a serial with the delimiter and quotes is quoted, quotes doubled');
    assert.equal(existsSync(`${file}.partial`), false);
  });

  it("with ',' as the delimiter writes decimal points; tab and windows-1251 on request", async () => {
    const comma = new PassThrough();
    const chunks: Buffer[] = [];
    comma.on('data', (c: Buffer) => chunks.push(c));
    await exportReadings(deps(), { period: PERIOD, delimiter: ',', bom: false, out: comma, actor: system });
    const rows = parseCsv(Buffer.concat(chunks).toString('utf8'), ',');
    assert.deepEqual(rows, EXPECTED_READINGS.map((r, i) => (i === 0 ? r : r.map((c, j) => (j === 6 ? c.replace(',', '.') : c)))));

    const file = join(dir, 'readings-1251.csv');
    await exportReadings(deps(), { period: PERIOD, delimiter: 'tab', encoding: 'windows-1251', out: file, actor: system });
    const bytes = await readFile(file);
    assert.notEqual(bytes[0], 0xef, 'no BOM in windows-1251');
    assert.ok(bytes.includes(iconv.encode('Холодное водоснабжение', 'win1251')), 'Cyrillic in windows-1251 bytes');
    assert.ok(!bytes.includes(Buffer.from('Холодное', 'utf8')), 'not UTF-8');
    assert.deepEqual(parseCsv(iconv.decode(bytes, 'win1251'), '\t'), EXPECTED_READINGS);
  });

  it('writes the same readings to XLSX with numeric cells, number formats and dates', async () => {
    const file = join(dir, 'readings.xlsx');
    const result = await exportReadings(deps(), { period: PERIOD, format: 'xlsx', out: file, actor: system });
    assert.equal(result.rows, EXPECTED_READINGS.length - 1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.name, `Показания ${PERIOD}`);
    assert.equal(sheet.rowCount, EXPECTED_READINGS.length);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), EXPECTED_READINGS[0]);
    const dateText = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 19).replace('T', ' ') : String(v));
    for (let r = 2; r <= sheet.rowCount; r++) {
      const expected = EXPECTED_READINGS[r - 1] ?? [];
      const row = sheet.getRow(r);
      const zone = row.getCell(6);
      const value = row.getCell(7);
      assert.equal(typeof zone.value, 'number');
      assert.equal(typeof value.value, 'number', 'readings are numbers, not text');
      assert.equal(value.value, Number((expected[6] ?? '').replace(',', '.')));
      assert.equal(value.numFmt, { '123,456': '0.000', '110,000': '0.000', '15,50': '0.00' }[expected[6] ?? ''] ?? '0.0');
      assert.ok(row.getCell(8).value instanceof Date, 'taken_on is a date');
      assert.ok(row.getCell(10).value instanceof Date, 'submitted_at is a date-time');
      const cells = [1, 2, 3, 4, 5].map((c) => String(row.getCell(c).value));
      assert.deepEqual(
        [...cells, String(zone.value), expected[6], dateText(row.getCell(8).value).slice(0, 10), String(row.getCell(9).value), dateText(row.getCell(10).value), row.getCell(11).value === null ? '' : dateText(row.getCell(11).value).slice(0, 10)],
        expected,
      );
    }
  });

  it('exports only succeeded card payments paid within the dates, inclusive, in Moscow time', async () => {
    const file = join(dir, 'payments.csv');
    const result = await exportPayments(deps(), { ...NOVEMBER, out: file, actor: system });
    assert.deepEqual(parseCsv(utf8Csv(await readFile(file))), expectedPayments(town));
    assert.equal(result.rows, 2);
    assert.equal(result.totalAmount, 150_050 + 99);

    const xlsx = join(dir, 'payments.xlsx');
    await exportPayments(deps(), { ...NOVEMBER, format: 'xlsx', out: xlsx, actor: system });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const amounts = [2, 3].map((r) => book.worksheets[0]?.getRow(r).getCell(4));
    assert.deepEqual(amounts.map((c) => [c?.value, c?.numFmt]), [[1500.5, '0.00'], [0.99, '0.00']]);

    const none = await exportPayments(deps(), { from: '2026-12-02', to: '2026-12-31', out: join(dir, 'empty.csv'), actor: system });
    assert.deepEqual({ rows: none.rows, total: none.totalAmount }, { rows: 0, total: 0 });
    assert.deepEqual(parseCsv(utf8Csv(await readFile(join(dir, 'empty.csv')))), [expectedPayments(town)[0]]);
  });

  it('writes an audit row for every export, with the actor and the counts', async () => {
    const { db } = database();
    const staff = await createStaff(db, 'operator');
    await exportReadings(deps(), { period: PERIOD, out: join(dir, 'audited.csv'), actor: { id: staff.id, ip: '10.0.0.7' } });
    await exportPayments(deps(), { ...NOVEMBER, format: 'xlsx', out: join(dir, 'audited.xlsx'), actor: { id: staff.id, ip: '10.0.0.7' } });
    const rows = await db('audit_log').where({ actor_id: staff.id }).orderBy('id').select('actor_type', 'action', 'subject_id', 'ip', 'details');
    assert.deepEqual(
      rows.map((r: { actor_type: string; action: string; subject_id: string; ip: string; details: string }) => {
        const d = JSON.parse(r.details) as Record<string, unknown>;
        return [r.actor_type, r.action, r.subject_id, r.ip, d.rows, d.format, d.totalAmount ?? null];
      }),
      [
        ['staff', 'export.readings', PERIOD, '10.0.0.7', EXPECTED_READINGS.length - 1, 'csv', null],
        ['staff', 'export.payments', '2026-11-01..2026-11-30', '10.0.0.7', 2, 'xlsx', 150_149],
      ],
    );
  });

  it('kkp export writes the file (default name in the current folder, or stdout) and audits as the system', async () => {
    const { db, url } = database();
    const cwd = await mkdtemp(join(tmpdir(), 'kkp-export-cli-'));
    try {
      const run = await kkp(url, ['export', 'readings', '--period', PERIOD], cwd);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(parseCsv(utf8Csv(await readFile(join(cwd, `readings-${PERIOD}.csv`)))), EXPECTED_READINGS);
      assert.match(run.stdout.toString('utf8'), /Показания за 2026-10: строк 7/);

      const piped = await kkp(url, ['export', 'payments', '--from', NOVEMBER.from, '--to=2026-11-30', '--encoding', 'windows-1251', '--out', '-'], cwd);
      assert.equal(piped.code, 0, piped.stderr);
      assert.deepEqual(parseCsv(iconv.decode(piped.stdout, 'win1251')), expectedPayments(town));
      assert.match(piped.stderr, /Оплаты картой с 2026-11-01 по 2026-11-30: строк 2, на сумму 1\s?501,49/);

      // A monthly scheduled job: the whole month by --month, and the month before this one by name.
      const month = await kkp(url, ['export', 'payments', '--month', '2026-11', '--out', '-'], cwd);
      assert.equal(month.code, 0, month.stderr);
      assert.match(month.stderr, /Оплаты картой с 2026-11-01 по 2026-11-30: строк 2/);
      const previous = addMonths(currentPeriod(Date.now(), TZ), -1);
      const scheduled = await kkp(url, ['export', 'readings', '--period', 'previous', '--format', 'xlsx'], cwd);
      assert.equal(scheduled.code, 0, scheduled.stderr);
      assert.match(scheduled.stdout.toString('utf8'), new RegExp(`Показания за ${previous}: `));
      assert.ok((await readdir(cwd)).includes(`readings-${previous}.xlsx`));

      const audit = await db('audit_log').where({ ip: 'cli' }).orderBy('id').select('actor_type', 'action');
      assert.deepEqual(audit.map((a: { actor_type: string; action: string }) => `${a.actor_type} ${a.action}`),
        ['system export.readings', 'system export.payments', 'system export.payments', 'system export.readings']);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('kkp export exits with 2 and a Russian message on wrong arguments, writing nothing', async () => {
    const { url } = database();
    const cwd = await mkdtemp(join(tmpdir(), 'kkp-export-cli-'));
    try {
      const cases: [string[], RegExp][] = [
        [['export'], /Укажите, что выгрузить/],
        [['export', 'charges', '--period', PERIOD], /Неизвестная выгрузка: charges/],
        [['export', 'readings'], /Не указан параметр --period/],
        [['export', 'readings', '--period', '2026-13'], /--period: Период указывается как ГГГГ-ММ/],
        [['export', 'readings', '--period', PERIOD, '--format', 'dbf'], /--format: Формат: csv или xlsx/],
        [['export', 'readings', '--period', PERIOD, '--from', '2026-11-01'], /Неизвестный параметр: --from/],
        [['export', 'payments', '--from', '2026-11-30', '--to', '2026-11-01'], /--to: Конец периода раньше начала/],
        [['export', 'payments', '--from', '2026-11-01'], /Не указан параметр --to \(или укажите --month\)/],
        [['export', 'payments', '--month', '2026-11', '--to', '2026-11-30'], /Укажите либо --month, либо --from и --to/],
        [['export', 'payments', '--month', 'прошлый'], /--month: ожидается месяц ГГГГ-ММ, previous или current, а не «прошлый»/],
        [['export', 'readings', '--period', 'next'], /--period: Период указывается как ГГГГ-ММ/],
      ];
      // Each case through the command's own entry point, in this process (a child process each
      // would cost a second apiece); the real `kkp` binary's exit code and stderr once, below.
      for (const [args, message] of cases) {
        const stderr = new PassThrough();
        const said: Buffer[] = [];
        stderr.on('data', (c: Buffer) => said.push(c));
        const code = await runExportCli(args.slice(1), { stdout: new PassThrough(), stderr });
        const text = Buffer.concat(said).toString('utf8');
        assert.equal(code, 2, args.join(' '));
        assert.match(text, message, args.join(' '));
        assert.match(text, /Использование: kkp/, args.join(' '));
      }
      const run = await kkp(url, ['export', 'readings', '--period', '2026-13'], cwd);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--period: Период указывается как ГГГГ-ММ/);
      assert.match(run.stderr, /Использование: kkp/);
      assert.deepEqual(await readdir(cwd), []);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('console command makes a file that only its author downloads, with the session, from the bridge itself', async () => {
    const { db } = database();
    const exportDir = await mkdtemp(join(tmpdir(), 'kkp-export-dir-'));
    const base = commandDeps(db);
    const deps: CommandDeps = { ...base, config: { ...base.config, exportDir, timeZone: TZ } };
    const bridge: RunningBridge = await startConsoleBridge({ deps, rendererDir: exportDir, port: 0 });
    try {
      const clerk = await createStaff(db, 'operator');
      const other = await createStaff(db, 'administrator');
      const token = await sessionFor(db, clerk.id);
      const otherToken = await sessionFor(db, other.id);

      const refused = await call(deps, 'exportReadings', { period: PERIOD });
      assert.equal(refused.result.ok, false, 'no session, no export');
      const bad = await call(deps, 'exportPayments', { from: '2026-11-30', to: '2026-11-01' }, token);
      assert.deepEqual(bad.result.ok ? null : bad.result.error.fieldErrors, [{ field: 'to', message: 'Конец периода раньше начала' }]);

      const made = await call(deps, 'exportReadings', { period: PERIOD, format: 'xlsx' }, token);
      assert.ok(made.result.ok, JSON.stringify(made.result));
      const view = made.result.value as ExportFileView;
      assert.match(view.fileId, /^[0-9a-f]{32}$/);
      assert.deepEqual({ ...view, fileId: '' }, {
        fileId: '', fileName: `Показания ${PERIOD}.xlsx`, rows: EXPECTED_READINGS.length - 1, bytes: view.bytes, totalAmount: null,
        downloadPath: `/api/download/${view.fileId}`,
      });
      const paid = await call(deps, 'exportPayments', { ...NOVEMBER }, token);
      assert.deepEqual(paid.result.ok && { ...(paid.result.value as ExportFileView), fileId: '', downloadPath: '', bytes: 0 }, {
        fileId: '', fileName: 'Оплаты картой 2026-11-01 — 2026-11-30.csv', rows: 2, bytes: 0, totalAmount: 150_149, downloadPath: '',
      });

      // A download is a navigation: the cookie carries one half of the session, the address the other.
      const { cookie } = bridgeSession(token);
      const path = `${view.downloadPath}?k=${encodeURIComponent(bridgeSession(token)['x-kkp-session-key'])}`;
      const refusals: [string, Record<string, string>, number, string?][] = [
        ['no session', {}, 401],
        ['the cookie alone, as another program on this host would receive it', { cookie }, 401, undefined],
        ['someone else', { cookie: bridgeSession(otherToken).cookie }, 404],
        ['cross-site', { cookie, 'sec-fetch-site': 'cross-site' }, 403],
        ['same-site (another port)', { cookie, 'sec-fetch-site': 'same-site' }, 403],
        ['foreign origin', { cookie, origin: 'http://evil.example' }, 403],
        ['rebound host', { cookie, host: `evil.example:${bridge.port}` }, 403],
        ['POST', { cookie }, 405, 'POST'],
      ];
      for (const [label, headers, status, method] of refusals) {
        const target = label.startsWith('the cookie alone') ? view.downloadPath
          : label === 'someone else' ? `${view.downloadPath}?k=${encodeURIComponent(bridgeSession(otherToken)['x-kkp-session-key'])}` : path;
        const reply = await get(bridge.port, target, headers, method);
        assert.equal(reply.status, status, label);
        assert.equal(JSON.parse(reply.body.toString('utf8')).ok, false, label);
      }
      const key = `?k=${encodeURIComponent(bridgeSession(token)['x-kkp-session-key'])}`;
      assert.equal((await get(bridge.port, `/api/download/0123456789abcdef0123456789abcdef${key}`, { cookie })).status, 404);
      assert.equal((await get(bridge.port, `/api/download/..%2F..%2Fetc%2Fpasswd${key}`, { cookie })).status, 404);

      const reply = await get(bridge.port, path, { cookie, 'sec-fetch-site': 'same-origin' });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(reply.headers['content-disposition'],
        `attachment; filename="readings-${PERIOD}.xlsx"; filename*=UTF-8''${encodeURIComponent(`Показания ${PERIOD}.xlsx`)}`);
      assert.equal(reply.headers['cache-control'], 'no-store');
      assert.equal(reply.body.length, view.bytes);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(reply.body as unknown as ArrayBuffer);
      assert.equal(book.worksheets[0]?.rowCount, EXPECTED_READINGS.length);

      const typed = await get(bridge.port, path, { cookie, 'sec-fetch-site': 'none' });
      assert.equal(typed.status, 200, 'the address opened by the clerk directly');
      const downloads = await db('audit_log').where({ action: 'export.download', actor_id: clerk.id }).count({ n: '*' }).first();
      assert.equal(Number(downloads?.n), 2);
      const made2 = await db('audit_log').where({ action: 'export.readings', actor_id: clerk.id }).first('ip');
      assert.equal(made2?.ip, '127.0.0.1');
    } finally {
      await bridge.close();
      await rm(exportDir, { recursive: true, force: true });
    }
  });
});
