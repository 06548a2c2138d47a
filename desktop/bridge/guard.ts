// Who may talk to the console service. On 127.0.0.1 any web page the clerk opens can still send
// requests there, and on the office network any machine can; a rebound DNS name can point at it.
// So every API call must:
//  - name the service itself in Host (127.0.0.1:<port>, localhost:<port>, or one of the names
//    the administrator gave in CONSOLE_HOSTNAMES): defeats DNS rebinding;
//  - carry X-KKP-Console: 1 and a JSON content type: a foreign page cannot send either without
//    a CORS preflight, which the service never answers with permission;
//  - if the browser says where it comes from (Origin), come from the service's own origin or
//    the desktop console's app://console;
//  - if it is a desktop console, be of an API version the server still answers.
// The session cookie is SameSite=Strict (and Secure over HTTPS) on top of that.
import type { Context } from 'koa';
import { CONSOLE_API_HEADER, CONSOLE_API_VERSION, OLDEST_CONSOLE_API_SUPPORTED } from '../../shared/console/api-version.ts';
import { APP_ORIGIN } from '../main/app-protocol.ts';

export interface Refusal {
  status: number;
  id: string;
  message: string;
}

/**
 * Host names the service answers to: 127.0.0.1 and localhost with the port the request arrived
 * on, and the administrator's names (CONSOLE_HOSTNAMES) with that port or without one (behind a
 * reverse proxy, or on the scheme's own port).
 */
export function hostAllowed(ctx: Context, hostnames: readonly string[] = []): boolean {
  const port = ctx.req.socket.localPort;
  const host = ctx.get('host').toLowerCase();
  if (host === `127.0.0.1:${port}` || host === `localhost:${port}`) return true;
  return hostnames.some((name) => host === name || host === `${name}:${port}` || host === `[${name}]:${port}`);
}

export function refuseForeignHost(ctx: Context, hostnames: readonly string[] = []): Refusal | null {
  if (hostAllowed(ctx, hostnames)) return null;
  const names = ['127.0.0.1', 'localhost', ...hostnames].join(', ');
  return { status: 403, id: 'forbidden', message: `Консоль открывается только по адресам: ${names}` };
}

/** An Origin the service accepts: its own page (http or https, the Host it was asked by) or the desktop console's. */
function originAllowed(ctx: Context): boolean {
  const origin = ctx.get('origin').toLowerCase();
  if (origin === '') return true;
  const host = ctx.get('host').toLowerCase();
  return origin === `http://${host}` || origin === `https://${host}` || origin === APP_ORIGIN;
}

/** A desktop console says its API version; one older than the server still answers is told to update. */
function refuseOutdated(ctx: Context): Refusal | null {
  const sent = ctx.get(CONSOLE_API_HEADER);
  if (sent === '') return null;
  const version = Number(sent);
  if (Number.isInteger(version) && version >= OLDEST_CONSOLE_API_SUPPORTED) return null;
  return {
    status: 426, id: 'outdated',
    message: `Эта версия консоли устарела: сервер работает с версией ${CONSOLE_API_VERSION}. Установите новую версию консоли (её даст администратор) и запустите её снова.`,
  };
}

/** What every call and upload must show: the console's header, its own origin, a version the server answers. */
export function refuseForeignCaller(ctx: Context): Refusal | null {
  if (ctx.get('x-kkp-console') !== '1') return { status: 403, id: 'forbidden', message: 'Запрос не от консоли: нет заголовка X-KKP-Console' };
  if (!originAllowed(ctx)) return { status: 403, id: 'forbidden', message: 'Запрос с чужой страницы отклонён' };
  return refuseOutdated(ctx);
}

/** Checks for an API call, after the Host check. */
export function refuseApiCall(ctx: Context): Refusal | null {
  if (ctx.method !== 'POST') return { status: 405, id: 'not_found', message: 'Команды консоли принимаются только методом POST' };
  const caller = refuseForeignCaller(ctx);
  if (caller) return caller;
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
  if (!originAllowed(ctx)) return { status: 403, id: 'forbidden', message: 'Запрос с чужой страницы отклонён' };
  return refuseOutdated(ctx);
}
