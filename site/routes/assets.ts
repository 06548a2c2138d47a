// Serves the few static files (CSS, the small enhancement script) from memory with an ETag.
import Router from '@koa/router';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { SiteState } from '../context.ts';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

const PUBLIC_DIR = new URL('../public/', import.meta.url).pathname;

export function assetRoutes(): Router<SiteState> {
  const files = new Map(
    readdirSync(PUBLIC_DIR)
      .filter((name) => TYPES[extname(name)])
      .map((name) => {
        const body = readFileSync(join(PUBLIC_DIR, name));
        return [name, { body, type: TYPES[extname(name)] as string, etag: `"${createHash('sha1').update(body).digest('base64url')}"` }];
      }),
  );
  const router = new Router<SiteState>();
  router.get('/assets/:name', (ctx) => {
    const file = files.get(ctx.params.name ?? '');
    if (!file) return;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.set('ETag', file.etag);
    if (ctx.get('if-none-match') === file.etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = file.type;
    ctx.body = file.body;
  });
  router.get('/favicon.ico', (ctx) => {
    ctx.status = 204;
  });
  return router;
}
