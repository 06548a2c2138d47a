// The console service: the console's API and its built renderer, on 127.0.0.1 (the same Vue
// screens in a plain browser on the server, and in browser tests) or, with HTTPS, on the office
// network for clerks' desktop consoles. Every call goes through the same `dispatch` as Electron
// IPC: session, access, validation.
import helmet from 'koa-helmet';
import Koa, { type Context, type Middleware } from 'koa';
import { proxyOptions } from '../../shared/config/proxy.ts';
import { CONSOLE_API_VERSION, OLDEST_CONSOLE_API_SUPPORTED, type ConsoleApiVersion } from '../../shared/console/api-version.ts';
import type { CommandDeps, CommandResult, SessionControl } from '../../shared/console/command.ts';
import { dispatch } from '../../shared/console/dispatch.ts';
import { SESSION_COOKIE, SESSION_KEY_HEADER, splitSessionToken } from '../../shared/console/session-halves.ts';
import { CONSOLE_CSP_DIRECTIVES } from '../main/content-security-policy.ts';
import { BodyError, readJsonBody } from './body.ts';
import { downloads } from './download.ts';
import { refuseApiCall, refuseForeignHost, type Refusal } from './guard.ts';
import { sessionTokenOf } from './session-token.ts';
import { serveRendererFile } from './static-files.ts';
import { httpStatusOf } from './status.ts';
import { uploadEndpoint } from './upload.ts';

export interface BridgeOptions {
  deps: CommandDeps;
  /** The built renderer (index.html and assets/), e.g. out/desktop/renderer. */
  rendererDir: string;
  /** Largest request body; command inputs are small forms. */
  bodyLimitBytes?: number;
  /** Billing files for import (POST /api/upload): folder, size limit and timeouts. */
  uploads?: { dir?: string; limitBytes?: number; idleMs?: number; timeLimitMs?: number };
  /** Names the service is reached by besides 127.0.0.1 and localhost (CONSOLE_HOSTNAMES). */
  hostnames?: readonly string[];
}

const API_PATH = /^\/api\/([A-Za-z][A-Za-z0-9]{0,63})$/;

export function createConsoleBridge(options: BridgeOptions): Koa {
  // Behind nginx (docs/deploy/nginx.conf, CONSOLE_TRUST_PROXY_HOPS) the audit records the
  // clerk's address, not the proxy's; directly on the office network nothing forwarded is believed.
  const app = new Koa(proxyOptions(options.deps.config.consoleService.proxyHops));
  app.silent = true;
  app.on('error', (err: unknown) => options.deps.logger.error({ err }, 'console bridge request failed'));
  app.use(securityHeaders());
  app.use(hostCheck(options.hostnames ?? []));
  app.use(apiVersion());
  app.use(downloads(options.deps, clientAddress));
  app.use(uploadEndpoint({ deps: options.deps, ...options.uploads }));
  app.use(api(options));
  app.use(rendererFiles(options.rendererDir));
  return app;
}

function securityHeaders(): Middleware {
  const headers = helmet({
    // The renderer served here is the one Electron shows: the same policy as there.
    contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    // Plain HTTP on the loopback address: HSTS would only confuse other local programs.
    strictTransportSecurity: false,
  });
  return async function bridgeSecurityHeaders(ctx, next) {
    // The console's screens use no device or payment feature; the desktop console refuses every
    // permission request anyway (desktop/main/navigation-guard.ts), a plain browser needs telling.
    ctx.set('Permissions-Policy', CONSOLE_PERMISSIONS_POLICY);
    await headers(ctx, next);
  };
}

export const CONSOLE_PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()';

function hostCheck(hostnames: readonly string[]): Middleware {
  return async function bridgeHostCheck(ctx, next) {
    const refusal = refuseForeignHost(ctx, hostnames);
    if (refusal) return refuse(ctx, refusal);
    await next();
  };
}

/** GET /api-version: the server's console API version, asked by a desktop console before sign-in. */
function apiVersion(): Middleware {
  return async function bridgeApiVersion(ctx, next) {
    if (ctx.path !== '/api-version') return next();
    ctx.set('Cache-Control', 'no-store');
    const answer: ConsoleApiVersion = { api: CONSOLE_API_VERSION, oldestSupported: OLDEST_CONSOLE_API_SUPPORTED };
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = JSON.stringify(answer);
  };
}

function api(options: BridgeOptions): Middleware {
  const limit = options.bodyLimitBytes ?? 256 * 1024;
  return async function bridgeApi(ctx, next) {
    if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return next();
    ctx.set('Cache-Control', 'no-store');
    const name = API_PATH.exec(ctx.path)?.[1];
    if (!name) return refuse(ctx, { status: 404, id: 'not_found', message: 'Неизвестная команда' });
    const refusal = refuseApiCall(ctx);
    if (refusal) return refuse(ctx, refusal);

    let input: unknown;
    try {
      input = await readJsonBody(ctx.req, limit);
    } catch (error) {
      if (error instanceof BodyError) return refuse(ctx, { status: httpStatusOf(error.id), id: error.id, message: error.message });
      throw error;
    }
    const result = await dispatch(options.deps, {
      name,
      input,
      token: sessionTokenOf(ctx),
      origin: clientAddress(ctx),
      client: 'web',
      session: cookieSession(ctx),
    });
    respond(ctx, result.ok ? 200 : httpStatusOf(result.error.id), result);
  };
}

function rendererFiles(rendererDir: string): Middleware {
  return async function bridgeRendererFiles(ctx) {
    if (await serveRendererFile(ctx, rendererDir)) return;
    ctx.status = 404;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = 'Не найдено';
  };
}

/**
 * SessionControl for one request: half the token goes to an HttpOnly cookie (sent only to /api,
 * never to script, never from another site), the other half to the page in a header
 * (shared/console/session-halves.ts).
 */
function cookieSession(ctx: Context): SessionControl {
  // Secure over HTTPS: a clerk's session never travels in the clear on the office network.
  const secure = isEncrypted(ctx);
  const options = { httpOnly: true, sameSite: 'strict' as const, path: '/api', secure, overwrite: true };
  return {
    start(token, expiresAt) {
      const halves = splitSessionToken(token);
      ctx.cookies.set(SESSION_COOKIE, halves.cookie, { ...options, expires: new Date(expiresAt) });
      ctx.set(SESSION_KEY_HEADER, halves.key);
    },
    end() {
      ctx.cookies.set(SESSION_COOKIE, null, options);
      ctx.set(SESSION_KEY_HEADER, '');
    },
  };
}

/** HTTPS on this socket, or (with CONSOLE_TRUST_PROXY_HOPS) X-Forwarded-Proto from the proxy. */
function isEncrypted(ctx: Context): boolean {
  return ctx.secure;
}

/** The socket's address, or with CONSOLE_TRUST_PROXY_HOPS the one the proxy saw (shared/config/proxy.ts). */
function clientAddress(ctx: Context): string {
  const address = ctx.ip || 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function refuse(ctx: Context, refusal: Refusal): void {
  const result: CommandResult<never> = { ok: false, error: { id: refusal.id, message: refusal.message, fieldErrors: [] } };
  respond(ctx, refusal.status, result);
}

function respond(ctx: Context, status: number, result: CommandResult<unknown>): void {
  ctx.status = status;
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = JSON.stringify(result);
}
