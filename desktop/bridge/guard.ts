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

/**
 * Checks for a file download (GET /api/download/<id>), after the Host check. A download is a
 * plain navigation, so it cannot carry X-KKP-Console; instead the browser's own Sec-Fetch-Site
 * must say the request comes from the bridge's page ('same-origin') or from the clerk typing or
 * clicking the address ('none'). 'same-site' is refused too: another program's page on
 * 127.0.0.1 with another port is the same site. Clients that send no Sec-Fetch-Site (scripts,
 * old browsers) still need the SameSite=Strict session cookie, which no other site's page can
 * make the browser send, and the id, which only the command's answer carries.
 */
export function refuseDownload(ctx: Context): Refusal | null {
  if (ctx.method !== 'GET') return { status: 405, id: 'not_found', message: 'Файл выгрузки скачивается методом GET' };
  const site = ctx.get('sec-fetch-site').toLowerCase();
  if (site !== '' && site !== 'same-origin' && site !== 'none') return { status: 403, id: 'forbidden', message: 'Запрос с чужой страницы отклонён' };
  const origin = ctx.get('origin');
  if (origin !== '' && origin.toLowerCase() !== `http://${ctx.get('host').toLowerCase()}`) {
    return { status: 403, id: 'forbidden', message: 'Запрос с чужой страницы отклонён' };
  }
  return null;
}
