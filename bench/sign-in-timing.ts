// Sign-in timing (issue 21, item 1): does the time of a refused sign-in tell a stranger whether
// the login exists, is blocked (disabled) or is locked? On each engine, a real site (POST /login,
// the form with its CSRF pair from GET /login) and a real console service (POST /api/signIn) are
// asked N times per case, the cases interleaved in a shuffled order each round, every attempt from
// an address of its own (X-Forwarded-For behind one trusted proxy hop), so the per-address limits
// never mix the cases up. Printed: median and p90 per case, the largest gap between the medians of
// refused cases with the same history (what a stranger can compare), and beside them the engine's
// own limit: one bare argon2 verify of the same hash in this process, measured in the same rounds.
//
// The site holds a refused answer back on purpose, longer with each failure from the address
// (login.ts failureDelayMs: 250 ms for the first, 2 s from the fourth): a login is locked for an
// address only after five failures from it, so «locked» is compared with an unknown login tried
// from an address with the same five earlier failures (the sixth try; both wait 2 s), and the
// first-try cases with each other. The earlier failures are written as the rows login.ts and
// sign-in.ts read (login_attempts; the audit log's staff.sign_in_failed), not made by requests.
//
//   BENCH_SIGNIN_ROUNDS=30   attempts per case
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { createDb } from '../db/connection.ts';
import { startConsoleBridge } from '../desktop/bridge/server.ts';
import { writeAudit } from '../shared/audit/write.ts';
import { verifyPassword } from '../shared/auth/password.ts';
import { loadConfig } from '../shared/config/env.ts';
import { createLogger } from '../shared/logger.ts';
import { failureDelayMs, FAILURE_WINDOW_MS } from '../shared/residents/login.ts';
import { STAFF_MAX_FAILURES } from '../shared/staff/sign-in.ts';
import { createStaff } from '../tests/support/console.ts';
import { createResident, createWorld } from '../tests/support/factories.ts';
import { startTestSite } from '../tests/support/site.ts';
import type { BenchContext } from './context.ts';
import { createEmptyBenchDatabase } from './database.ts';
import { fmt, printHeading, printNote, printTable } from './report.ts';

const ROUNDS = positive(process.env.BENCH_SIGNIN_ROUNDS, 30);
const WRONG_PASSWORD = 'Not-the-password-42';
/** The site's default LOGIN_MAX_FAILURES: this many failures from one address lock the login for it. */
const MAX_FAILURES = 5;
/** Gap between medians of refused cases above which timing is taken to tell something. */
const SPREAD_LIMIT = 0.15;
const BARE = 'bare argon2 verify (engine limit)';

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

/** One kind of attempt: what it is, which refused cases it is compared with, what it should answer. */
interface Case {
  name: string;
  /** Refused cases with the same group are compared; 'right' and 'bare' are not refused. */
  group: 'first try' | 'sixth try' | 'right' | 'bare';
  /** The status it must answer, or 0 for the in-process verify. */
  expected: number;
  /** The deliberate hold-back of the answer (resident site only), to show the work apart from it. */
  delayMs: number;
  /** Made ready before the measured rounds (e.g. its address's earlier failures); run once per attempt. */
  prepare(address: string): Promise<() => Promise<number>>;
}

interface Sample {
  ms: number;
  status: number;
}

interface CaseResult {
  c: Case;
  samples: Sample[];
}

