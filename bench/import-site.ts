// The resident site while a 1,000,000-row charges import runs (issue 17, item 8): on each engine,
// the site (as production runs it) over the demo town plus the bench file's 125,000 accounts;
// residents sign in (POST /login, the whole form with its CSRF pair) and open the overview
// (GET / with a session) at a steady rate, first with nothing else running, then while the
// canonical file is imported end to end by a child process (bench/import-worker.ts). Printed:
// p50/p99 and failed requests of each, before and during, and the import's own rate under load.
// Targets: 0 failed requests, p99 during the import ≤ 5× before.
import autocannon, { type Client, type Result } from 'autocannon';
import { createDb } from '../db/connection.ts';
import type { BenchContext } from './context.ts';
import { createBenchDatabase } from './database.ts';
import { benchFiles } from './import-files.ts';
import { BENCH_ROWS, BENCH_SHAPE } from './import-shape.ts';
import { benchDir, IMPORT_TARGET_ROWS_PER_S, seedImportShape, startWorker, type Measured } from './import-run.ts';
import { fmt, printHeading, printNote, printTable } from './report.ts';
import { startServerChild } from './servers/child.ts';
import { signIn, signInForm, type Credentials } from './sign-in.ts';

const SITE_SERVER = new URL('./servers/site.ts', import.meta.url);
const SIGNED_IN_RESIDENTS = 50;
const P99_FACTOR = 5;
/** Steady rates (requests per second over all connections): a busy evening, not a saturating test. */
const OVERVIEW_RATE = positive(process.env.BENCH_IMPORT_OVERVIEW_RATE, 400);
const SIGN_IN_RATE = positive(process.env.BENCH_IMPORT_SIGNIN_RATE, 10);
/** An import that takes longer is stopped: the bench stays bounded in time. */
const IMPORT_LIMIT_S = 600;

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

interface Target {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  rate: number;
  /** Per connection, in turn: its headers and body. */
  perConnection: { headers: Record<string, string>; body?: string }[];
  /** The status a request answered rightly gets (a sign-in redirects). */
  okStatus: number;
}

interface Measure {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  statusCodes: Record<string, number>;
}

