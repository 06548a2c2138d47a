// GET /health: 200 when the server and its database answer, 503 when the database does not.
// Nothing about residents or the company: a monitor or a load balancer may ask it unsigned.
import Router from '@koa/router';
import { databaseAnswers } from '../../shared/ops/health.ts';
import type { SiteDeps, SiteState } from '../context.ts';

export function healthRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();
  router.get('/health', async (ctx) => {
    const up = await databaseAnswers(deps.db);
    ctx.status = up ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: up ? 'ok' : 'unavailable', database: up ? 'ok' : 'unavailable' };
  });
  return router;
}
