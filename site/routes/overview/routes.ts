// The overview page and switching between a user's accounts.
import Router from '@koa/router';
import { z } from 'zod';
import { getOverview } from '../../../shared/billing/overview.ts';
import { accountNumberSchema } from '../../../shared/account-number.ts';
import { resolveAccount } from '../../../shared/residents/accounts.ts';
import { setCurrentAccount } from '../../../shared/residents/sessions.ts';
import { parseInput } from '../../../shared/validation.ts';
import type { SiteDeps, SiteState } from '../../context.ts';
import { requireResident, safeBackPath } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { overviewView } from './views.ts';

const switchSchema = z.object({ account: accountNumberSchema, back: z.string().optional() });

export function overviewRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  router.get('/', async (ctx) => {
    const resident = requireResident(ctx);
    // Usually read with the session already; asked for again only if it is for another account.
    const preloaded = ctx.state.overview;
    const overview = preloaded?.accountId === resident.current.id
      ? preloaded.overview
      : await getOverview(deps.db, resident.current.id, deps.now(), deps.config.timeZone);
    await renderPage(ctx, deps, {
      title: 'Главная',
      content: overviewView({ account: resident.current, overview, timeZone: deps.config.timeZone, several: resident.accounts.length > 1 }),
    });
  });

  router.post('/account/switch', async (ctx) => {
    const resident = requireResident(ctx);
    const input = parseInput(switchSchema, ctx.request.body);
    const account = await resolveAccount(deps.db, resident.userId, { number: input.account });
    await setCurrentAccount(deps.db, resident.session.sessionId, account.id);
    ctx.redirect(safeBackPath(input.back));
  });

  return router;
}
