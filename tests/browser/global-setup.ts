// Before the browser tests: the console specs open the built renderer through the HTTP bridge,
// so build it (`npm run console:build`) when out/desktop/renderer is missing or older than its
// sources. An up-to-date build is left alone, which keeps a repeated run fast (one stat walk).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(REPO, 'desktop', 'renderer', 'vite.config.ts');
const BUILT = join(REPO, 'out', 'desktop', 'renderer', 'index.html');
/** Everything that can end up in the bundle: the renderer, its config, and the browser-safe shared modules (see vite.config.ts). */
const SOURCES = [join(REPO, 'desktop', 'renderer'), join(REPO, 'shared', 'console', 'client.ts'), join(REPO, 'shared', 'console', 'names.ts'), join(REPO, 'package-lock.json')];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

export function rendererIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((source) => newestChange(source) > built);
}

export default async function globalSetup(): Promise<void> {
  if (!rendererIsStale()) return;
  console.log('Building the console renderer (out/desktop/renderer) for the browser tests…');
  await build({ configFile: CONFIG, logLevel: 'warn' });
}
