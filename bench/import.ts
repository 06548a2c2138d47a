// The billing import end to end (read, validate, resolve, write): 1,000,000 charges from the
// canonical CSV and from the same rows as a 1C-style export through a mapping (bench/import-files.ts),
// each next to the engine's bulk-load limit measured in the same run (PostgreSQL: COPY into an
// UNLOGGED table with no index; SQLite: one prepared multi-row INSERT into a table with no
// index) and given as a fraction of it. Each run is a child process on a fresh database seeded
// with the same accounts and services; its maxRSS is the peak memory.
// Targets (issue 17): ≥ 250,000 rows/s on PostgreSQL, ≥ 150,000 on SQLite; peak RSS ≤ 200 MB.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../db/connection.ts';
import type { EngineName } from '../db/dialect/index.ts';
import { migrateLatest } from '../db/migrations/index.ts';
import { withPgClient } from '../db/pg-admin.ts';
import type { ColumnMappingInput } from '../shared/import/mapping.ts';
import { benchFiles } from './import-files.ts';
import { BENCH_ROWS } from './import-shape.ts';
import { benchDir, IMPORT_TARGET_ROWS_PER_S, runWorker, seedImportShape, type Measured } from './import-run.ts';
import { fmt, printHeading, printNote, printTable } from './report.ts';

const PEAK_RSS_TARGET_MB = 200;

export async function benchImport(engines: { engine: EngineName; baseUrl?: string }[]): Promise<void> {
  printHeading(`Billing import: ${fmt.int(BENCH_ROWS)} charges end to end, canonical and through a mapping, vs the bulk-load limit`);
  const files = await benchFiles(benchDir);
  const table: string[][] = [];
  for (const { engine, baseUrl } of engines) {
    const limit = await measure(engine, baseUrl, 'limit', files.canonical);
    const limitRate = rate(limit);
    table.push([engine, 'bulk-load limit', fmt.int(limit.rows), fmt.seconds(limit.ms), fmt.int(limitRate), '1.00', cpu(limit), mb(limit.maxRssBytes), '']);
    const runs: [string, string, ColumnMappingInput | undefined][] = [
      ['import, canonical CSV', files.canonical, undefined],
      [`import, 1C-style via mapping (names, cp1251)`, files.mapped, files.mapping],
    ];
    for (const [title, file, mapping] of runs) {
      const run = await measure(engine, baseUrl, 'import', file, mapping);
      table.push([engine, title, fmt.int(run.rows), fmt.seconds(run.ms), fmt.int(rate(run)), fmt.ratio(rate(run) / limitRate), cpu(run), mb(run.maxRssBytes), verdict(engine, run)]);
    }
  }
  printTable(
    [{ title: 'engine' }, { title: 'run' }, { title: 'rows', align: 'right' }, { title: 'time', align: 'right' }, { title: 'rows/s', align: 'right' },
      { title: 'of limit', align: 'right' }, { title: 'CPU node + db', align: 'right' }, { title: 'peak RSS', align: 'right' }, { title: 'target met' }],
    table,
  );
  printNote(`Targets: import end to end ≥ ${fmt.int(IMPORT_TARGET_ROWS_PER_S.postgres)} rows/s on PostgreSQL, ≥ ${fmt.int(IMPORT_TARGET_ROWS_PER_S.sqlite)} on SQLite (about half the limit); peak RSS ≤ ${PEAK_RSS_TARGET_MB} MB.`);
  printNote('Limit: the same rows, typed, into a table of the same columns with no index or key, one transaction (PostgreSQL: COPY into an UNLOGGED table; SQLite: one prepared multi-row INSERT).');
  printNote('CPU: the importing process\'s user + system time, then (PostgreSQL on this machine) its server backends\'; on 2 cores their sum over 2 bounds the time.');
  printNote('Each run is a child process (bench/import-worker.ts, bundled with esbuild, run by plain node) on a fresh database; peak RSS is its maxRSS.');
  printNote(`1C-style file: windows-1251, Russian headers in another order, periods «10.2026», «1 234,56»; services by name through the mapping's dictionary (values).`);
}

const rate = (m: Measured) => m.rows / (m.ms / 1000);
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
/** The import process's CPU and the database server's (PostgreSQL here), which share the machine's cores. */
const cpu = (m: Measured) => `${fmt.seconds(m.cpuMs)}${m.dbCpuMs === null ? '' : ` + ${fmt.seconds(m.dbCpuMs)}`}`;

function verdict(engine: EngineName, m: Measured): string {
  const misses: string[] = [];
  if (rate(m) < IMPORT_TARGET_ROWS_PER_S[engine]) misses.push(`${fmt.int(rate(m))} < ${fmt.int(IMPORT_TARGET_ROWS_PER_S[engine])} rows/s`);
  if (m.maxRssBytes > PEAK_RSS_TARGET_MB * 2 ** 20) misses.push(`RSS ${mb(m.maxRssBytes)} > ${PEAK_RSS_TARGET_MB} MB`);
  return misses.length === 0 ? 'yes' : `NO (${misses.join('; ')})`;
}

async function measure(engine: EngineName, baseUrl: string | undefined, mode: 'limit' | 'import', file: string, mapping?: ColumnMappingInput): Promise<Measured> {
  const storage = engine === 'postgres' ? await tempPostgres(baseUrl as string) : await tempSqlite();
  try {
    const db = createDb(storage.url);
    try {
      await migrateLatest(db);
      await seedImportShape(db);
      if (engine === 'postgres') await db.raw('vacuum analyze');
    } finally {
      await db.destroy();
    }
    return await runWorker(mode, storage.url, file, mapping);
  } finally {
    await storage.drop();
  }
}

async function tempSqlite(): Promise<{ url: string; drop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kkp-bench-import-'));
  return { url: `sqlite:${join(dir, 'bench.sqlite')}`, drop: () => rm(dir, { recursive: true, force: true }) };
}

async function tempPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kkp_bench_import_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withPgClient(baseUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withPgClient(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) };
}
