// Runs one kind of node:test suite: `tsx tests/run-node-tests.ts <unit|integration> [paths…] [--node-test-flags…]`.
// Node 20's --test does not expand globs, so the files are found here and passed by name.
//
//   npm run test:integration                                    every tests/integration/**/*.test.ts
//   npm run test:integration -- tests/integration/readings      only that folder (or file)
//   npm run test:unit -- --test-name-pattern=period             extra flags go to node --test
//
//   TEST_CONCURRENCY        processes running at once (default: the number of CPUs)
//   TEST_TIMEOUT_MS         time limit of each test file, so a hung test fails instead of stalling
//                           CI (default 120000)
//   TEST_FILES_PER_PROCESS  test files one process runs one after another (default: unit files all
//                           spread over TEST_CONCURRENCY processes, integration files 8 at a time);
//                           1 gives every file a process of its own, as node --test does
//
// node --test starts a process per file, and each paid again for starting tsx and loading the
// modules its tests use: ~0.5 s of CPU for a unit file and ~1.7 s for an integration file, two
// thirds of the unit run's CPU and a third of the integration run's. So files share processes:
// each process runs a generated entry that imports its files one after another, each inside a
// suite named by its path (the spec reporter shows which file a test is in, and hooks a file
// declares at its top level stay within that file) with the file's own time limit. Integration
// tests change no environment variable and make their databases under unique names, so a file
// does not see the one before it (the two engines' suites of one file always shared a process);
// the longest integration files (LONGEST_FIRST) still run in processes of their own.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type TestKind = 'unit' | 'integration';

export const TEST_KINDS: readonly TestKind[] = ['unit', 'integration'];

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Every file under `dir` whose name ends with `suffix`, sorted, skipping dot-folders and node_modules. */
export function findFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return dir.endsWith(suffix) ? [dir] : [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(path, suffix));
    else if (entry.isFile() && entry.name.endsWith(suffix)) found.push(path);
  }
  return found.sort();
}

/**
 * The longest files (10–35 s each: child processes, a demo town, a fuzz run), each in a process
 * of its own, started first. Processes run a few at a time in the order given; one of these
 * started last would leave the other workers idle while it finishes, and on 2 cores that tail
 * was 20 s and more of the suite.
 */
const LONGEST_FIRST = [
  'tests/integration/site/processes.test.ts',
  'tests/integration/exchange/cli-kill.test.ts',
  'tests/integration/security/fuzz.test.ts',
  'tests/integration/site/startup.test.ts',
  'tests/integration/exchange/charges.test.ts',
  'tests/integration/seed/demo.test.ts',
  'tests/integration/exchange/cli.test.ts',
  'tests/integration/desktop/package.test.ts',
];

/** Test files of one kind, relative to the repository root; `paths` narrow the search. */
export function findTestFiles(kind: TestKind, paths: string[] = []): string[] {
  const roots = paths.length > 0 ? paths.map((p) => resolve(p)) : [join(repoRoot, 'tests', kind)];
  const files = [...new Set(roots.flatMap((root) => findFiles(root, '.test.ts')))].map((file) => relative(repoRoot, file));
  const rank = (file: string) => (LONGEST_FIRST.includes(file) ? LONGEST_FIRST.indexOf(file) : LONGEST_FIRST.length);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Arguments for `node` that run the given files with the spec reporter. */
function nodeTestArgs(files: string[], extraFlags: string[], timeoutMs: number): string[] {
  return [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${testConcurrency()}`,
    `--test-timeout=${timeoutMs}`,
    ...extraFlags,
    ...files,
  ];
}

export interface NodeTestRun {
  /** Arguments for `node`. */
  args: string[];
  /** The folder of generated entry files, to remove once the run has ended. */
  tempDir: string;
}

/** How to run the given files of one kind: the processes' entries (see the top of this file), written to a temp folder. */
export function nodeTestRun(kind: TestKind, files: string[], extraFlags: string[] = []): NodeTestRun {
  const timeout = fileTimeoutMs();
  const groups = processGroups(kind, files);
  const tempDir = mkdtempSync(join(tmpdir(), `kkp-${kind}-`));
  const entries = groups.map((group, i) => {
    const entry = join(tempDir, `${kind}-${String(i + 1).padStart(2, '0')}.test.mjs`);
    const list = group.map((file) => [file, pathToFileURL(join(repoRoot, file)).href]);
    writeFileSync(
      entry,
      [
        '// Generated by tests/run-node-tests.ts: these test files in one process, one after another.',
        "import { describe } from 'node:test';",
        `for (const [name, url] of ${JSON.stringify(list, null, 2)}) describe(name, { timeout: ${timeout} }, () => import(url));`,
        '',
      ].join('\n'),
    );
    return entry;
  });
  // node --test's limit is for a whole process: room for each of its files to take their own.
  const processTimeout = timeout * Math.max(1, ...groups.map((group) => group.length));
  return { args: nodeTestArgs(entries, extraFlags, processTimeout), tempDir };
}

/** Integration files that share a process, unless TEST_FILES_PER_PROCESS says otherwise. */
const INTEGRATION_FILES_PER_PROCESS = 8;

/**
 * The files of each process, in the order they start. Unit files are dealt in turn to one
 * process per CPU, so one folder of slow files does not land in one process. Integration files
 * go in runs of consecutive files (a folder's tests together); the longest go alone and first.
 */
function processGroups(kind: TestKind, files: string[]): string[][] {
  const perProcess = positiveInt(process.env.TEST_FILES_PER_PROCESS);
  if (kind === 'unit' && !perProcess) return shards(files, testConcurrency());
  const alone = kind === 'integration' ? files.filter((file) => LONGEST_FIRST.includes(file)) : [];
  const rest = files.filter((file) => !alone.includes(file));
  const size = perProcess ?? INTEGRATION_FILES_PER_PROCESS;
  const runs: string[][] = [];
  for (let i = 0; i < rest.length; i += size) runs.push(rest.slice(i, i + size));
  return [...alone.map((file) => [file]), ...runs];
}

/** `count` groups of about equal size, the files dealt in turn, each group in the files' order. */
function shards(files: string[], count: number): string[][] {
  const groups: string[][] = Array.from({ length: Math.max(1, Math.min(count, files.length)) }, () => []);
  files.forEach((file, i) => groups[i % groups.length]!.push(file));
  return groups;
}

function testConcurrency(): number {
  return positiveInt(process.env.TEST_CONCURRENCY) ?? Math.max(1, availableParallelism());
}

function fileTimeoutMs(): number {
  return positiveInt(process.env.TEST_TIMEOUT_MS) ?? 120_000;
}

export function parseKind(value: string | undefined): TestKind {
  if (value && (TEST_KINDS as readonly string[]).includes(value)) return value as TestKind;
  throw new Error(`usage: tsx tests/run-node-tests.ts <${TEST_KINDS.join('|')}> [paths…] [--flags…]`);
}

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

async function main(argv: string[]): Promise<number> {
  const kind = parseKind(argv[0]);
  const rest = argv.slice(1);
  const files = findTestFiles(kind, rest.filter((a) => !a.startsWith('-')));
  if (files.length === 0) {
    console.log(`No ${kind} tests found (tests/${kind}/**/*.test.ts).`);
    return 0;
  }
  const { args, tempDir } = nodeTestRun(kind, files, rest.filter((a) => a.startsWith('-')));
  // On every way out, an interrupt included: the generated entries are of no use afterwards.
  process.on('exit', () => rmSync(tempDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((done) => {
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
