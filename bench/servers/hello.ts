// The baseline: a bare Koa app answering 'hello', listening the way site/server.ts does
// (app.listen on 127.0.0.1, same keep-alive), in a child process like the site.
import Koa from 'koa';
import { serveForBench } from './child.ts';

const app = new Koa();
app.use(async function hello(ctx) {
  ctx.body = 'hello';
});

await serveForBench(app);
