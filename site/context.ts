// What the site's middleware puts on ctx.state, and the dependencies every route receives.
import type { Knex } from 'knex';
import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { Overview } from '../shared/billing/overview.ts';
import type { AppConfig } from '../shared/config/env.ts';
import type { SessionUser } from '../shared/residents/sessions.ts';

export interface SiteDeps {
  config: AppConfig;
  db: Knex;
  logger: Logger;
  /** Injectable clock, so tests can step past a lock or into a readings window. */
  now: () => number;
}

export interface SiteState {
  requestId: string;
  session: SessionUser | null;
  /** The token forms on this page must carry: the session's, or the anonymous cookie's. */
  csrfToken: string;
  cookieNoticeHidden: boolean;
  /** GET / only: the overview read with the session (site/middleware/session.ts), for that account. */
  overview?: { accountId: number; overview: Overview };
}

export type SiteContext = ParameterizedContext<SiteState>;

export const COOKIE_SESSION = 'kkp_session';
export const COOKIE_CSRF = 'kkp_csrf';
export const COOKIE_NOTICE = 'kkp_cookie_notice';
