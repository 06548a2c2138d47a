// The desktop console's link to the company's server (the console service, desktop/bridge): every
// command, billing file and export goes through here, from the main process only. Over HTTPS the
// server's certificate is pinned: the first time, its fingerprint is shown to the clerk and kept
// once confirmed (trust on first use, `readServerCertificate`); afterwards only that very
// certificate is accepted, so a machine posing as the server on the office network is refused
// before a password leaves the desk. Plain HTTP is for the server's own machine only
// (127.0.0.1). No Electron here: tests drive it against a real server.
import { X509Certificate } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { CONSOLE_API_HEADER, CONSOLE_API_VERSION, type ConsoleApiVersion } from '../../shared/console/api-version.ts';
import type { CommandResult } from '../../shared/console/command.ts';
import { joinSessionToken, SESSION_COOKIE, SESSION_KEY_HEADER, splitSessionToken } from '../../shared/console/session-halves.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

/** A pinned server certificate: the PEM (the only authority the link trusts) and its SHA-256 fingerprint. */
export interface ServerTrust {
  certPem: string;
  fingerprint: string;
}

export type ServerLinkProblem = 'bad-address' | 'unreachable' | 'untrusted' | 'certificate-changed' | 'console-outdated' | 'server-outdated' | 'bad-answer';

/** Why the link cannot be used, in words for the clerk. */
export class ServerLinkError extends Error {
  constructor(readonly problem: ServerLinkProblem, message: string) {
    super(message);
    this.name = 'ServerLinkError';
  }
}

export interface OpenedDownload {
  /** The file's name as the server sends it (Content-Disposition, the Russian one when given). */
  name: string;
  /** Streams the file into `target`; a failure or `signal` removes the part written. Answers the bytes written. */
  saveTo(target: string, signal?: AbortSignal): Promise<number>;
  /** Drops it unread. */
  discard(): void;
}

/** What a call did to the session: the server started one (sign-in) or ended it (sign-out, expiry). */
export type SessionChange = { started: { token: string; expiresAt: number } } | { ended: true } | null;

export interface ServerLinkOptions {
  /** The server's address as the clerk typed it: https://kkp-server:3100 (http only for 127.0.0.1). */
  url: string;
  /** The pinned certificate (HTTPS); null until the clerk has confirmed one. */
  trust: ServerTrust | null;
  /** Connect to this address instead of resolving the URL's host name (tests; a fixed address). */
  connectAddress?: string;
  timeoutMs?: number;
}

/** Parses and checks an address the clerk typed; the canonical form is what the profile keeps. */
export function parseServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text.trim()) ? text.trim() : `https://${text.trim()}`);
  } catch {
    throw new ServerLinkError('bad-address', 'Адрес сервера не распознан: введите его так, как дал администратор, например https://kkp-server:3100');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ServerLinkError('bad-address', 'Адрес сервера должен начинаться с https://');
  if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new ServerLinkError('bad-address', 'По сети консоль подключается только по https://: без шифрования пароли и данные абонентов были бы видны в сети');
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ServerLinkError('bad-address', 'Укажите только адрес сервера и порт, без пути: например https://kkp-server:3100');
  }
  return url;
}

