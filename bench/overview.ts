// The overview page (GET / with a session) under load, next to the bare-Koa baseline, on each
// engine. Issue target: ≥ 0.2 of hello's throughput, p99 ≤ 25 ms, no errors.
import { join } from 'node:path';
import type { BenchContext } from './context.ts';
import { createBenchDatabase } from './database.ts';
import { measureWithHello } from './baseline.ts';
import type { LoadResult } from './load.ts';
import { fmt, printHeading, printNote, printTable } from './report.ts';
import { startServerChild, type ServerChild } from './servers/child.ts';
import { signIn } from './sign-in.ts';
import { measureStaticPage } from './static-page.ts';

const SITE_SERVER = new URL('./servers/site.ts', import.meta.url);
const TARGET = { ratio: 0.2, p99Ms: 25 };
const SIGNED_IN_RESIDENTS = 50;
const STATIC_TARGET = 'same page, static';
const PAGES_FOR_QUERY_COUNT = 20;
/** The measured time is cut into this many turns of hello and the page (runLoadsInTurns). */
const TURNS = 5;

interface Row {
  target: string;
  engine: string;
  result: LoadResult;
  checked: boolean;
  /** The baseline this row is compared with. */
  hello: LoadResult;
}

export async function benchOverview(ctx: BenchContext): Promise<void> {
  const s = ctx.settings;
  printHeading(`Overview page vs bare Koa: ${s.connections} connections, ${s.durationS} s each in ${TURNS} turns after ${s.warmupS} s warm-up`);
  const rows: Row[] = [];
  const notes: string[] = [];

  for (const { engine, baseUrl } of ctx.engines) {
    const started = performance.now();
    const database = await createBenchDatabase(engine, baseUrl, { timeZone: s.timeZone, logins: SIGNED_IN_RESIDENTS });
    try {
      const site = await startServerChild(SITE_SERVER, { DATABASE_URL: database.url, TIME_ZONE: s.timeZone }, profileArgs(engine));
      try {
        const cookies = await signIn(site.url, database.residents);
        const queries = await queriesPerPage(site, cookies);
        const processes = await site.ask<number>('processes');
        const prepared = performance.now() - started;
        // The baseline in turns with the page: hello, page, hello, page… with the same settings.
        const { hello, result } = await measureWithHello(s, {
          url: `${site.url}/`,
          connections: s.connections,
          durationS: s.durationS,
          warmupS: s.warmupS,
          headersPerConnection: cookies.map((cookie) => ({ cookie })),
          server: site,
          ...(engine === 'postgres' ? { postgresUrl: database.url } : {}),
        }, TURNS);
        rows.push({ target: 'hello (bare Koa)', engine: '-', result: hello, checked: false, hello });
        rows.push({ target: 'overview GET /', engine, result, checked: true, hello });
        // Once: the page is the same on every engine.
        if (!rows.some((row) => row.target === STATIC_TARGET)) {
          const floor = await measureStaticPage(s, `${site.url}/`, cookies[0] ?? '');
          rows.push({ target: STATIC_TARGET, engine: '-', result: floor, checked: false, hello });
        }
        notes.push(
          `${engine}: ${database.data}; ${cookies.length} residents signed in; site in ${processes} ${processes === 1 ? 'process' : 'processes'} (SITE_PROCESSES); ` +
            `${queries} queries per page; set-up ${fmt.seconds(prepared)}; status codes ${JSON.stringify(result.statusCodes)}`,
        );
      } finally {
        await site.stop();
      }
    } finally {
      await database.drop();
    }
  }

  printTable(
    [
      { title: 'target' }, { title: 'engine' },
      { title: 'req/s', align: 'right' }, { title: 'p50 ms', align: 'right' }, { title: 'p99 ms', align: 'right' },
      { title: 'errors/non-2xx', align: 'right' }, { title: 'server CPU µs/req', align: 'right' }, { title: 'PostgreSQL CPU µs/req', align: 'right' },
      { title: 'load generator CPU µs/req', align: 'right' }, { title: 'idle/steal %', align: 'right' }, { title: 'vs hello', align: 'right' }, { title: 'target met' },
    ],
    rows.map((row) => [
      row.target,
      row.engine,
      fmt.int(row.result.rps),
      fmt.ms(row.result.p50Ms),
      fmt.ms(row.result.p99Ms),
      `${row.result.errors}/${row.result.non2xx}`,
      row.result.cpuUsPerRequest === undefined ? '?' : fmt.int(row.result.cpuUsPerRequest),
      row.engine !== 'postgres' ? '-' : row.result.postgresCpuUsPerRequest === undefined ? '?' : fmt.int(row.result.postgresCpuUsPerRequest),
      fmt.int(row.result.loadCpuUsPerRequest),
      row.result.machine ? `${fmt.int(100 * row.result.machine.idle)}/${fmt.int(100 * row.result.machine.steal)}` : '?',
      fmt.ratio(row.result.rps / row.hello.rps),
      row.checked ? verdict(row.result, row.hello) : '',
    ]),
  );
  printNote(`Target: ≥ ${TARGET.ratio} of hello's req/s, p99 ≤ ${TARGET.p99Ms} ms, no errors or non-2xx.`);
  printNote(`Each page is compared with the hello measured in turns with it (${TURNS} turns of ${s.durationS / TURNS} s each: hello, page, hello, page…); p99 is the worst turn's. Server CPU: all the server's processes and threads, per request.`);
  printNote('The site runs as production does, one process per core by default (SITE_PROCESSES); hello and the static page run in one process, their fastest here (two processes leave autocannon less of the two cores).');
  printNote("PostgreSQL CPU: the database's backend processes, per request (read from /proc when the server runs on this machine).");
  printNote('Load generator CPU: autocannon in this process, per request; on a small machine it shares the cores, and a page costs it more than hello.');
  printNote('idle/steal %: the share of all cores\' time left idle during the run, and taken by the hypervisor for other guests (steal); with steal above a few per cent the machine was slower than usual for that row.');
  printNote(`${STATIC_TARGET}: the overview's body and headers as the site sent them, replayed by a bare Koa app (no middleware, no database): the part of the distance from hello that is the page's size and headers alone.`);
  for (const note of notes) printNote(note);
}

