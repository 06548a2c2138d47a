// Runs one kind of node:test suite: `tsx tests/run-node-tests.ts <unit|integration> [paths…] [--node-test-flags…]`.
// Node 20's --test does not expand globs, so the files are found here and passed by name.
//
//   npm run test:integration                                    every tests/integration/**/*.test.ts
//   npm run test:integration -- tests/integration/readings      only that folder (or file)
//   npm run test:unit -- --test-name-pattern=period             extra flags go to node --test
//
//   TEST_CONCURRENCY  test files run at once (default: the number of CPUs)
//   TEST_TIMEOUT_MS   per-test time limit, so a hung test fails instead of stalling CI (default 120000)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
 * The longest files (10–35 s each: child processes, a demo town, a fuzz run), started first. Files
 * run a few at a time in the order given; one of these started last would leave the other
 * workers idle while it finishes, and on 2 cores that tail was 20 s and more of the suite.
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
export function nodeTestArgs(files: string[], extraFlags: string[] = []): string[] {
  const concurrency = positiveInt(process.env.TEST_CONCURRENCY) ?? Math.max(1, availableParallelism());
  const timeout = positiveInt(process.env.TEST_TIMEOUT_MS) ?? 120_000;
  return [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${timeout}`,
    ...extraFlags,
    ...files,
  ];
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
  const child = spawn(process.execPath, nodeTestArgs(files, rest.filter((a) => a.startsWith('-'))), {
    cwd: repoRoot,
    stdio: 'inherit',
  });
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
