// The payments history, a page at a time.
import Router from '@koa/router';
import { paymentsPage } from '../../../shared/billing/payments-page.ts';
import type { SiteDeps, SiteState } from '../../context.ts';
import { requireResident } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { paymentsView } from './views.ts';

const PAGE_SIZE = 24;

export function paymentsRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();
  router.get('/payments', async (ctx) => {
    const resident = requireResident(ctx);
    const asked = Number.parseInt(String(ctx.query.page ?? '1'), 10) || 1;
    const { payments, page, pages } = await paymentsPage(deps.db, resident.current.id, asked, PAGE_SIZE);
    await renderPage(ctx, deps, { title: 'Платежи', content: paymentsView({ payments, page, pages, timeZone: deps.config.timeZone }) });
  });
  return router;
}
