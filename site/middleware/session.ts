// Loads the resident's session from its cookie, and gives anonymous visitors a CSRF cookie so
// the login form is protected too.
import type { Middleware } from 'koa';
import { findSessionWithOverview } from '../../shared/billing/overview.ts';
import { findSession, randomToken, touchSession, type SessionUser } from '../../shared/residents/sessions.ts';
import { COOKIE_CSRF, COOKIE_NOTICE, COOKIE_SESSION, type SiteContext, type SiteDeps, type SiteState } from '../context.ts';
import { cookieOptions } from '../cookies.ts';

export function sessions(deps: SiteDeps): Middleware<SiteState> {
  return async function sessionMiddleware(ctx, next) {
    ctx.state.cookieNoticeHidden = ctx.cookies.get(COOKIE_NOTICE) === '1';
    const token = ctx.cookies.get(COOKIE_SESSION);
    const session = token ? await loadSession(ctx, deps, token) : null;
    if (token && !session) ctx.cookies.set(COOKIE_SESSION, null, cookieOptions(deps));
    if (session) {
      if (await touchSession(deps.db, session, deps.config.sessionTtlMs, deps.now())) {
        ctx.cookies.set(COOKIE_SESSION, token, { ...cookieOptions(deps), maxAge: deps.config.sessionTtlMs });
      }
      ctx.state.session = session;
      ctx.state.csrfToken = session.csrfToken;
    } else {
      ctx.state.session = null;
      let anonymous = ctx.cookies.get(COOKIE_CSRF);
      if (!anonymous || !/^[\w-]{43}$/.test(anonymous)) {
        anonymous = randomToken();
        ctx.cookies.set(COOKIE_CSRF, anonymous, cookieOptions(deps));
      }
      ctx.state.csrfToken = anonymous;
    }
    await next();
  };
}

/**
 * The session for the cookie's token. The overview page (GET /), the most visited one, gets
 * its figures in the same statement, left on ctx.state for its route: one database round trip
 * instead of two. The session itself is read from the database on every request either way.
 */
async function loadSession(ctx: SiteContext, deps: SiteDeps, token: string): Promise<SessionUser | null> {
  if (ctx.method !== 'GET' || ctx.path !== '/') return findSession(deps.db, token, deps.now());
  const found = await findSessionWithOverview(deps.db, token, deps.now(), deps.config.timeZone);
  if (found?.overview && found.accountId != null) ctx.state.overview = { accountId: found.accountId, overview: found.overview };
  return found?.session ?? null;
}
