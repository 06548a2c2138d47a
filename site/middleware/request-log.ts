// One structured log line per request, with a request id that error pages show to the user.
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { SiteDeps, SiteState } from '../context.ts';

export function requestLog(deps: SiteDeps): Middleware<SiteState> {
  return async function requestLogMiddleware(ctx, next) {
    const started = performance.now();
    ctx.state.requestId = randomUUID();
    try {
      await next();
    } finally {
      // The line is built only when it will be written: production logs at info or above.
      if (deps.logger.isLevelEnabled('debug')) deps.logger.debug(
        { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) },
        'request',
      );
    }
  };
}
