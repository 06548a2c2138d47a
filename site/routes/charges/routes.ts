// Charges by service for any period with data.
import Router from '@koa/router';
import { getPeriodStatement, listPeriodsWithData } from '../../../shared/billing/charges.ts';
import { chargeHistory } from '../../../shared/billing/history.ts';
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
    const periods = await listPeriodsWithData(deps.db, resident.current.id);
    const asked = typeof ctx.query.period === 'string' ? ctx.query.period : undefined;
    if (asked !== undefined && !isPeriod(asked)) throw notFound('Период указан неверно');
    const selected = asked ?? periods[0] ?? null;
    const statement = selected ? await getPeriodStatement(deps.db, resident.current.id, selected) : null;
    if (asked && !statement) ctx.status = 404;
    const history = periods[0] ? await chargeHistory(deps.db, resident.current.id, periods[0]) : null;
    await renderPage(ctx, deps, { title: 'Начисления', content: chargesView({ periods, statement, selected, history }) });
  });
  return router;
}