/**
 * BENCH_CPU_PROF=<folder>: V8 CPU profiles of the site process in <folder>/overview-<engine>/,
 * one per thread: the largest is the main thread, the small one tsx's module loader.
 */
function profileArgs(engine: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, `overview-${engine}`)}`] : [];
}

function verdict(r: LoadResult, hello: LoadResult): string {
  const misses: string[] = [];
  const ratio = r.rps / hello.rps;
  // Three decimals: 0.1996 shown as «0.20» would read as met.
  if (ratio < TARGET.ratio) misses.push(`ratio ${ratio.toFixed(3)} < ${TARGET.ratio}`);
  if (r.p99Ms > TARGET.p99Ms) misses.push(`p99 ${fmt.ms(r.p99Ms)} > ${TARGET.p99Ms} ms`);
  if (r.errors + r.non2xx > 0) misses.push(`${r.errors + r.non2xx} failed`);
  return misses.length === 0 ? 'yes' : `NO (${misses.join('; ')})`;
}

/** Queries the site runs for one overview page, from its query counter, one page at a time. */
async function queriesPerPage(site: ServerChild, cookies: string[]): Promise<string> {
  const before = await site.ask<number>('queries');
  for (let i = 0; i < PAGES_FOR_QUERY_COUNT; i++) {
    const res = await fetch(`${site.url}/`, { headers: { cookie: cookies[i % cookies.length] ?? '' }, redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET / answered ${res.status} for a signed-in resident`);
  }
  const after = await site.ask<number>('queries');
  return ((after - before) / PAGES_FOR_QUERY_COUNT).toFixed(1);
}
