// What the import benchmarks share: the accounts and services the bench files need, seeded into
// a database, and one measured run of bench/import-worker.ts in a child process (bundled with
// esbuild and run by plain node, as the console and the CLI ship; its maxRSS is the run's peak).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Knex } from 'knex';
import type { ColumnMappingInput } from '../shared/import/mapping.ts';
import { insertAccounts } from '../tests/support/charges-file.ts';
import { BENCH_SHAPE } from './import-shape.ts';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const benchDir = join(repoRoot, 'var', 'bench');

export interface Measured {
  rows: number;
  ms: number;
  maxRssBytes: number;
  /** CPU time of the importing process (user + system). */
  cpuMs: number;
  /** CPU time of the database's server processes during the run (PostgreSQL on this machine; null otherwise). */
  dbCpuMs: number | null;
}

/** The bench files' accounts (one new building) and whichever of their services the database lacks. */
export async function seedImportShape(db: Knex): Promise<void> {
  const now = Date.now();
  const [building] = await db('buildings').insert({ city: 'Десногорск', street: 'Бенчмарк', house: '1', block: '', created_at: now }).returning('id');
  const have = new Set((await db('services').pluck('code')).map(String));
  const missing = BENCH_SHAPE.services.filter((code) => !have.has(code));
  if (missing.length > 0) {
    await db('services').insert(missing.map((code, i) => ({ code, name: code, unit: 'м³', metered: false, sort_order: 900 + i })));
  }
  await insertAccounts(db, Number(typeof building === 'object' ? building.id : building), BENCH_SHAPE.accounts);
}

let workerScript: Promise<string> | undefined;

/**
 * The worker bundled to one JavaScript file: run through tsx, a process carries the TypeScript
 * loader's own thread and compiled sources (~60 MB more RSS), which is not the import's memory.
 */
function bundledWorker(): Promise<string> {
  const out = join(benchDir, 'import-worker.mjs');
  workerScript ??= build({
    entryPoints: [join(repoRoot, 'bench', 'import-worker.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    packages: 'external', logLevel: 'warning',
  }).then(() => out);
  return workerScript;
}

export interface WorkerRun {
  done: Promise<Measured>;
  child: ChildProcess;
}

/** Starts one run: 'limit' (the engine's bulk-load limit) or 'import' (end to end, with a mapping or canonical). */
export async function startWorker(mode: 'limit' | 'import', url: string, file: string, mapping?: ColumnMappingInput): Promise<WorkerRun> {
  const script = await bundledWorker();
  const args = [script, mode, url, file];
  if (mapping) {
    const mappingFile = join(benchDir, 'bench-mapping.json');
    await writeFile(mappingFile, JSON.stringify(mapping, null, 2));
    args.push(mappingFile);
  }
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<Measured>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench/import-worker.ts ${mode} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measured);
    });
  });
  return { done, child };
}

export async function runWorker(mode: 'limit' | 'import', url: string, file: string, mapping?: ColumnMappingInput): Promise<Measured> {
  return (await startWorker(mode, url, file, mapping)).done;
}

export const IMPORT_TARGET_ROWS_PER_S = { postgres: 250_000, sqlite: 150_000 } as const;
