// Every state-changing request must carry the page's CSRF token in the `_csrf` field.
// Multipart forms (photo uploads) are not parsed before the routes; their token is the form's
// first part, checked by the route's reader before anything reaches the disk
// (site/routes/requests/photo-form.ts). Only the paths named in `multipartPaths` may rely on
// that: a multipart post anywhere else carries no readable token and is refused here.
import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { DomainError } from '../../shared/errors.ts';
import type { SiteState } from '../context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfOptions {
  /** Paths whose multipart bodies are read and token-checked by the route itself. */
  multipartPaths?: (path: string) => boolean;
}

export function csrfProtection(options: CsrfOptions = {}): Middleware<SiteState> {
  return async function csrfMiddleware(ctx, next) {
    if (!SAFE_METHODS.has(ctx.method)) {
      const deferred = ctx.method === 'POST' && ctx.is('multipart/form-data') && (options.multipartPaths?.(ctx.path) ?? false);
      if (!deferred) {
        const body = ctx.request.body as Record<string, unknown> | undefined;
        const sent = typeof body?._csrf === 'string' ? body._csrf : ctx.get('x-csrf-token');
        if (!tokensMatch(sent, ctx.state.csrfToken)) {
          throw new DomainError('forbidden', 'Форма устарела или отправлена не с нашего сайта. Обновите страницу и попробуйте ещё раз.');
        }
      }
    }
    await next();
  };
}

function tokensMatch(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
