// Route guards: who is asking, and which account they are looking at.
import type { AccountSummary } from '../shared/residents/accounts.ts';
import { notFound, unauthenticated } from '../shared/errors.ts';
import type { SessionUser } from '../shared/residents/sessions.ts';
import type { SiteContext } from './context.ts';
import { residentView, type ResidentView } from './render.ts';

export interface Resident extends ResidentView {
  session: SessionUser;
  current: AccountSummary;
}

/** The signed-in resident with an account to show; otherwise to the login page. */
export function requireResident(ctx: SiteContext): Resident {
  const session = ctx.state.session;
  if (!session) throw unauthenticated();
  const view = residentView(ctx);
  if (!view?.current) throw notFound('К вашей учётной записи не привязан ни один лицевой счёт. Обратитесь в абонентский отдел.');
  return { ...view, session, current: view.current };
}

/** A same-site path to go back to after a form; anything else becomes '/'. */
export function safeBackPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-/?=&%.]*$/.test(value) ? value : '/';
}

export function clientIp(ctx: SiteContext): string {
  return ctx.ip || ctx.request.socket.remoteAddress || 'unknown';
}
