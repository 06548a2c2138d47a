// A page the site rendered, served as a fixed response: the same body and headers, from a bare
// Koa app with no middleware and no database, in a child process like the site. What a page of
// this size with these headers costs the server and the load generator by itself: the floor
// under the overview's figures. STATIC_PAGE_FILE names the JSON written by bench/static-page.ts.
import { readFileSync } from 'node:fs';
import Koa from 'koa';
import { serveForBench } from './child.ts';

interface RecordedPage {
  headers: [name: string, value: string][];
  bodyBase64: string;
}

const file = process.env.STATIC_PAGE_FILE;
if (!file) throw new Error('STATIC_PAGE_FILE is not set');
const page = JSON.parse(readFileSync(file, 'utf8')) as RecordedPage;
const body = Buffer.from(page.bodyBase64, 'base64');

const app = new Koa();
app.use(async function staticPage(ctx) {
  for (const [name, value] of page.headers) ctx.res.setHeader(name, value);
  ctx.body = body;
});

await serveForBench(app);
