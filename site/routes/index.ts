// Every route folder registers here, in one place: the most visited first, since each router
// a request passes tests all of its routes against the path.
import type Router from '@koa/router';
import type { SiteDeps, SiteState } from '../context.ts';
import { applyRoutes } from './access/apply-routes.ts';
import { registerRoutes } from './access/register.ts';
import { resetRoutes } from './access/reset.ts';
import { authRoutes } from './auth/routes.ts';
import { chargesRoutes } from './charges/routes.ts';
import { metersRoutes } from './meters/routes.ts';
import { overviewRoutes } from './overview/routes.ts';
import { pageRoutes } from './pages/routes.ts';
import { payLinkRoutes } from './pay-link/routes.ts';
import { payRoutes } from './pay/routes.ts';
import { severalPayRoutes } from './pay/several.ts';
import { paymentsRoutes } from './payments/routes.ts';
import { profileRoutes } from './profile/routes.ts';
import { requestsRoutes } from './requests/routes.ts';
import { feedbackRoutes } from './feedback/routes.ts';
import { receiptsRoutes } from './receipts/routes.ts';
import { unsubscribeRoutes } from './unsubscribe/routes.ts';

export function allRoutes(deps: SiteDeps): Router<SiteState>[] {
  return [
    overviewRoutes(deps), authRoutes(deps), chargesRoutes(deps), paymentsRoutes(deps), metersRoutes(deps), profileRoutes(deps), pageRoutes(deps),
    applyRoutes(deps),
    registerRoutes(deps),
    receiptsRoutes(deps),
    resetRoutes(deps),
    payRoutes(deps),
    severalPayRoutes(deps),
    payLinkRoutes(deps),
    requestsRoutes(deps),
    feedbackRoutes(deps),
    unsubscribeRoutes(deps),
  ];
}
