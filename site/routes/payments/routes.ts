// The payments history, a page at a time.
import Router from '@koa/router';
import { countPayments, listPayments } from '../../../shared/billing/payments.ts';
import type { SiteDeps, SiteState } from '../../context.ts';
import { requireResident } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { paymentsView } from './views.ts';

const PAGE_SIZE = 24;

export function paymentsRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();
  router.get('/payments', async (ctx) => {
    const resident = requireResident(ctx);
    const total = await countPayments(deps.db, resident.current.id);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(String(ctx.query.page ?? '1'), 10) || 1));
    const payments = await listPayments(deps.db, resident.current.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    await renderPage(ctx, deps, { title: 'Платежи', content: paymentsView({ payments, page, pages, timeZone: deps.config.timeZone }) });
  });
  return router;
}
