// The Koa application: middleware in a fixed order, then the routes.
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { proxyOptions } from '../shared/config/proxy.ts';
import type { SiteDeps, SiteState } from './context.ts';
import { csrfProtection } from './middleware/csrf.ts';
import { errorPages } from './middleware/errors.ts';
import { passwordChangeGate } from './middleware/password-gate.ts';
import { requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { sessions } from './middleware/session.ts';
import { typedText } from './middleware/typed-text.ts';
import { assetRoutes } from './routes/assets.ts';
import { healthRoutes } from './routes/health.ts';
import { allRoutes } from './routes/index.ts';
import { paymentNotificationRoutes } from './routes/pay/notifications.ts';
import { isPhotoFormPath } from './routes/requests/photo-form.ts';

export function createApp(deps: SiteDeps): Koa<SiteState> {
  const app = new Koa<SiteState>(proxyOptions(deps.config.proxyHops));
  app.silent = true; // errors are logged by errorPages, with the request id
  app.use(requestLog(deps));
  app.use(securityHeaders());
  app.use(errorPages(deps));
  // Before any body parsing or database work, in one router: static files (they need no
  // session), the health probe, and payment providers' webhooks (no form body, no session, no
  // CSRF token: they re-check with the provider instead).
  const early = new Router<SiteState>();
  early.use(assetRoutes().routes());
  early.use(healthRoutes(deps).routes());
  early.use(paymentNotificationRoutes(deps).routes());
  app.use(early.routes());
  app.use(bodyParser({ enableTypes: ['form'], formLimit: '64kb' }));
  app.use(typedText());
  app.use(sessions(deps));
  app.use(csrfProtection({ multipartPaths: isPhotoFormPath }));
  app.use(passwordChangeGate());
  // A router per route folder, the most visited first (site/routes/index.ts): a router tests
  // every one of its routes against the path, so the overview page is not matched against all
  // of the site's.
  for (const router of allRoutes(deps)) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
