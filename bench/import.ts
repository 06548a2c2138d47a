// The billing import end to end (read the CSV, validate, resolve, write in one transaction)
// beside a raw insert of the same rows into the same table the fastest way the engine allows.
// Each measured run is a child process on a fresh database seeded with the same accounts and
// services; its maxRSS is the peak memory. Target: import ≥ 0.5 × raw, peak ≤ 200 MB.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createDb } from '../db/connection.ts';
import type { EngineName } from '../db/dialect/index.ts';
import { migrateLatest } from '../db/migrations/index.ts';
import { withPgClient } from '../db/pg-admin.ts';
import { insertAccounts, writeChargesCsv } from '../tests/support/charges-file.ts';
import { BENCH_SHAPE } from './import-shape.ts';
import { fmt, printHeading, printNote, printTable } from './report.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

interface Measured {
  rows: number;
  ms: number;
  maxRssBytes: number;
}

export async function benchImport(engines: { engine: EngineName; baseUrl?: string }[]): Promise<void> {
  printHeading('Billing import: 1 000 000 charges, end to end vs raw insert');
  const file = await benchFile();
  const table: string[][] = [];
  for (const { engine, baseUrl } of engines) {
    const raw = await measure(engine, baseUrl, 'raw', file);
    const imported = await measure(engine, baseUrl, 'import', file);
    const rawRate = raw.rows / (raw.ms / 1000);
    const importRate = imported.rows / (imported.ms / 1000);
    table.push([engine, 'raw insert', fmt.int(raw.rows), fmt.seconds(raw.ms), fmt.int(rawRate), '', mb(raw.maxRssBytes)]);
    table.push([engine, 'import (parse+validate+write)', fmt.int(imported.rows), fmt.seconds(imported.ms), fmt.int(importRate), fmt.ratio(importRate / rawRate), mb(imported.maxRssBytes)]);
  }
  printTable(
    [{ title: 'engine' }, { title: 'run' }, { title: 'rows', align: 'right' }, { title: 'time', align: 'right' }, { title: 'rows/s', align: 'right' },
      { title: 'import/raw', align: 'right' }, { title: 'peak RSS', align: 'right' }],
    table,
  );
  printNote('Targets: import/raw ≥ 0.50, peak RSS of the import ≤ 200 MB. Each run is a child process (bench/import-worker.ts,');
  printNote('bundled with esbuild and run by plain node, as shipped code runs) on a fresh database; peak RSS is its maxRSS.');
  printNote('Raw insert: typed rows into charges in one transaction (SQLite: multi-row INSERT, one prepared statement; PostgreSQL: COPY).');
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/** The CSV is made once and kept under var/bench/ (it is ~60 MB). */
async function benchFile(): Promise<string> {
  const dir = join(repoRoot, 'var', 'bench');
  await mkdir(dir, { recursive: true });
  const rows = BENCH_SHAPE.accounts * BENCH_SHAPE.services.length * BENCH_SHAPE.periods.length;
  const file = join(dir, `charges-${rows}.csv`);
  if (!existsSync(file)) {
    printNote(`Writing ${file} (once)…`);
    await writeChargesCsv(`${file}.part`, BENCH_SHAPE);
    await (await import('node:fs/promises')).rename(`${file}.part`, file);
  }
  return file;
}

async function measure(engine: EngineName, baseUrl: string | undefined, mode: 'raw' | 'import', file: string): Promise<Measured> {
  const storage = engine === 'postgres' ? await tempPostgres(baseUrl as string) : await tempSqlite();
  try {
    const db = createDb(storage.url);
    try {
      await migrateLatest(db);
      const now = Date.now();
      const [building] = await db('buildings').insert({ city: 'Десногорск', street: '1-й микрорайон', house: '1', block: '', created_at: now }).returning('id');
      await db('services').insert(BENCH_SHAPE.services.map((code, i) => ({ code, name: code, unit: 'м³', metered: false, sort_order: i })));
      await insertAccounts(db, Number(typeof building === 'object' ? building.id : building), BENCH_SHAPE.accounts);
    } finally {
      await db.destroy();
    }
    return await worker(mode, storage.url, file);
  } finally {
    await storage.drop();
  }
}

/**
 * The worker bundled to one JavaScript file, as the console and the CLI ship: run through tsx, a
 * process carries the TypeScript loader's own thread and compiled sources (~60 MB more RSS),
 * which is not the import's memory.
 */
async function bundledWorker(): Promise<string> {
  const out = join(repoRoot, 'var', 'bench', 'import-worker.mjs');
  await build({
    entryPoints: [join(repoRoot, 'bench', 'import-worker.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    packages: 'external', logLevel: 'warning',
  });
  return out;
}

let workerScript: Promise<string> | undefined;

async function worker(mode: string, url: string, file: string): Promise<Measured> {
  const script = await (workerScript ??= bundledWorker());
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, mode, url, file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench/import-worker.ts ${mode} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measured);
    });
  });
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
