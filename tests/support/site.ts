// A real site on a free port over a test database, and a small cookie-keeping HTTP client that
// reads the CSRF token from each page, the way a browser would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { loadConfig, type AppConfig } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/logger.ts';
import { startSite, type RunningSite } from '../../site/server.ts';

export interface TestClock {
  now: () => number;
  set(iso: string): void;
  advance(ms: number): void;
}

/** A settable clock; starts inside the default readings window (24 November 2026, 12:00 MSK). */
export function testClock(iso = '2026-11-24T09:00:00Z'): TestClock {
  let t = Date.parse(iso);
  return { now: () => t, set: (v) => void (t = Date.parse(v)), advance: (ms) => void (t += ms) };
}

/** A site the tests started (startTestSite). */
export type TestSite = Awaited<ReturnType<typeof startTestSite>>;

export async function startTestSite(db: Knex, options: { clock?: TestClock; env?: Record<string, string> } = {}): Promise<RunningSite & { config: AppConfig; clock: TestClock }> {
  const clock = options.clock ?? testClock();
  // Uploads and mail files go to a folder of this site's own, removed when it closes.
  const files = mkdtempSync(join(tmpdir(), 'kkp-site-'));
  // No held-back answers after failed sign-ins unless a test asks (the delay's rule has its own
  // test; waiting it out in every test that types a wrong password would cost the suite seconds).
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', UPLOAD_DIR: join(files, 'uploads'), MAIL_DIR: join(files, 'mail'), LOGIN_FAILURE_DELAY_MS: '0', ...options.env });
  const site = await startSite({ config, db, logger: createLogger('silent'), now: clock.now }, { host: '127.0.0.1', port: 0 });
  const close = async () => {
    await site.close();
    rmSync(files, { recursive: true, force: true });
  };
  return { ...site, close, config, clock };
}

export interface Reply {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
  setCookies: string[];
}

export class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';
  /** Sent with every request, e.g. the X-Forwarded-For a proxy would add. */
  readonly headers: Record<string, string> = {};

  constructor(readonly baseUrl: string) {}

  /** A client of the site at `baseUrl` signed in as `who`; the sign-in must succeed (302). */
  static async signedIn(baseUrl: string, who: { login: string; password: string }): Promise<Client> {
    const client = new Client(baseUrl);
    const reply = await client.login(who.login, who.password);
    if (reply.status !== 302) throw new Error(`sign-in as ${who.login} answered ${reply.status}, not 302`);
    return client;
  }

  async get(path: string): Promise<Reply> {
    return this.request('GET', path);
  }

  /** Posts a form; `_csrf` is added from the last page unless the fields carry their own. */
  async post(path: string, fields: Record<string, string>, options: { csrf?: boolean } = {}): Promise<Reply> {
    const body = new URLSearchParams(options.csrf === false ? fields : { _csrf: this.csrf, ...fields });
    return this.request('POST', path, body);
  }

  async login(login: string, password: string): Promise<Reply> {
    await this.get('/login');
    return this.post('/login', { login, password, next: '/' });
  }

  private async request(method: string, path: string, body?: URLSearchParams): Promise<Reply> {
    const headers: Record<string, string> = { ...this.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      if (!name) continue;
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, location: res.headers.get('location'), html, headers: res.headers, setCookies };
  }
}

/** The text of an HTML fragment without tags and with collapsed spaces, for assertions. */
export function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\u00a0|\u202f/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}
