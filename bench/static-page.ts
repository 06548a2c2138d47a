// The overview page as the site sent it, replayed by a bare Koa app (bench/servers/static-page.ts)
// under the same load: how much of the distance from hello is the page's size and headers
// alone, before any middleware, template or database work.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSettings } from './context.ts';
import { runLoad, type LoadResult } from './load.ts';
import { startServerChild } from './servers/child.ts';

const STATIC_SERVER = new URL('./servers/static-page.ts', import.meta.url);

// Headers that describe the connection or this one response rather than the page; Node sets
// its own for the replay.
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'set-cookie']);

/** Fetches `url` with `cookie` and measures the recorded response served as a fixed page. */
export async function measureStaticPage(s: BenchSettings, url: string, cookie: string): Promise<LoadResult> {
  const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status} when recording the static page`);
  const headers = [...res.headers].filter(([name]) => !PER_RESPONSE.has(name));
  const dir = await mkdtemp(join(tmpdir(), 'kkp-static-page-'));
  try {
    const file = join(dir, 'page.json');
    await writeFile(file, JSON.stringify({ headers, bodyBase64: body.toString('base64') }));
    const server = await startServerChild(STATIC_SERVER, { STATIC_PAGE_FILE: file });
    try {
      return await runLoad({ url: `${server.url}/`, connections: s.connections, durationS: s.durationS, warmupS: s.warmupS, server });
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
