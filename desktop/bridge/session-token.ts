// The session token of a request to the console service: the cookie's half and the page's (its
// header, or for a download the query), joined (shared/console/session-halves.ts).
import type { Context } from 'koa';
import { joinSessionToken, SESSION_COOKIE, SESSION_KEY_HEADER } from '../../shared/console/session-halves.ts';

export function sessionTokenOf(ctx: Context, query?: string): string | null {
  return joinSessionToken(ctx.cookies.get(SESSION_COOKIE), ctx.get(SESSION_KEY_HEADER) || (query ? String(ctx.query[query] ?? '') : ''));
}
