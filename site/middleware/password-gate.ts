// A resident who signed in with a password the office issued (sent by e-mail when the access
// was granted or re-issued) sets their own before anything else: that password has travelled
// through mail and the clerk's hands. Until then every page leads to the profile's password form;
// the profile, signing out and the public pages stay open.
import type { Middleware } from 'koa';
import { DomainError } from '../../shared/errors.ts';
import type { SiteState } from '../context.ts';

/** Where the resident may go while the issued password is still theirs. */
const OPEN_PATHS = /^\/(profile(\/.*)?|logout|help|agreement|feedback|cookies(\/accept)?|unsubscribe(\/.*)?|assets\/.*|favicon\.ico)$/;

export const PASSWORD_FORM_PATH = '/profile?change=password#password-title';

export function passwordChangeGate(): Middleware<SiteState> {
  return async function passwordGateMiddleware(ctx, next) {
    if (!ctx.state.session?.mustChangePassword || OPEN_PATHS.test(ctx.path)) return next();
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      ctx.redirect(PASSWORD_FORM_PATH);
      return;
    }
    throw new DomainError('forbidden', 'Сначала задайте свой пароль в профиле: тот, с которым вы вошли, — временный.');
  };
}
