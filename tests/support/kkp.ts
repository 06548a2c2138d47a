// Runs `kkp` as an administrator would: a child process against DATABASE_URL. The commands are
// cli/kkp.ts bundled (tests/support/bundle.ts), so each call costs no TypeScript compile; what
// bin/kkp.js adds (registering tsx) is covered by the `--help` test, which runs it as shipped.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundled } from './bundle.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface KkpRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stdout as written, for a file piped out (`--out -`) in another encoding or format. */
  stdoutBytes: Buffer;
  stderr: string;
}

export interface KkpOptions {
  /** More environment (DATABASE_URL, NODE_ENV=test and LOG_LEVEL=silent are set). */
  env?: Record<string, string>;
  /** The folder it runs in (default: the repository). */
  cwd?: string;
  /** Sees stderr as it comes; true sends SIGKILL (an import killed mid-way). */
  killWhen?: (stderr: string) => boolean;
  /** bin/kkp.js through tsx, as installed, instead of the bundle. */
  shipped?: boolean;
}

export async function kkp(databaseUrl: string, args: string[], options: KkpOptions = {}): Promise<KkpRun> {
  const program = options.shipped ? join(repoRoot, 'bin', 'kkp.js') : await bundled('cli/kkp.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...options.env },
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      if (options.killWhen?.(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr });
    });
  });
}
