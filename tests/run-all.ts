// `npm test`: unit, integration and browser tests, on SQLite and PostgreSQL, then one summary.
//
// PostgreSQL comes from TEST_PG_URL; without it, a throw-away cluster is started here
// (scripts/pg-cluster.sh) when PostgreSQL is installed, and stopped at the end, on failure
// and on Ctrl-C. TEST_ENGINES=sqlite runs without PostgreSQL.
//
// The last line is always `N passed, M failed` (test cases across all parts). A part that
// fails without reporting a count (it crashed, or Playwright could not start) counts as one
// failure, so a failed run never ends with "0 failed".
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './support/free-port.ts';
import { findFiles, findTestFiles, nodeTestRun, repoRoot, type TestKind } from './run-node-tests.ts';

interface PartResult {
  name: string;
  ran: boolean;
  ok: boolean;
  passed: number;
  failed: number;
  note: string;
}

interface Cluster {
  url: string;
  stop(): void;
}

const PG_CLUSTER_SCRIPT = join(repoRoot, 'scripts', 'pg-cluster.sh');
const PLAYWRIGHT_CLI = join(repoRoot, 'node_modules', '@playwright', 'test', 'cli.js');

let current: ChildProcess | undefined;
let cluster: Cluster | undefined;
const tempDirs = new Set<string>();
/** Parts finished so far, and the one running: a signal (CI's time limit) still prints the counts. */
const finished: PartResult[] = [];
let running: { name: string; passed: number; failed: number } | undefined;

function header(title: string): void {
  const line = '━'.repeat(Math.max(10, 72 - title.length));
  console.log(`\n━━━ ${title} ${line}`);
}

// ─── PostgreSQL ──────────────────────────────────────────────────────────────

function wantsPostgres(): boolean {
  const listed = process.env.TEST_ENGINES;
  return !listed || listed.split(',').map((s) => s.trim()).includes('postgres');
}

function postgresInstalled(): boolean {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return false;
  return readdirSync(base).some((version) => existsSync(join(base, version, 'bin', 'pg_ctl')));
}