export async function benchImportSite(ctx: BenchContext): Promise<void> {
  const s = ctx.settings;
  printHeading(`The resident site during a ${fmt.int(BENCH_ROWS)}-row import: sign-in and overview, before and during`);
  const files = await benchFiles(benchDir);
  const table: string[][] = [];
  const notes: string[] = [];
  for (const { engine, baseUrl } of ctx.engines) {
    const database = await createBenchDatabase(engine, baseUrl, { timeZone: s.timeZone, logins: SIGNED_IN_RESIDENTS });
    try {
      const db = createDb(database.url);
      try {
        await seedImportShape(db);
        if (engine === 'postgres') await db.raw('vacuum analyze');
      } finally {
        await db.destroy();
      }
      const site = await startServerChild(SITE_SERVER, { DATABASE_URL: database.url, TIME_ZONE: s.timeZone });
      try {
        const cookies = await signIn(site.url, database.residents);
        const targets = [
          {
            name: 'overview GET /', url: `${site.url}/`, method: 'GET', connections: 10, rate: OVERVIEW_RATE, okStatus: 200,
            perConnection: cookies.map((cookie) => ({ headers: { cookie } })),
          },
          { name: 'sign-in POST /login', url: `${site.url}/login`, method: 'POST', connections: 4, rate: SIGN_IN_RATE, okStatus: 302, perConnection: await signInForms(site.url, database.residents, 4) },
        ] satisfies Target[];
        await Promise.all(targets.map((t) => fire(t, s.warmupS).done));
        const before = await Promise.all(targets.map((t) => fire(t, s.durationS).done));
        const loads = targets.map((t) => fire(t, IMPORT_LIMIT_S));
        const run = await startWorker('import', database.url, files.canonical);
        const timer = setTimeout(() => run.child.kill('SIGKILL'), IMPORT_LIMIT_S * 1000);
        let imported: Measured | Error;
        try {
          imported = await run.done;
        } catch (error) {
          imported = error as Error;
        } finally {
          clearTimeout(timer);
          for (const load of loads) load.stop();
        }
        const during = await Promise.all(loads.map((l) => l.done));
        targets.forEach((t, i) => {
          const b = before[i]!;
          const d = during[i]!;
          table.push([engine, t.name, 'before', fmt.int(b.requests), fmt.ms(b.p50Ms), fmt.ms(b.p99Ms), String(b.failed), '']);
          table.push([engine, t.name, 'during import', fmt.int(d.requests), fmt.ms(d.p50Ms), fmt.ms(d.p99Ms), String(d.failed), verdict(b, d)]);
        });
        const importNote = imported instanceof Error
          ? `the import failed: ${imported.message}`
          : `the import took ${fmt.seconds(imported.ms)}, ${fmt.int(imported.rows / (imported.ms / 1000))} rows/s under this load (target ${fmt.int(IMPORT_TARGET_ROWS_PER_S[engine])})`;
        notes.push(`${engine}: ${database.data} + ${fmt.int(BENCH_SHAPE.accounts)} bench accounts; ${importNote}; status codes during: ${during.map((d, i) => `${targets[i]!.name} ${JSON.stringify(d.statusCodes)}`).join(', ')}`);
      } finally {
        await site.stop();
      }
    } finally {
      await database.drop();
    }
  }
  printTable(
    [{ title: 'engine' }, { title: 'request' }, { title: 'when' }, { title: 'requests', align: 'right' }, { title: 'p50 ms', align: 'right' },
      { title: 'p99 ms', align: 'right' }, { title: 'failed', align: 'right' }, { title: 'target met' }],
    table,
  );
  printNote(`Targets: no failed request (socket error, timeout, or a status other than the right one: 200 for the overview, 302 for a sign-in), p99 during the import ≤ ${P99_FACTOR}× before.`);
  printNote(`Steady load: overview ${OVERVIEW_RATE} req/s over 10 connections (${SIGNED_IN_RESIDENTS} residents' sessions), sign-in ${SIGN_IN_RATE} req/s over 4 connections (Argon2id each); before: ${s.durationS} s after ${s.warmupS} s warm-up; during: from the import's start to its end.`);
  printNote('BENCH_IMPORT_OVERVIEW_RATE and BENCH_IMPORT_SIGNIN_RATE change the rates.');
  for (const note of notes) printNote(note);
}

function verdict(before: Measure, during: Measure): string {
  const misses: string[] = [];
  if (during.failed > 0) misses.push(`${during.failed} failed`);
  // autocannon's histogram has 1 ms resolution: a p99 under 1 ms counts as 1.
  const limit = P99_FACTOR * Math.max(1, before.p99Ms);
  if (during.p99Ms > limit) misses.push(`p99 ${fmt.ms(during.p99Ms)} > ${P99_FACTOR} × ${fmt.ms(before.p99Ms)} ms`);
  return misses.length === 0 ? 'yes' : `NO (${misses.join('; ')})`;
}

/** For each connection a resident's sign-in form with its own CSRF cookie and token. */
async function signInForms(baseUrl: string, residents: Credentials[], count: number): Promise<Target['perConnection']> {
  const forms: Target['perConnection'] = [];
  for (let i = 0; i < count; i++) forms.push(await signInForm(baseUrl, residents[i % residents.length]!));
  return forms;
}

/** Starts the load on one target for `durationS` seconds (or until stopped). */
function fire(t: Target, durationS: number): { done: Promise<Measure>; stop(): void } {
  let next = 0;
  const setupClient = (client: Client) => {
    const own = t.perConnection[next++ % Math.max(1, t.perConnection.length)];
    if (own) client.setHeadersAndBody(own.headers, own.body);
  };
  const instance = autocannon({ url: t.url, method: t.method, connections: t.connections, overallRate: t.rate, duration: durationS, timeout: 10, setupClient });
  const done = Promise.resolve(instance).then((r: Result): Measure => {
    const statusCodes: Record<string, number> = {};
    let answered = 0;
    for (const [code, stat] of Object.entries(r.statusCodeStats)) {
      statusCodes[code] = stat.count;
      answered += stat.count;
    }
    const right = statusCodes[String(t.okStatus)] ?? 0;
    return { requests: answered, p50Ms: r.latency.p50, p99Ms: r.latency.p99, failed: r.errors + r.timeouts + (answered - right), statusCodes };
  });
  return { done, stop: () => instance.stop() };
}
