import type { SiteDeps } from './context.ts';

/** Every cookie we set: HttpOnly, SameSite=Lax (so the return from a payment page keeps the session), Secure behind HTTPS. */
export function cookieOptions(deps: SiteDeps) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: deps.config.cookieSecure, path: '/', overwrite: true };
}
