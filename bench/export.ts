// Readings export to billing for a town of 100,000 accounts (issue 4 target: ≤ 5 s), to CSV and
// to XLSX, on each engine. The data is seeded once per engine per run with bulk inserts: every
// account has a cold- and a hot-water meter and an electricity meter (one in three two-zone),
// read in two periods, so the export has to pick one period out of twice as many readings.
// Each export runs in a child process of its own, so its peak RSS is the export's, not the seed's.
//
//   BENCH_EXPORT_ACCOUNTS=100000   accounts to seed
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { insertRows, type Row } from '../db/bulk-insert.ts';
import { createDb } from '../db/connection.ts';
import { migrateLatest } from '../db/migrations/index.ts';
import { withPgClient } from '../db/pg-admin.ts';
import { exportReadings } from '../shared/export/index.ts';
import { createWorld } from '../tests/support/factories.ts';
import type { BenchContext } from './context.ts';
import { fmt, printHeading, printNote, printTable } from './report.ts';

const TARGET_S = 5;
const PERIOD = '2026-11';
const PREVIOUS = '2026-10';
const SEED_BATCH = 10_000;

interface ChildResult {
  rows: number;
  bytes: number;
  seconds: number;
  /** CPU time of the export process (all its threads): on a busy machine wall time says little. */
  cpuSeconds: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

export async function benchExport(ctx: BenchContext): Promise<void> {
  const accounts = Number(process.env.BENCH_EXPORT_ACCOUNTS) > 0 ? Number(process.env.BENCH_EXPORT_ACCOUNTS) : 100_000;
  printHeading(`Readings export: ${fmt.int(accounts)} accounts, period ${PERIOD}, CSV and XLSX`);
  const table: string[][] = [];
  const notes: string[] = [];
  for (const { engine, baseUrl } of ctx.engines) {
    const storage = engine === 'postgres' ? await tempPostgres(baseUrl ?? '') : await tempSqlite();
    try {
      const started = performance.now();
      const db = createDb(storage.url);
      let readings: number;
      try {
        await migrateLatest(db);
        readings = await seedTown(db, accounts);
      } finally {
        await db.destroy();
      }
      notes.push(`${engine}: seeded ${fmt.int(accounts)} accounts, ${fmt.int(readings)} readings (two periods) in ${fmt.seconds(performance.now() - started)}`);
      for (const format of ['csv', 'xlsx'] as const) {
        const out = join(storage.dir, `readings.${format}`);
        const r = await runChild(storage.url, format, out, ctx.settings.timeZone);
        table.push([
          engine, format, fmt.int(r.rows), r.seconds.toFixed(2), r.cpuSeconds.toFixed(2), fmt.int(r.rows / r.seconds), `${(r.bytes / 2 ** 20).toFixed(1)} MiB`,
          `${r.rssBeforeMb.toFixed(0)} → ${r.peakRssMb.toFixed(0)} MB`, r.seconds <= TARGET_S ? 'yes' : `NO (> ${TARGET_S} s)`,
        ]);
        await rm(out, { force: true });
      }
    } finally {
      await storage.drop();
    }
  }
  printTable(
    [
      { title: 'engine' }, { title: 'format' }, { title: 'rows', align: 'right' }, { title: 'seconds', align: 'right' },
      { title: 'cpu s', align: 'right' }, { title: 'rows/s', align: 'right' }, { title: 'file', align: 'right' }, { title: 'RSS before → peak' }, { title: 'target met' },
    ],
    table,
  );
  printNote(`Load average (1 min) now: ${loadavg()[0]?.toFixed(2)}; cpu s is the export process's CPU time, all threads.`);
  printNote(`Target: a readings export of 100,000 accounts in ≤ ${TARGET_S} s. Time is the export alone (query, format, write to a file), in a fresh process.`);
  for (const note of notes) printNote(note);
}

// ─── Data ────────────────────────────────────────────────────────────────────

/** Seeds the town with explicit ids (a fresh database), returns the number of readings. */
export async function seedTown(db: Knex, accounts: number): Promise<number> {
  const world = await createWorld(db);
  const now = Date.now();
  let readings = 0;
  for (let from = 0; from < accounts; from += SEED_BATCH) {
    const accountRows: Row[] = [];
    const meterRows: Row[] = [];
    const readingRows: Row[] = [];
    for (let i = from; i < Math.min(from + SEED_BATCH, accounts); i++) {
      const id = i + 1;
      const number = String(10_000_000 + id);
      accountRows.push({
        id, number, building_id: world.buildingId, flat: String(id % 200), address: `г. Десногорск, 1-й микрорайон, д. 1, кв. ${id % 200}`,
        total_area_cm2: 5230, residents: 2, owner_name: `Абонент ${number}`, status: 'active', created_at: now, updated_at: now,
      });
      const meters = [
        { id: 3 * i + 1, service: world.services.cold_water, serial: `ХВ-${number}`, zones: 1, precision: 3 },
        { id: 3 * i + 2, service: world.services.hot_water, serial: `ГВ-${number}`, zones: 1, precision: 3 },
        { id: 3 * i + 3, service: world.services.electricity, serial: `Э-${number}`, zones: i % 3 === 0 ? 2 : 1, precision: 1 },
      ];
      for (const m of meters) {
        meterRows.push({
          id: m.id, account_id: id, service_id: m.service, serial: m.serial, zones: m.zones, precision: m.precision,
          verification_due: '2030-01-01', created_at: now,
        });
        for (const [k, period] of [PREVIOUS, PERIOD].entries()) {
          for (let zone = 1; zone <= m.zones; zone++) {
            readingRows.push({
              meter_id: m.id, period, zone, value_milli: (id % 1000) * 1_000_000 + k * 12_345 + zone * 1_000 + (m.precision === 3 ? 456 : 0),
              taken_on: `${period}-24`, submitted_at: Date.parse(`${period}-24T07:${String(id % 60).padStart(2, '0')}:00Z`),
              source: id % 4 === 0 ? 'billing' : 'resident', user_id: null,
            });
          }
        }
      }
    }
    await insertRows(db, 'accounts', accountRows);
    await insertRows(db, 'meters', meterRows);
    await insertRows(db, 'readings', readingRows);
    readings += readingRows.length;
  }
  // A live database has statistics; a freshly filled one must be given them.
  await db.raw('analyze');
  return readings;
}

// ─── The export, in a process of its own ─────────────────────────────────────

function runChild(url: string, format: 'csv' | 'xlsx', out: string, timeZone: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--export-child', url, format, out, timeZone], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    let result: ChildResult | undefined;
    child.on('message', (m: ChildResult) => (result = m));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`export child exited with ${code}`))));
  });
}

