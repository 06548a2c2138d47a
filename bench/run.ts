// `npm run bench`: prints the machine, then runs each benchmark and prints its figures, each
// next to the bare-Koa baseline measured in turns with it. Benchmarks report; they never fail the run for being slow.
//
//   DATABASE_URL=postgres://…  also run on PostgreSQL (a throw-away database is made inside it)
//   BENCH_DURATION_S=10        measured seconds per target (warm-up: BENCH_WARMUP_S=3)
//   BENCH_CONNECTIONS=50       concurrent connections
//   BENCH_CPU_PROF=/tmp/prof   write a V8 CPU profile of each site process there
//   BENCH_IMPORT_ROWS=1000000  rows in the billing-import benchmark (its CSV is cached in var/bench/)
//   BENCH_IMPORT_POOL=1        SQLite imports unstaged, in one transaction, as before issue 17 (for comparison)
//   BENCH_ENGINES=postgres     run only these engines (sqlite, postgres); default every one configured
//   BENCH_ONLY=overview,import  run only these (overview, export, receipts, import, import-site, sign-in); default all
//   BENCH_SIGNIN_ROUNDS=30     attempts per case in the sign-in timing benchmark
import type { BenchSettings } from './context.ts';
import { benchEngines } from './database.ts';
import { benchExport } from './export.ts';
import { benchImport } from './import.ts';
import { benchImportSite } from './import-site.ts';
import { benchOverview } from './overview.ts';
import { benchReceipts } from './receipts.ts';
import { benchSignIn } from './sign-in-timing.ts';
import { printMachine } from './report.ts';

const settings: BenchSettings = {
  connections: positive(process.env.BENCH_CONNECTIONS, 50),
  durationS: positive(process.env.BENCH_DURATION_S, 10),
  warmupS: positive(process.env.BENCH_WARMUP_S, 3),
  timeZone: process.env.TIME_ZONE || 'Europe/Moscow',
};

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

printMachine();
const engines = benchEngines();
console.log(`Engines: ${engines.map((e) => e.engine).join(', ')}${engines.length === 1 ? ' (set DATABASE_URL=postgres://… to add PostgreSQL)' : ''}`);

const benchContext = { settings, engines };
const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const wanted = (name: string) => only.length === 0 || only.includes(name);
if (wanted('overview')) await benchOverview(benchContext);
if (wanted('export')) await benchExport(benchContext);
if (wanted('receipts')) await benchReceipts(benchContext);
if (wanted('import')) await benchImport(engines);
if (wanted('import-site')) await benchImportSite(benchContext);
if (wanted('sign-in')) await benchSignIn(benchContext);