async function startCluster(): Promise<Cluster> {
  // The folder itself is the cluster: as root the script hands it to the postgres user.
  const dir = mkdtempSync(join(tmpdir(), 'kkp-pg-'));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync('bash', [PG_CLUSTER_SCRIPT, 'stop', dir], { stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = spawnSync('bash', [PG_CLUSTER_SCRIPT, 'start', dir, String(port)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = started.stdout.trim().split('\n').pop() ?? '';
    if (started.status === 0 && url.startsWith('postgres://')) return { url, stop };
    // Another program may have taken the port between our probe and the start.
    if (attempt === 3) {
      stop();
      throw new Error(`scripts/pg-cluster.sh start failed (exit ${started.status}); see ${dir}/server.log`);
    }
  }
}

async function preparePostgres(): Promise<string | undefined> {
  if (!wantsPostgres()) return 'PostgreSQL: skipped (TEST_ENGINES)';
  if (process.env.TEST_PG_URL) return `PostgreSQL: ${redact(process.env.TEST_PG_URL)} (TEST_PG_URL)`;
  if (!postgresInstalled()) {
    throw new Error(
      [
        'PostgreSQL не найден: тесты идут на SQLite и PostgreSQL.',
        '  Установите его (apt-get install postgresql) — кластер запустится сам,',
        '  или укажите TEST_PG_URL=postgres://…, или запустите только SQLite: TEST_ENGINES=sqlite npm test',
        'PostgreSQL not found: the tests run on SQLite and PostgreSQL.',
        '  Install it (apt-get install postgresql) and a throw-away cluster is started for you,',
        '  or set TEST_PG_URL=postgres://…, or run SQLite only: TEST_ENGINES=sqlite npm test',
      ].join('\n'),
    );
  }
  cluster = await startCluster();
  process.env.TEST_PG_URL = cluster.url;
  return `PostgreSQL: throw-away cluster at ${cluster.url}`;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

// ─── Parts ───────────────────────────────────────────────────────────────────

function run(command: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    // Own process group, so an interrupt can end the test files the runner started too.
    const child = spawn(command, args, {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'],
    });
    current = child;
    if (onLine && child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        process.stdout.write(`${line}\n`);
        onLine(line);
      });
    }
    child.on('error', (error) => {
      console.error(error.message);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function result(name: string, code: number, passed: number, failed: number, note = ''): PartResult {
  const ok = code === 0 && failed === 0;
  return { name, ran: true, ok, passed, failed: ok ? failed : Math.max(failed, 1), note };
}

async function nodeTests(kind: TestKind): Promise<PartResult> {
  const files = findTestFiles(kind);
  header(`${kind} tests (${plural(files.length, 'file')})`);
  if (files.length === 0) {
    console.log(`no tests/${kind}/**/*.test.ts`);
    return { name: kind, ran: false, ok: true, passed: 0, failed: 0, note: 'no test files' };
  }
  const counts = { pass: 0, fail: 0, cancelled: 0 };
  const env = { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) };
  running = { name: kind, passed: 0, failed: 0 };
  const openSuites = new Set<string>();
  const { args, tempDir } = nodeTestRun(kind, files);
  tempDirs.add(tempDir);
  try {
    const code = await run(process.execPath, args, env, (line) => {
      const plain = stripAnsi(line);
      // The spec reporter ends with `ℹ pass N`, `ℹ fail N`, `ℹ cancelled N`; the last one counts.
      const match = /^ℹ (pass|fail|cancelled) (\d+)\s*$/.exec(plain);
      if (match) counts[match[1] as keyof typeof counts] = Number(match[2]);
      else if (running) countLive(plain, running, openSuites);
    });
    return result(kind, code, counts.pass, counts.fail + counts.cancelled);
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
    tempDirs.delete(tempDir);
  }
}

/**
 * Tests finished so far, from the spec reporter's lines, for a run stopped before its totals.
 * A suite prints `▶ name` when it starts and `✔ name (…ms)` at the same indent when it ends;
 * those end lines are not tests.
 */
function countLive(line: string, tally: { passed: number; failed: number }, openSuites: Set<string>): void {
  const match = /^(\s*)([▶✔✖]) (.*?)(?: \([\d.]+m?s\))?$/.exec(line);
  if (!match) return;
  const [, indent = '', mark, name = ''] = match;
  const key = `${indent.length} ${name}`;
  if (mark === '▶') openSuites.add(key);
  else if (openSuites.delete(key)) return;
  else if (mark === '✔') tally.passed++;
  else tally.failed++;
}

async function browserTests(): Promise<PartResult> {
  const specs = findFiles(join(repoRoot, 'tests', 'browser'), '.spec.ts');
  header(`browser tests (${plural(specs.length, 'file')})`);
  if (specs.length === 0) {
    console.log('no tests/browser/**/*.spec.ts');
    return { name: 'browser', ran: false, ok: true, passed: 0, failed: 0, note: 'no spec files' };
  }
  const reportDir = mkdtempSync(join(tmpdir(), 'kkp-pw-'));
  tempDirs.add(reportDir);
  const reportFile = join(reportDir, 'report.json');
  try {
    const env = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile };
    running = { name: 'browser', passed: 0, failed: 0 };
    const args = [PLAYWRIGHT_CLI, 'test', '-c', 'tests/browser/playwright.config.ts', '--reporter=line,json'];
    const code = await run(process.execPath, args, env);
    const stats = readPlaywrightStats(reportFile);
    if (!stats) return result('browser', code, 0, 0, 'no JSON report');
    const note = stats.flaky > 0 ? `${stats.flaky} flaky` : '';
    return result('browser', code, stats.expected + stats.flaky, stats.unexpected, note);
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
    tempDirs.delete(reportDir);
  }
}

interface PlaywrightStats {
  expected: number;
  unexpected: number;
  flaky: number;
}

function readPlaywrightStats(file: string): PlaywrightStats | undefined {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { stats?: Partial<PlaywrightStats> };
    const stats = report.stats ?? {};
    return { expected: stats.expected ?? 0, unexpected: stats.unexpected ?? 0, flaky: stats.flaky ?? 0 };
  } catch {
    return undefined;
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

// ─── Main ────────────────────────────────────────────────────────────────────

/** Stops our PostgreSQL and removes our temp folders; safe to call more than once. */
function cleanup(): void {
  cluster?.stop();
  cluster = undefined;
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  console.error(`\n${signal}: stopping tests`);
  // The counts line even now: a run stopped by a time limit says how far it got, and fails.
  const interrupted = running ? [{ name: running.name, ran: true, ok: false, passed: running.passed, failed: running.failed + 1, note: `stopped by ${signal}` }] : [];
  const total = printSummary([...finished, ...interrupted]);
  console.log(`Stopped by ${signal}.`);
  console.log(`${total.passed} passed, ${Math.max(1, total.failed)} failed`);
  if (current?.pid) {
    try {
      process.kill(-current.pid, signal);
    } catch {
      // already gone
    }
  }
  cleanup();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function printSummary(results: PartResult[]): { passed: number; failed: number } {
  header('summary');
  for (const part of results) {
    const status = !part.ran ? 'skipped' : part.ok ? 'ok' : 'FAILED';
    const counts = part.ran ? `${part.passed} passed, ${part.failed} failed` : '';
    const note = part.note ? (part.ran ? ` (${part.note})` : part.note) : '';
    console.log(`${part.name.padEnd(12)} ${status.padEnd(8)} ${counts}${note}`.trimEnd());
  }
  return {
    passed: results.reduce((sum, part) => sum + part.passed, 0),
    failed: results.reduce((sum, part) => sum + part.failed, 0),
  };
}

async function main(): Promise<number> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', cleanup);

  header('database engines');
  let pgNote: string | undefined;
  try {
    pgNote = await preparePostgres();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.log('0 passed, 1 failed');
    return 1;
  }
  console.log(`SQLite: temp files under ${tmpdir()}`);
  if (pgNote) console.log(pgNote);

  let results: PartResult[];
  try {
    for (const part of [() => nodeTests('unit'), () => nodeTests('integration'), browserTests]) {
      finished.push(await part());
      running = undefined;
    }
    results = finished;
  } finally {
    cleanup();
  }
  const total = printSummary(results);
  const failedParts = results.filter((part) => !part.ok).map((part) => part.name);
  console.log(failedParts.length === 0 ? 'All test parts passed.' : `Failed: ${failedParts.join(', ')}`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return failedParts.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    cleanup();
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
