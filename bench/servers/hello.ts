// The baseline: a bare Koa app answering 'hello', listening the way site/server.ts does
// (app.listen on 127.0.0.1, same keep-alive), in a child process like the site.
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { reportReady } from './child.ts';

const app = new Koa();
app.use(async function hello(ctx) {
  ctx.body = 'hello';
});

const server = app.listen({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});
server.keepAliveTimeout = 65_000;

reportReady((server.address() as AddressInfo).port, () => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
