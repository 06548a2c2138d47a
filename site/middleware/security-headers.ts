// Strict Content-Security-Policy and the usual security headers, as helmet configures them.
// They never depend on the request, so helmet runs once at start-up against a recorder and
// every response gets the recorded headers: helmet itself runs a dozen small middlewares and a
// promise per request. The one exception is HSTS, sent only on a response that went out over
// HTTPS (ctx.secure: the socket's TLS, or X-Forwarded-Proto from a trusted proxy): over plain
// HTTP a browser ignores it anyway, and a site tried on http://<address>:3000 must not tell
// the browser anything about that host.
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
      strictTransportSecurity: false,
    }),
  );
}

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Browser features no page of the site uses, refused to the page and anything it embeds. The
 * request form's photos come from `<input type=file capture>`, which hands over to the phone's
 * own camera app and needs no camera permission; card payments happen on the provider's page
 * (a navigation, not the Payment Request API), so `payment` is refused here too.
 */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()';

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
  headers.push(['Permissions-Policy', PERMISSIONS_POLICY]);
  return async function securityHeadersMiddleware(ctx, next) {
    for (const name of removals) ctx.res.removeHeader(name);
    for (const [name, value] of headers) ctx.res.setHeader(name, value);
    if (ctx.secure) ctx.res.setHeader('Strict-Transport-Security', HSTS);
    await next();
  };
}
