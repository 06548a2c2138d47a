// One measured run for bench/import.ts, in a process of its own so its peak memory (maxRSS) is
// the import's alone:  node import-worker.mjs <limit|import> <database url> <csv file> [mapping.json]
// Prints one JSON line: { rows, ms, maxRssBytes }.
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import type { Knex } from 'knex';
import { createDb } from '../db/connection.ts';
import { engineOf } from '../db/dialect/index.ts';
import { sha256File } from '../shared/import/hash.ts';
import { openImportFile } from '../shared/import/open.ts';
import { runImport } from '../shared/import/load.ts';
import { BulkInserter, type BulkCell } from '../shared/import/write-bulk.ts';
import { REPLACE_TABLES } from '../shared/import/write-replace.ts';
import { chargeFigures } from '../tests/support/charges-file.ts';
import { BENCH_SHAPE } from './import-shape.ts';
import { backendsCpuSpent, postgresBackendsCpu } from './postgres-cpu.ts';

const [mode, url, file, mappingFile] = process.argv.slice(2);
if ((mode !== 'limit' && mode !== 'import') || !url || !file) {
  console.error('usage: node import-worker.mjs <limit|import> <database url> <csv file> [mapping.json]');
  process.exit(2);
}

// BENCH_IMPORT_POOL=1: a pool of one connection, with which SQLite imports the way it did before
// staging (one transaction for the whole file, shared/import/stage.ts canStage), for comparison.
const db = createDb(url, { poolMax: Number(process.env.BENCH_IMPORT_POOL) || 2 });
const sampler = process.env.BENCH_MEMORY_DEBUG ? memorySampler() : null;
try {
  // The database's share of the work: on 2 cores its backend and this process compete, so the
  // import's speed is bounded by both CPU figures together (PostgreSQL on this machine only).
  const dbBefore = engineOf(db) === 'postgres' ? await postgresBackendsCpu(url) : undefined;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const rows = mode === 'limit' ? await bulkLoadLimit(db) : await endToEnd(db, file, mappingFile);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const dbAfter = dbBefore ? await postgresBackendsCpu(url) : undefined;
  sampler?.stop();
  const dbCpuMs = dbBefore && dbAfter ? backendsCpuSpent(dbBefore, dbAfter) / 1000 : null;
  console.log(JSON.stringify({ rows, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000, dbCpuMs }));
} finally {
  await db.destroy();
}

/**
 * The engine's bulk-load limit: the same rows, already typed, into a table of the same columns
 * with no index, key or foreign key, in one transaction — PostgreSQL: COPY into an UNLOGGED
 * table; SQLite: one prepared multi-row INSERT reused for every chunk (BulkInserter does both).
 */
async function bulkLoadLimit(db: Knex): Promise<number> {
  const columns = REPLACE_TABLES.charges.columns;
  const types: Record<string, string> = { period: 'varchar(7)', recalculation_reason: 'varchar(500)' };
  const unlogged = engineOf(db) === 'postgres' ? 'UNLOGGED ' : '';
  await db.raw(`CREATE ${unlogged}TABLE "bench_limit" (${columns.map((c) => `"${c}" ${types[c] ?? 'bigint'}`).join(', ')})`);
  const accountIds = (await db('accounts').orderBy('id').limit(BENCH_SHAPE.accounts).pluck('id')).map(Number);
  const serviceIds = (await db('services').orderBy('id').limit(BENCH_SHAPE.services.length).pluck('id')).map(Number);
  let i = 0;
  await db.transaction(async (trx) => {
    const inserter = new BulkInserter(trx);
    let batch: BulkCell[][] = [];
    for (const period of BENCH_SHAPE.periods) {
      for (let a = 0; a < BENCH_SHAPE.accounts; a++) {
        for (let s = 0; s < BENCH_SHAPE.services.length; s++) {
          const f = chargeFigures(i++);
          batch.push([accountIds[a] ?? a, period, serviceIds[s] ?? s, f.volume, null, f.tariff, f.charged, f.recalculation, null, 0, 0, f.total]);
          if (batch.length === 10_000) {
            await inserter.insert('bench_limit', columns, batch);
            batch = [];
          }
        }
      }
    }
    await inserter.insert('bench_limit', columns, batch);
    await inserter.close();
  });
  await db.raw('DROP TABLE "bench_limit"');
  return i;
}

async function endToEnd(db: Knex, path: string, mappingPath: string | undefined): Promise<number> {
  const mapping = mappingPath ? (JSON.parse(readFileSync(mappingPath, 'utf8')) as unknown) : undefined;
  const file = await openImportFile(path, { kind: 'charges', ...(mapping ? { mapping } : {}) });
  const result = await runImport(
    { db, now: Date.now },
    {
      file, fileName: mappingPath ? 'bench-1c.csv' : 'bench.csv', fileSha256: await sha256File(path), dryRun: false,
      actor: { staffId: null, name: 'bench', origin: 'bench' },
    },
  );
  if (result.status !== 'done') throw new Error(`import ${result.status}: ${result.error ?? JSON.stringify(result.problems.slice(0, 3))}`);
  return result.counts.rows;
}

/** BENCH_MEMORY_DEBUG=1: samples process.memoryUsage() every 100 ms and prints each part's peak (MB) to stderr. */
function memorySampler(): { stop(): void } {
  const peak: Record<string, number> = {
    rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0, RssAnon: 0, RssFile: 0, old_space: 0, new_space: 0, large_object_space: 0, new_large_object_space: 0,
  };
  const started = performance.now();
  let lastPrint = 0;
  const sample = () => {
    const m: Record<string, number> = { ...process.memoryUsage(), ...procStatus() };
    for (const space of getHeapSpaceStatistics()) m[space.space_name] = space.space_used_size;
    for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k]!, m[k] ?? 0);
    const t = performance.now() - started;
    if (process.env.BENCH_MEMORY_DEBUG === 'trace' && t - lastPrint >= 1000) {
      lastPrint = t;
      console.error(`${(t / 1000).toFixed(1)} s`, Object.entries(m).filter(([k]) => k in peak).map(([k, v]) => `${k} ${Math.round(v / 2 ** 20)}`).join(' '));
    }
  };
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      console.error('peak MB', Object.entries(peak).map(([k, v]) => `${k} ${Math.round(v / 2 ** 20)}`).join(' '));
    },
  };
}

/** Linux: the resident set split into anonymous memory, mapped files (SQLite's mmap) and shared memory. */
function procStatus(): Record<string, number> {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const out: Record<string, number> = {};
    for (const m of text.matchAll(/^(RssAnon|RssFile|RssShmem):\s+(\d+) kB/gm)) out[m[1]!] = Number(m[2]) * 1024;
    return out;
  } catch {
    return {};
  }
}