export async function benchSignIn(ctx: BenchContext): Promise<void> {
  printHeading(`Sign-in timing: refused attempts of every kind, ${ROUNDS} each, interleaved, one address per attempt`);
  const tables: { title: string; results: CaseResult[] }[] = [];
  const notes: string[] = [];
  for (const { engine, baseUrl } of ctx.engines) {
    const storage = await createEmptyBenchDatabase(engine, baseUrl);
    const db = createDb(storage.url);
    try {
      const started = performance.now();
      const resident = await residentCases(db, engine);
      tables.push({ title: `resident POST /login, ${engine}`, results: resident.results });
      const staff = await staffCases(db, engine);
      tables.push({ title: `staff signIn (console service), ${engine}`, results: staff });
      notes.push(`${engine}: resident attempts started ${resident.intervalMs} ms apart; ${fmt.seconds(performance.now() - started)} for both services.`);
    } finally {
      await db.destroy();
      await storage.drop();
    }
  }

  for (const { title, results } of tables) {
    console.log(`\n${title}`);
    printTable(
      [
        { title: 'case' }, { title: 'group' }, { title: 'n', align: 'right' }, { title: 'median ms', align: 'right' }, { title: 'p90 ms', align: 'right' },
        { title: 'held back ms', align: 'right' }, { title: 'work median ms', align: 'right' }, { title: 'unexpected status', align: 'right' },
      ],
      results.map(({ c, samples }) => {
        const times = samples.map((s) => s.ms);
        const wrong = samples.filter((s) => s.status !== c.expected).map((s) => s.status);
        return [
          c.name, c.group, String(samples.length), ms1(median(times)), ms1(quantile(times, 0.9)),
          c.delayMs ? String(c.delayMs) : '-', ms1(median(times) - c.delayMs),
          wrong.length === 0 ? '0' : `${wrong.length} (${[...new Set(wrong)].join(', ')})`,
        ];
      }),
    );
    for (const line of spreads(results)) printNote(line);
  }
  printNote(`Every attempt is a POST of its own (CSRF pair and cookie fetched beforehand, as a browser holds them), from an X-Forwarded-For address of its own; «first try»: the address has no earlier failure; «sixth try»: ${MAX_FAILURES} earlier failures for that login from it (the lock for that address, or the same history on an unknown login).`);
  printNote('held back: the answer delay the site adds on purpose (failureDelayMs for that failure count; the console adds none); work = median − held back.');
  printNote(`Gap: (largest − smallest median) / smallest, among refused cases of one group; above ${fmt.int(100 * SPREAD_LIMIT)} % the time tells a stranger something. ${BARE}: verifyPassword of the resident's (staff member's) hash in this process, in the same rounds.`);
  printNote('Resident attempts start at a fixed interval (1.25 × an attempt\'s median work in a warm-up) and overlap only in their held-back waits; staff attempts run one after another.');
  for (const note of notes) printNote(note);
}

// ─── Resident site ───────────────────────────────────────────────────────────

async function residentCases(db: Knex, engine: string): Promise<{ intervalMs: number; results: CaseResult[] }> {
  const world = await createWorld(db);
  const [active, blocked, locked] = await Promise.all(
    ['10000001', '10000002', '10000003'].map((accountNumber) => createResident(db, world, { accountNumber })),
  ) as [Awaited<ReturnType<typeof createResident>>, Awaited<ReturnType<typeof createResident>>, Awaited<ReturnType<typeof createResident>>];
  const now = Date.now();
  await db('users').where({ id: blocked.userId }).update({ blocked_at: now, blocked_reason: 'bench' });
  await db('users').where({ id: locked.userId }).update({ locked_until: now + 60 * 60_000, failed_logins: MAX_FAILURES });
  const unknown = '10009999';
  const hash = String((await db('users').where({ id: active.userId }).first('password_hash')).password_hash);

  const site = await startTestSite(db, { clock: { now: Date.now, set() {}, advance() {} }, env: { TRUST_PROXY_HOPS: '1', LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_FAILURE_DELAY_MS: '250' } });
  try {
    /** Earlier failures from `ip`, as login.ts wrote them: within the window, before this attempt. */
    const history = async (ip: string, login: string, userId: number | null) => {
      const at = Date.now() - FAILURE_WINDOW_MS / 3;
      await db('login_attempts').insert(
        Array.from({ length: MAX_FAILURES }, () => ({ login, user_id: userId, ip, succeeded: false, reason: userId ? 'bad_password' : 'unknown_login', at })),
      );
    };
    const post = (login: string, password: string) => async (ip: string) => {
      const form = await loginForm(site.url, ip, login, password);
      return () => timedStatus(`${site.url}/login`, { method: 'POST', redirect: 'manual', ...form });
    };
    const first = failureDelayMs(1);
    const sixth = failureDelayMs(MAX_FAILURES + 1);
    const cases: Case[] = [
      { name: 'unknown login', group: 'first try', expected: 401, delayMs: first, prepare: post(unknown, WRONG_PASSWORD) },
      { name: 'wrong password', group: 'first try', expected: 401, delayMs: first, prepare: post(active.login, WRONG_PASSWORD) },
      { name: 'blocked, wrong password', group: 'first try', expected: 401, delayMs: first, prepare: post(blocked.login, WRONG_PASSWORD) },
      {
        name: 'locked here, wrong password', group: 'sixth try', expected: 401, delayMs: sixth,
        prepare: async (ip) => (await history(ip, locked.login, locked.userId), post(locked.login, WRONG_PASSWORD)(ip)),
      },
      {
        name: 'unknown login', group: 'sixth try', expected: 401, delayMs: sixth,
        prepare: async (ip) => (await history(ip, unknown, null), post(unknown, WRONG_PASSWORD)(ip)),
      },
      { name: 'right password', group: 'right', expected: 302, delayMs: 0, prepare: post(active.login, active.password) },
      bareVerify(hash),
    ];
    // The interval: a few attempts' work apart, from a short warm-up (which also makes the
    // site's timing-dummy hash), so one attempt's work rarely overlaps another's.
    const warm = await runSequential(cases, 2, `198.18.${engine === 'postgres' ? 200 : 100}`);
    const work = median(warm.flatMap((r) => r.samples.map((s) => s.ms - r.c.delayMs)));
    const intervalMs = Math.max(50, Math.ceil(work * 1.25));
    return { intervalMs, results: await runStaggered(cases, ROUNDS, intervalMs, `10.${engine === 'postgres' ? 2 : 1}`) };
  } finally {
    await site.close();
  }
}

