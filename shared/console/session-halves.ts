// A console session token travels in two halves, so that neither alone signs anyone in: one in
// the HttpOnly session cookie, the other in a header the page (or the desktop console's main
// process) keeps and sends back. Browsers send a host's cookies to every port of that host, so
// another program on the server (or a clerk's machine) could receive the cookie; the page's
// half lives in sessionStorage, which is its own origin's — port included — and never travels
// to anyone else. Used by the console service (desktop/bridge), the browser client
// (client.ts) and the desktop link (desktop/main/server-link.ts).
export const SESSION_COOKIE = 'kkp_console';
/** The page's half, answered by sign-in and sent back with every call (cleared by an empty value). */
export const SESSION_KEY_HEADER = 'x-kkp-session-key';
/** The same half for a download, which is a plain navigation and cannot carry a header. */
export const SESSION_KEY_QUERY = 'k';

export function splitSessionToken(token: string): { cookie: string; key: string } {
  const half = Math.ceil(token.length / 2);
  return { cookie: token.slice(0, half), key: token.slice(half) };
}

/** The whole token from its halves; null when either is missing. */
export function joinSessionToken(cookie: string | null | undefined, key: string | null | undefined): string | null {
  return cookie && key ? `${cookie}${key}` : null;
}
