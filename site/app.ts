// The Koa application: middleware in a fixed order, then the routes.
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import type { SiteDeps, SiteState } from './context.ts';
import { csrfProtection } from './middleware/csrf.ts';
import { errorPages } from './middleware/errors.ts';
import { passwordChangeGate } from './middleware/password-gate.ts';
import { requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { sessions } from './middleware/session.ts';
import { assetRoutes } from './routes/assets.ts';
import { allRoutes } from './routes/index.ts';
import { paymentNotificationRoutes } from './routes/pay/notifications.ts';
import { isPhotoFormPath } from './routes/requests/photo-form.ts';

export function createApp(deps: SiteDeps): Koa<SiteState> {
  const app = new Koa<SiteState>({ proxy: deps.config.trustProxy });
  app.silent = true; // errors are logged by errorPages, with the request id
  app.use(requestLog(deps));
  app.use(securityHeaders());
  app.use(errorPages(deps));
  // Static files need neither a body nor a session: serve them before any database work.
  const assets = assetRoutes();
  app.use(assets.routes());
  // Payment providers' webhooks: no form body, no session, no CSRF token (they re-check instead).
  app.use(paymentNotificationRoutes(deps).routes());
  app.use(bodyParser({ enableTypes: ['form'], formLimit: '64kb' }));
  app.use(sessions(deps));
  app.use(csrfProtection({ multipartPaths: isPhotoFormPath }));
  app.use(passwordChangeGate());
  for (const router of allRoutes(deps)) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