async function loginForm(baseUrl: string, ip: string, login: string, password: string): Promise<{ headers: Record<string, string>; body: string }> {
  const page = await fetch(`${baseUrl}/login`, { redirect: 'manual', headers: { 'x-forwarded-for': ip } });
  const html = await page.text();
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!cookie || !token) throw new Error(`GET /login gave no CSRF cookie or field (status ${page.status})`);
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': ip },
    body: new URLSearchParams({ _csrf: token, login, password, next: '/' }).toString(),
  };
}

// ─── Console service ─────────────────────────────────────────────────────────

async function staffCases(db: Knex, engine: string): Promise<CaseResult[]> {
  const [active, disabled, locked] = await Promise.all(['bench-active', 'bench-disabled', 'bench-locked'].map((login) => createStaff(db, 'operator', login))) as [
    Awaited<ReturnType<typeof createStaff>>, Awaited<ReturnType<typeof createStaff>>, Awaited<ReturnType<typeof createStaff>>,
  ];
  const now = Date.now();
  await db('staff_users').where({ id: disabled.id }).update({ disabled_at: now });
  await db('staff_users').where({ id: locked.id }).update({ locked_until: now + 60 * 60_000, failed_logins: STAFF_MAX_FAILURES });
  const unknown = 'bench-nobody';
  const hash = String((await db('staff_users').where({ id: active.id }).first('password_hash')).password_hash);

  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', CONSOLE_TRUST_PROXY_HOPS: '1' });
  const rendererDir = await mkdtemp(join(tmpdir(), 'kkp-bench-renderer-'));
  const bridge = await startConsoleBridge({ deps: { db, config, logger: createLogger('silent'), now: Date.now }, rendererDir, port: 0 });
  try {
    /** Earlier failures from `ip`, as sign-in.ts writes them to the audit log. */
    const history = async (ip: string, login: string, staffId: number | null) => {
      const at = Date.now() - FAILURE_WINDOW_MS / 3;
      for (let i = 0; i < STAFF_MAX_FAILURES; i++) {
        await writeAudit(db, {
          actorType: 'system', action: 'staff.sign_in_failed', ip, at,
          ...(staffId ? { subjectType: 'staff_user', subjectId: staffId } : {}),
          details: { login, reason: staffId ? 'bad_password' : 'unknown_login' },
        });
      }
    };
    const call = (login: string, password: string) => (ip: string) =>
      Promise.resolve(() =>
        timedStatus(`${bridge.url}/api/signIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-kkp-console': '1', 'x-forwarded-for': ip },
          body: JSON.stringify({ login, password }),
        }),
      );
    const cases: Case[] = [
      { name: 'unknown login', group: 'first try', expected: 401, delayMs: 0, prepare: call(unknown, WRONG_PASSWORD) },
      { name: 'wrong password', group: 'first try', expected: 401, delayMs: 0, prepare: call(active.login, WRONG_PASSWORD) },
      { name: 'disabled, wrong password', group: 'first try', expected: 401, delayMs: 0, prepare: call(disabled.login, WRONG_PASSWORD) },
      {
        name: 'locked here, wrong password', group: 'sixth try', expected: 401, delayMs: 0,
        prepare: async (ip) => (await history(ip, locked.login, locked.id), call(locked.login, WRONG_PASSWORD)(ip)),
      },
      {
        name: 'unknown login', group: 'sixth try', expected: 401, delayMs: 0,
        prepare: async (ip) => (await history(ip, unknown, null), call(unknown, WRONG_PASSWORD)(ip)),
      },
      { name: 'right password', group: 'right', expected: 200, delayMs: 0, prepare: call(active.login, active.password) },
      bareVerify(hash),
    ];
    await runSequential(cases, 2, `198.18.${engine === 'postgres' ? 201 : 101}`);
    return await runSequential(cases, ROUNDS, `10.${engine === 'postgres' ? 4 : 3}`);
  } finally {
    await bridge.close();
    await rm(rendererDir, { recursive: true, force: true });
  }
}

// ─── Measuring ───────────────────────────────────────────────────────────────

function bareVerify(hash: string): Case {
  return {
    name: BARE, group: 'bare', expected: 0, delayMs: 0,
    prepare: () =>
      Promise.resolve(async () => {
        await verifyPassword(hash, WRONG_PASSWORD);
        return 0;
      }),
  };
}

async function timedStatus(url: string, init: RequestInit): Promise<number> {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return res.status;
}

/** Each round: every case once, in a shuffled order; each attempt from `<prefix>.<round>.<case>`. */
function plan(cases: Case[], rounds: number, prefix: string): { c: Case; address: string }[] {
  const out: { c: Case; address: string }[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = cases.map((c, i) => ({ c, i }));
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(Math.random() * (k + 1));
      [order[k], order[j]] = [order[j] as (typeof order)[number], order[k] as (typeof order)[number]];
    }
    for (const { c, i } of order) out.push({ c, address: `${prefix}.${round}.${i + 1}` });
  }
  return out;
}

/** The attempts one after another, each timed alone. */
async function runSequential(cases: Case[], rounds: number, prefix: string): Promise<CaseResult[]> {
  const attempts = await prepared(plan(cases, rounds, prefix));
  const results = new Map(cases.map((c) => [c, [] as Sample[]]));
  for (const { c, run } of attempts) results.get(c)?.push(await timed(run));
  return cases.map((c) => ({ c, samples: results.get(c) ?? [] }));
}

/**
 * The attempts started `intervalMs` apart, not waiting for each other: the site's held-back
 * waits (up to 2 s) would otherwise make the rounds far too long. Each is timed from its own start.
 */
async function runStaggered(cases: Case[], rounds: number, intervalMs: number, prefix: string): Promise<CaseResult[]> {
  const attempts = await prepared(plan(cases, rounds, prefix));
  const results = new Map(cases.map((c) => [c, [] as Sample[]]));
  const running: Promise<void>[] = [];
  const start = performance.now();
  for (const [i, { c, run }] of attempts.entries()) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(timed(run).then((sample) => void results.get(c)?.push(sample)));
  }
  await Promise.all(running);
  return cases.map((c) => ({ c, samples: results.get(c) ?? [] }));
}

async function prepared(attempts: { c: Case; address: string }[]): Promise<{ c: Case; run: () => Promise<number> }[]> {
  const out: { c: Case; run: () => Promise<number> }[] = [];
  for (const { c, address } of attempts) out.push({ c, run: await c.prepare(address) });
  return out;
}

async function timed(run: () => Promise<number>): Promise<Sample> {
  const t0 = performance.now();
  const status = await run();
  return { ms: performance.now() - t0, status };
}

// ─── Figures ─────────────────────────────────────────────────────────────────

function spreads(results: CaseResult[]): string[] {
  const lines: string[] = [];
  const bare = results.find((r) => r.c.group === 'bare');
  const bareMedian = bare ? median(bare.samples.map((s) => s.ms)) : NaN;
  for (const group of ['first try', 'sixth try'] as const) {
    const medians = results.filter((r) => r.c.group === group).map((r) => ({ name: r.c.name, m: median(r.samples.map((s) => s.ms)), work: median(r.samples.map((s) => s.ms)) - r.c.delayMs }));
    if (medians.length < 2) continue;
    const low = medians.reduce((a, b) => (b.m < a.m ? b : a));
    const high = medians.reduce((a, b) => (b.m > a.m ? b : a));
    const gap = (high.m - low.m) / low.m;
    const workLow = Math.min(...medians.map((x) => x.work));
    const workGap = (Math.max(...medians.map((x) => x.work)) - workLow) / workLow;
    lines.push(
      `Gap, refused cases, ${group}: ${ms1(high.m - low.m)} ms = ${pct(gap)} of the answer (${high.name} ${ms1(high.m)} vs ${low.name} ${ms1(low.m)})` +
        (medians.some((x) => x.m !== x.work) ? `; ${pct(workGap)} of the work apart from the held-back wait` : '') +
        `; ${gap > SPREAD_LIMIT ? 'ABOVE' : 'within'} ${fmt.int(100 * SPREAD_LIMIT)} %; bare verify ${ms1(bareMedian)} ms.`,
    );
  }
  return lines;
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

const ms1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '?');
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
