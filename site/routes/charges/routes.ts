// Charges by service for any period with data.
import Router from '@koa/router';
import { chargesPage } from '../../../shared/billing/charges-page.ts';
import { notFound } from '../../../shared/errors.ts';
import { isPeriod } from '../../../shared/period.ts';
import type { SiteDeps, SiteState } from '../../context.ts';
import { requireResident } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { chargesView } from './views.ts';

export function chargesRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();
  router.get('/charges', async (ctx) => {
    const resident = requireResident(ctx);
    const asked = typeof ctx.query.period === 'string' ? ctx.query.period : undefined;
    if (asked !== undefined && !isPeriod(asked)) throw notFound('Период указан неверно');
    const { periods, selected, statement, history } = await chargesPage(deps.db, resident.current.id, asked);
    if (asked && !statement) ctx.status = 404;
    await renderPage(ctx, deps, { title: 'Начисления', content: chargesView({ periods, statement, selected, history }) });
  });
  return router;
}
