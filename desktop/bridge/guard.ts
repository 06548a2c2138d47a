// Who may talk to the bridge. It listens on 127.0.0.1, but any web page the clerk opens can
// still send requests there, and a rebound DNS name can point at it. So every API call must:
//  - name the bridge itself in Host (127.0.0.1:<port> or localhost:<port>): defeats DNS rebinding;
//  - carry X-KKP-Console: 1 and a JSON content type: a foreign page cannot send either without
//    a CORS preflight, which the bridge never answers with permission;
//  - if the browser says where it comes from (Origin), come from the bridge's own origin.
// The session cookie is SameSite=Strict on top of that.
import type { Context } from 'koa';

export interface Refusal {
  status: number;
  id: string;
  message: string;
}

/** Host names the bridge answers to, with the port the request actually arrived on. */
export function hostAllowed(ctx: Context): boolean {
  const port = ctx.req.socket.localPort;
  const host = ctx.get('host').toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function refuseForeignHost(ctx: Context): Refusal | null {
  if (hostAllowed(ctx)) return null;
  return { status: 403, id: 'forbidden', message: 'Консоль открывается только по адресу 127.0.0.1 или localhost' };
}

/** Checks for an API call, after the Host check. */
export function refuseApiCall(ctx: Context): Refusal | null {
  if (ctx.method !== 'POST') return { status: 405, id: 'not_found', message: 'Команды консоли принимаются только методом POST' };
  if (ctx.get('x-kkp-console') !== '1') return { status: 403, id: 'forbidden', message: 'Запрос не от консоли: нет заголовка X-KKP-Console' };
  const origin = ctx.get('origin');
  if (origin !== '' && origin.toLowerCase() !== `http://${ctx.get('host').toLowerCase()}`) {
    return { status: 403, id: 'forbidden', message: 'Запрос с чужой страницы отклонён' };
  }
  if (!ctx.is('application/json')) {
    return { status: 415, id: 'unsupported_media_type', message: 'Команды консоли принимаются только в формате JSON' };
  }
  return null;
}