/** The certificate a server presents, read without trusting it: what the clerk is asked to confirm. */
export function readServerCertificate(options: Pick<ServerLinkOptions, 'url' | 'connectAddress' | 'timeoutMs'>): Promise<ServerTrust> {
  const url = parseServerUrl(options.url);
  if (url.protocol !== 'https:') return Promise.reject(new ServerLinkError('bad-address', 'Сертификат есть только у адреса https://'));
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      ...endpointOf(url, options.connectAddress),
      // Only to read the certificate: nothing is sent on this connection.
      rejectUnauthorized: false,
    });
    socket.setTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => socket.destroy(new Error('timeout')));
    socket.once('secureConnect', () => {
      const peer: PeerCertificate = socket.getPeerCertificate();
      socket.end();
      if (!peer?.raw) return reject(new ServerLinkError('bad-answer', 'Сервер не предъявил сертификат'));
      const certPem = `-----BEGIN CERTIFICATE-----\n${peer.raw.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
      resolve({ certPem, fingerprint: new X509Certificate(peer.raw).fingerprint256 });
    });
    socket.once('error', (error) => reject(unreachable(url, error)));
  });
}

export class ServerLink {
  readonly url: URL;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly options: ServerLinkOptions) {
    this.url = parseServerUrl(options.url);
    if (this.url.protocol === 'https:') {
      const trust = options.trust;
      if (!trust) throw new ServerLinkError('untrusted', 'Сертификат сервера ещё не подтверждён');
      this.agent = new HttpsAgent({
        keepAlive: true,
        // The pinned certificate is the only authority: a self-signed one validates against itself, any other fails.
        ca: trust.certPem,
        // The pin replaces the name check: a clerk may reach the server by an address not in its certificate.
        checkServerIdentity: (_host, cert) => (cert.fingerprint256 === trust.fingerprint ? undefined : pinMismatch(trust, cert.fingerprint256)),
      });
    } else {
      this.agent = new HttpAgent({ keepAlive: true });
    }
  }

  /** The server's console API version; refuses a server this console cannot work with, or one that no longer takes this console. */
  async checkVersion(): Promise<ConsoleApiVersion> {
    const res = await this.send('GET', '/api-version', {});
    const body = await readText(res);
    let answer: ConsoleApiVersion;
    try {
      answer = JSON.parse(body) as ConsoleApiVersion;
    } catch {
      throw new ServerLinkError('bad-answer', 'По этому адресу отвечает не сервер личного кабинета: проверьте адрес и порт');
    }
    if (res.statusCode !== 200 || typeof answer.api !== 'number') throw new ServerLinkError('bad-answer', 'По этому адресу отвечает не сервер личного кабинета: проверьте адрес и порт');
    if (answer.oldestSupported > CONSOLE_API_VERSION) {
      throw new ServerLinkError('console-outdated', `Эта версия консоли устарела: сервер работает с версией ${answer.api}. Установите новую версию консоли (её даст администратор).`);
    }
    if (answer.api < CONSOLE_API_VERSION) {
      throw new ServerLinkError('server-outdated', `Сервер работает со старой версией консоли (${answer.api}, эта консоль — ${CONSOLE_API_VERSION}): попросите администратора обновить сервер.`);
    }
    return answer;
  }

  /** Runs a console command as the holder of `token`; the answer is the server's CommandResult. */
  async call(name: string, input: unknown, token: string | null): Promise<{ result: CommandResult<unknown>; session: SessionChange }> {
    const body = Buffer.from(JSON.stringify(input ?? null), 'utf8');
    const res = await this.send('POST', `/api/${encodeURIComponent(name)}`, { ...this.headers(token), 'content-type': 'application/json', 'content-length': String(body.length) }, body);
    const result = await readResult(res);
    return { result, session: sessionChange(res) };
  }

  /** Streams a billing file to the server for import, telling `onProgress` the bytes sent; `signal` cancels it. */
  async upload(path: string, token: string | null, o: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal } = {}): Promise<CommandResult<unknown>> {
    const { size } = await stat(path);
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        o.onProgress?.(sent, size);
        done(null, chunk);
      },
    });
    const headers = {
      ...this.headers(token), 'content-type': 'application/octet-stream', 'content-length': String(size), 'x-file-name': encodeURIComponent(basename(path)),
    };
    const res = await this.send('POST', '/api/upload', headers, createReadStream(path).pipe(counter), o.signal);
    return readResult(res);
  }

  /**
   * Opens an export or a printed file the server made (by its id): its name as the server gives
   * it (to suggest in the save dialog), then `saveTo` streams it into a file or `discard` drops
   * it (the clerk closed the dialog). A refusal (no session, not theirs, too old) is a CommandResult.
   */
  async openDownload(fileId: string, token: string | null): Promise<CommandResult<OpenedDownload>> {
    const res = await this.send('GET', `/api/download/${encodeURIComponent(fileId)}`, this.headers(token));
    if (res.statusCode !== 200) return (await readResult(res)) as CommandResult<never>;
    const name = fileNameOf(res.headers['content-disposition']) ?? `${fileId}`;
    return {
      ok: true,
      value: {
        name,
        async saveTo(target, signal) {
          let bytes = 0;
          const counter = new Transform({
            transform(chunk: Buffer, _enc, done) {
              bytes += chunk.length;
              done(null, chunk);
            },
          });
          try {
            await pipeline(res, counter, createWriteStream(target), ...(signal ? [{ signal }] : []));
          } catch (error) {
            await rm(target, { force: true });
            throw error;
          }
          return bytes;
        },
        discard() {
          res.destroy();
        },
      },
    };
  }

  close(): void {
    this.agent.destroy();
  }

  private headers(token: string | null): Record<string, string> {
    // The token goes back as the service handed it out: half as the cookie, half in the header.
    const halves = token ? splitSessionToken(token) : null;
    return {
      'x-kkp-console': '1',
      [CONSOLE_API_HEADER]: String(CONSOLE_API_VERSION),
      ...(halves ? { cookie: `${SESSION_COOKIE}=${halves.cookie}`, [SESSION_KEY_HEADER]: halves.key } : {}),
    };
  }

  private send(
    method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: Buffer | NodeJS.ReadableStream, signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    const url = this.url;
    const secure = url.protocol === 'https:';
    const request = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request({
        method, path, agent: this.agent, ...endpointOf(url, this.options.connectAddress),
        headers: { host: url.host, ...headers }, timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(signal ? { signal } : {}),
      }, resolve);
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', (error: NodeJS.ErrnoException) => reject(error.name === 'AbortError' ? error : this.describe(error)));
      if (body === undefined) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else (body as NodeJS.ReadableStream).pipe(req);
    });
  }

  private describe(error: NodeJS.ErrnoException): Error {
    if (error instanceof ServerLinkError) return error;
    const trust = this.options.trust;
    if (trust && TLS_TRUST_ERRORS.has(error.code ?? '')) return pinMismatch(trust, null);
    return unreachable(this.url, error);
  }
}

/** Chain errors a certificate other than the pinned one produces (the pinned one is the only CA). */
const TLS_TRUST_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function pinMismatch(trust: ServerTrust, presented: string | null): ServerLinkError {
  return new ServerLinkError(
    'certificate-changed',
    `Сертификат сервера изменился${presented ? ` (отпечаток ${presented})` : ''}: консоль помнит другой (${trust.fingerprint}). ` +
      'Возможно, в сети кто-то выдаёт себя за сервер. Не входите и сообщите администратору; если сертификат заменили намеренно, он подтвердит новый отпечаток.',
  );
}

function unreachable(url: URL, error: Error): ServerLinkError {
  return new ServerLinkError('unreachable', `Сервер ${url.host} не отвечает (${(error as NodeJS.ErrnoException).code ?? error.message}): проверьте адрес, сеть и что сервер запущен`);
}

/**
 * Where to connect for `url`: its host (an IPv6 address without brackets) or the address given
 * instead, its port, and the name for SNI — a name only: an address is not sent.
 */
function endpointOf(url: URL, connectAddress: string | undefined): { host: string; port: number; servername: string | undefined } {
  const name = url.hostname.replace(/^\[|\]$/g, '');
  return { host: connectAddress ?? name, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), servername: isIP(name) ? undefined : name };
}

async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readResult(res: IncomingMessage): Promise<CommandResult<unknown>> {
  const text = await readText(res);
  try {
    const result = JSON.parse(text) as CommandResult<unknown>;
    if (typeof result === 'object' && result !== null && typeof result.ok === 'boolean') return result;
  } catch {
    // Not a console answer: said below.
  }
  return { ok: false, error: { id: 'internal', message: `Сервер ответил не так, как ожидалось (HTTP ${res.statusCode})`, fieldErrors: [] } };
}

/** The file name of a Content-Disposition header: filename* (RFC 5987, UTF-8) when there, else filename. */
export function fileNameOf(header: string | undefined): string | null {
  if (!header) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return basename(decodeURIComponent(extended.trim()));
    } catch {
      // Malformed: fall back to the plain name.
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header)?.[1];
  return plain ? basename(plain) : null;
}

/** The session the server set or cleared: its Set-Cookie holds one half of the token, its header the other (session-halves.ts). */
function sessionChange(res: IncomingMessage): SessionChange {
  const keyHeader = res.headers[SESSION_KEY_HEADER];
  const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
  for (const cookie of res.headers['set-cookie'] ?? []) {
    const [pair = '', ...attributes] = cookie.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq) !== SESSION_COOKIE) continue;
    const half = pair.slice(eq + 1);
    const expires = attributes.find((a) => a.toLowerCase().startsWith('expires='));
    const expiresAt = expires ? Date.parse(expires.slice('expires='.length)) : NaN;
    const token = joinSessionToken(half, key);
    if (!token || (Number.isFinite(expiresAt) && expiresAt <= Date.now())) return { ended: true };
    return { started: { token, expiresAt: Number.isFinite(expiresAt) ? expiresAt : Date.now() + 12 * 3_600_000 } };
  }
  return null;
}
