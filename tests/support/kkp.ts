// Runs `kkp` as an administrator would: a child process (bin/kkp.js) against DATABASE_URL.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface KkpRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function kkp(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<KkpRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kkp.js', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
