// Serves the built renderer (out/desktop/renderer) on `app://console/…` instead of file:, so
// the pages have a real origin ('self' in CSP, absolute asset paths from Vite work), every
// response carries our security headers, and no other file on the disk can be reached.
// Pure over an injected file reader; `index.ts` hands `handleAppRequest` to `protocol.handle`.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { buildCsp } from './content-security-policy.ts';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://console';
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': buildCsp(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/**
 * The file under `rootDir` an app:// URL names, or null when the URL is not ours or would
 * leave the folder. A path without an extension is a client-side route: it gets index.html.
 */
export function resolveAppFile(rawUrl: string, rootDir: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN || url.username || url.password) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const root = resolve(rootDir);
  const relative = path === '/' || extname(path) === '' ? 'index.html' : path.replace(/^\/+/, '');
  const file = resolve(root, relative);
  return file.startsWith(root + sep) ? file : null;
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

export interface AppProtocolDeps {
  rootDir: string;
  readFile?: ReadFile;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/** `protocol.handle('app', …)`: GET our files with security headers; anything else is refused. */
export function createAppProtocolHandler({ rootDir, readFile: read = readFile }: AppProtocolDeps) {
  return async function handleAppRequest(request: { url: string; method: string }): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Метод не поддерживается');
    const file = resolveAppFile(request.url, rootDir);
    if (!file) return plain(404, 'Не найдено');
    const type = CONTENT_TYPES[extname(file).toLowerCase()];
    if (!type) return plain(404, 'Не найдено');
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return plain(404, 'Не найдено');
    }
    // A copy typed over a plain ArrayBuffer, which is what Response takes.
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: securityHeaders(type) });
  };
}
