// Strict Content-Security-Policy and the usual security headers, as helmet configures them.
// They never depend on the request, so helmet runs once at start-up against a recorder and
// every response gets the recorded headers: helmet itself runs a dozen small middlewares and a
// promise per request.
import helmet from 'koa-helmet';
import type { Middleware } from 'koa';

export function securityHeaders(): Middleware {
  return recorded(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    }),
  );
}

/**
 * What `middleware` does to a response's headers, replayed on every response. helmet sets them
 * before it calls on, synchronously; the check below fails start-up should that ever change.
 */
function recorded(middleware: Middleware): Middleware {
  const set = new Map<string, string | number | readonly string[]>();
  const removed = new Set<string>();
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      removed.delete(name);
      set.set(name, value);
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.add(name);
    },
    getHeader: (name: string) => set.get(name),
  };
  void middleware({ req: { headers: {} }, res } as unknown as Parameters<Middleware>[0], async () => {});
  if (!set.has('Content-Security-Policy')) throw new Error('security headers: helmet did not set its headers at once');
  const headers = [...set];
  const removals = [...removed];
  return async function securityHeadersMiddleware(ctx, next) {
    for (const name of removals) ctx.res.removeHeader(name);
    for (const [name, value] of headers) ctx.res.setHeader(name, value);
    await next();
  };
}
