// POST /pay/notifications/yookassa: the provider's webhook. Mounted before the session and CSRF
// middleware (site/app.ts): it carries no cookie and no form token, and needs none, because its
// body only names a payment to re-check with the provider (shared/payments/notifications.ts).
// Anyone can post here, so each source address gets a bounded number of notifications a minute
// before any body is read or the database asked; the provider answers a 429 by retrying later.
import Router from '@koa/router';
import type { Context } from 'koa';
import { handleNotification } from '../../../shared/payments/notifications.ts';
import type { SiteDeps, SiteState } from '../../context.ts';
import { createSourceLimiter } from '../../source-limiter.ts';

const BODY_LIMIT = 64 * 1024;
/** Per source address and minute: well above one shop's honest rate (a notification or two per
 *  payment, spread over the provider's several addresses), far below a flood. */
export const NOTIFICATIONS_PER_MINUTE = 60;

export function paymentNotificationRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();
  const limiter = createSourceLimiter({ limit: NOTIFICATIONS_PER_MINUTE, windowMs: 60_000, now: deps.now });
  router.post('/pay/notifications/:provider', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const { allowed, firstRefusal } = limiter.take(ctx.ip);
    if (!allowed) {
      if (firstRefusal) deps.logger.warn({ component: 'payments', ip: ctx.ip, perMinute: NOTIFICATIONS_PER_MINUTE }, 'Слишком много уведомлений о платежах с одного адреса: лишние отклонены (429)');
      ctx.status = 429;
      ctx.set('Retry-After', '60');
      ctx.body = { error: 'rate_limited' };
      return;
    }
    const body = await readJson(ctx);
    if (body === undefined) {
      ctx.status = 400;
      ctx.body = { error: 'bad_request' };
      return;
    }
    const result = await handleNotification(
      { ...deps, logger: deps.logger.child({ component: 'payments' }) },
      ctx.params.provider ?? '',
      body,
      { ip: ctx.ip },
    );
    ctx.status = result.httpStatus;
    ctx.body = { outcome: result.outcome };
  });
  return router;
}

/** The JSON body, or undefined when it is not JSON or too large. */
async function readJson(ctx: Context): Promise<unknown> {
  if (!ctx.is('application/json')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
