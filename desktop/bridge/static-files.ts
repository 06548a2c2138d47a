// Serves the built renderer (index.html and Vite's hashed assets) from one folder. Files are
// read per request, so a rebuild shows up without a restart; nothing outside the folder is
// reachable, and unknown paths are 404 (the console is one page with in-app navigation).
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Sets the response to the file for `ctx.path` and returns true, or returns false when there is none. */
export async function serveRendererFile(ctx: Context, rendererDir: string): Promise<boolean> {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;
  const root = resolve(rendererDir);
  let relative: string;
  try {
    relative = ctx.path === '/' ? 'index.html' : decodeURIComponent(ctx.path.slice(1));
  } catch {
    return false;
  }
  const type = TYPES[extname(relative).toLowerCase()];
  if (!type || relative.includes('\0')) return false;
  const file = resolve(join(root, relative));
  if (!file.startsWith(root + sep)) return false;
  try {
    if (!(await stat(file)).isFile()) return false;
    ctx.body = await readFile(file);
  } catch {
    return false;
  }
  ctx.type = type;
  // Vite names built assets by their content hash; index.html must be re-read to find new ones.
  ctx.set('Cache-Control', relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  return true;
}