async function childMain(url: string, format: 'csv' | 'xlsx', out: string, timeZone: string): Promise<void> {
  const db = createDb(url);
  try {
    await db.raw('select 1'); // connect before the clock starts
    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await exportReadings({ db, timeZone, now: Date.now }, { period: PERIOD, format, out, actor: { id: null, ip: 'bench' } });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const bytes = (await stat(out)).size;
    process.send?.({ rows: result.rows, bytes, seconds, cpuSeconds, rssBeforeMb, peakRssMb: process.resourceUsage().maxRSS / 1024 } satisfies ChildResult);
  } finally {
    await db.destroy();
  }
}

// ─── Storage ─────────────────────────────────────────────────────────────────

interface Storage {
  url: string;
  /** A temporary folder for the export files. */
  dir: string;
  drop(): Promise<void>;
}

async function tempSqlite(): Promise<Storage> {
  const dir = await mkdtemp(join(tmpdir(), 'kkp-bench-export-'));
  return { url: `sqlite:${join(dir, 'bench.sqlite')}`, dir, drop: () => rm(dir, { recursive: true, force: true }) };
}

async function tempPostgres(baseUrl: string): Promise<Storage> {
  const dir = await mkdtemp(join(tmpdir(), 'kkp-bench-export-'));
  const name = `kkp_bench_export_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withPgClient(baseUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    async drop() {
      await withPgClient(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await rm(dir, { recursive: true, force: true });
    },
  };
}


if (process.argv[2] === '--export-child' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [, , , url = '', format = 'csv', out = '', timeZone = 'Europe/Moscow'] = process.argv;
  childMain(url, format === 'xlsx' ? 'xlsx' : 'csv', out, timeZone).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
