// The console service over real sockets, on both ways it is reached: plain HTTP on 127.0.0.1 (the
// server's own machine) and HTTPS on an office address with its self-signed certificate (clerks'
// desks). Every guard the same on both: the session's halves and the cookie's flags, the checks
// that keep other web pages and rebound host names out, status codes, the static renderer with
// its CSP, and the browser-side client (shared/console/client.ts) talking to it.
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, it } from 'node:test';
import { loadConfig } from '../../../shared/config/env.ts';
import { consoleCertificate } from '../../../shared/ops/console-certificate.ts';
import { createHttpConsoleApi, ConsoleError, type FetchLike } from '../../../shared/console/client.ts';
import { commands } from '../../../shared/console/commands/index.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { buildCsp } from '../../../desktop/main/content-security-policy.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { commandDeps } from './calls.ts';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** How the tests reach the service: its address, and over HTTPS the certificate to trust. */
interface Transport {
  name: 'loopback' | 'office';
  address: string;
  certPem: string | null;
}
let transport: Transport = { name: 'loopback', address: '127.0.0.1', certPem: null };

/** A request with exactly the headers given (fetch would not let a test forge Host). */
function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const common = { host: transport.address, port, method: options.method ?? 'POST', path: options.path, headers: options.headers };
    const request = (callback: (res: IncomingMessage) => void) => (transport.certPem
      ? httpsRequest({ ...common, ca: transport.certPem, checkServerIdentity: () => undefined }, callback)
      : httpRequest(common, callback));
    const req = request((res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const apiHeaders = (port: number, extra: Record<string, string> = {}) => ({
  host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-kkp-console': '1', ...extra,
});

/** fetch over the transport (HTTPS with the service's own certificate), as a Response. */
async function get(url: string, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url);
  const headers: Record<string, string> = { host: target.host };
  new Headers(init.headers).forEach((value, key) => (headers[key] = value));
  const reply = await raw(Number(target.port), { method: init.method ?? 'GET', path: target.pathname + target.search, headers, ...(typeof init.body === 'string' ? { body: init.body } : {}) });
  const out = new Headers();
  for (const [key, value] of Object.entries(reply.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(key, v);
  }
  return new Response(reply.status === 204 ? null : reply.body, { status: reply.status, headers: out });
}

/** fetch with a cookie jar, as a browser on the bridge's page would have. */
function browserFetch(): FetchLike & { cookies: Map<string, string> } {
  const cookies = new Map<string, string>();
  const impl = async (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await get(url, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return res;
  };
  return Object.assign(impl, { cookies });
}

for (const way of ['loopback', 'office'] as const) forEachEngine(`console service, ${way === 'loopback' ? 'HTTP on 127.0.0.1' : 'HTTPS on the office network'}`, (ctx) => {
  const database = ctx.databaseForSuite();
  let bridge: RunningBridge;
  let baseDir: string;
  let here: Transport;

  before(async () => {
    // base/renderer is served; base/kkp-outside.html must stay out of reach.
    baseDir = await mkdtemp(join(tmpdir(), 'kkp-bridge-'));
    const rendererDir = join(baseDir, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Консоль</title><script type="module" src="/assets/app-1.js"></script>');
    await writeFile(join(rendererDir, 'assets', 'app-1.js'), 'console.log("консоль");');
    await writeFile(join(baseDir, 'kkp-outside.html'), 'secret');
    if (way === 'loopback') {
      here = { name: way, address: '127.0.0.1', certPem: null };
      bridge = await startConsoleBridge({ deps: commandDeps(database().db), rendererDir, port: 0, bodyLimitBytes: 4096 });
    } else {
      const address = '127.0.0.5';
      // Desks reach it by its address, which the administrator lists in CONSOLE_HOSTNAMES.
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', CONSOLE_HOST: address, CONSOLE_HOSTNAMES: address, CONSOLE_TLS: 'self-signed', CONSOLE_TLS_DIR: join(baseDir, 'tls') });
      const tls = await consoleCertificate(config.consoleService);
      here = { name: way, address, certPem: tls?.cert ?? null };
      bridge = await startConsoleBridge({
        deps: { ...commandDeps(database().db), config }, rendererDir, port: 0, bodyLimitBytes: 4096, host: address, tls, hostnames: config.consoleService.hostnames,
      });
    }
  });
  beforeEach(() => {
    transport = here;
  });
  after(async () => {
    await bridge?.close();
    await rm(baseDir, { recursive: true, force: true });
  });

  it('signs in with an HttpOnly, SameSite=Strict cookie for /api, which later calls carry', async () => {
    const staff = await createStaff(database().db, 'operator');
    const signIn = await raw(bridge.port, { path: '/api/signIn', headers: apiHeaders(bridge.port), body: JSON.stringify({ login: staff.login, password: staff.password }) });
    assert.equal(signIn.status, 200);
    assert.equal(JSON.parse(signIn.body).value.login, staff.login);
    const [cookie] = signIn.headers['set-cookie'] ?? [];
    assert.match(cookie ?? '', /^kkp_console=[\w-]{20,};/);
    if (way === 'office') assert.match(cookie ?? '', /; secure/i, 'never in the clear on the office network');
    else assert.doesNotMatch(cookie ?? '', /; secure/i);
    assert.match(cookie ?? '', /; path=\/api(;|$)/i);
    assert.match(cookie ?? '', /; httponly/i);
    assert.match(cookie ?? '', /; samesite=strict/i);
    const sessionCookie = (cookie ?? '').split(';')[0] ?? '';
    // The other half of the token is for the page only (sessionStorage): the cookie alone, which
    // the browser would also send to other programs on this host, signs nobody in.
    const key = String(signIn.headers['x-kkp-session-key'] ?? '');
    assert.match(key, /^[\w-]{20,}$/);
    const cookieAlone = await raw(bridge.port, { path: '/api/listApplications', headers: apiHeaders(bridge.port, { cookie: sessionCookie }), body: '{}' });
    assert.equal(cookieAlone.status, 401);
    const keyAlone = await raw(bridge.port, { path: '/api/listApplications', headers: apiHeaders(bridge.port, { 'x-kkp-session-key': key }), body: '{}' });
    assert.equal(keyAlone.status, 401);

    const both = { cookie: sessionCookie, 'x-kkp-session-key': key };
    const me = await raw(bridge.port, { path: '/api/currentStaff', headers: apiHeaders(bridge.port, both), body: '{}' });
    assert.deepEqual(JSON.parse(me.body), { ok: true, value: { id: staff.id, login: staff.login, fullName: staff.fullName, role: 'operator', mustChangePassword: false, timeZone: 'Europe/Moscow' } });
    assert.equal(me.headers['cache-control'], 'no-store');

    const out = await raw(bridge.port, { path: '/api/signOut', headers: apiHeaders(bridge.port, both), body: '' });
    assert.equal(out.status, 200);
    assert.match(out.headers['set-cookie']?.[0] ?? '', /^kkp_console=;.*expires=Thu, 01 Jan 1970/i);
    assert.equal(out.headers['x-kkp-session-key'], '', 'the page is told to forget its half');
    const after = await raw(bridge.port, { path: '/api/currentStaff', headers: apiHeaders(bridge.port, both), body: '{}' });
    assert.deepEqual(JSON.parse(after.body), { ok: true, value: null });
  });

  it('refuses a call without the X-KKP-Console header, from a foreign Origin, to a foreign Host, or not as JSON', async () => {
    const staff = await createStaff(database().db, 'operator');
    const body = JSON.stringify({ login: staff.login, password: staff.password });
    const port = bridge.port;
    const cases: [string, Record<string, string>, number][] = [
      ['no header', { host: `127.0.0.1:${port}`, 'content-type': 'application/json' }, 403],
      ['header not 1', apiHeaders(port, { 'x-kkp-console': 'yes' }), 403],
      ['foreign origin', apiHeaders(port, { origin: 'http://evil.example' }), 403],
      ['same host, other port', apiHeaders(port, { origin: `http://127.0.0.1:${port + 1}` }), 403],
      ['null origin', apiHeaders(port, { origin: 'null' }), 403],
      ['rebound host name', apiHeaders(port, { host: `evil.example:${port}` }), 403],
      ['other port in Host', apiHeaders(port, { host: `127.0.0.1:${port + 1}` }), 403],
      ['form post', apiHeaders(port, { 'content-type': 'application/x-www-form-urlencoded' }), 415],
      ['text/plain', apiHeaders(port, { 'content-type': 'text/plain' }), 415],
    ];
    for (const [label, headers, status] of cases) {
      const reply = await raw(port, { path: '/api/signIn', headers, body });
      assert.equal(reply.status, status, label);
      const result = JSON.parse(reply.body);
      assert.equal(result.ok, false, label);
      assert.equal(reply.headers['set-cookie'], undefined, label);
    }
    const own = await raw(port, { path: '/api/signIn', headers: apiHeaders(port, { origin: `http://localhost:${port}`, host: `localhost:${port}` }), body });
    assert.equal(own.status, 200);
    const get = await raw(port, { method: 'GET', path: '/api/currentStaff', headers: apiHeaders(port) });
    assert.equal(get.status, 405);
  });

  it('answers 401 to every non-public command without a session, and to a forged cookie', async () => {
    const secured = COMMAND_NAMES.filter((name) => commands[name].access !== 'public');
    assert.ok(secured.length >= 6);
    for (const name of secured) {
      for (const cookie of [undefined, 'kkp_console=forged-token']) {
        const reply = await raw(bridge.port, { path: `/api/${name}`, headers: apiHeaders(bridge.port, cookie ? { cookie } : {}), body: '{}' });
        assert.equal(reply.status, 401, name);
        assert.equal(JSON.parse(reply.body).error.id, 'unauthenticated', name);
      }
    }
  });

  it('answers 400 to bad input and bad JSON, 404 to an unknown command, 413 to a huge body, 403/429 with the result', async () => {
    const port = bridge.port;
    const bad = await raw(port, { path: '/api/signIn', headers: apiHeaders(port), body: JSON.stringify({ login: '', password: '' }) });
    assert.equal(bad.status, 400);
    assert.deepEqual(JSON.parse(bad.body).error.fieldErrors, [
      { field: 'login', message: 'Введите логин' },
      { field: 'password', message: 'Введите пароль' },
    ]);
    assert.equal((await raw(port, { path: '/api/signIn', headers: apiHeaders(port), body: '{"login":' })).status, 400);
    const unknown = await raw(port, { path: '/api/formatDisk', headers: apiHeaders(port), body: '{}' });
    assert.equal(unknown.status, 404);
    assert.equal(JSON.parse(unknown.body).error.message, 'Неизвестная команда');
    assert.equal((await raw(port, { path: '/api/sign-in/../x', headers: apiHeaders(port), body: '{}' })).status, 404);
    const huge = await raw(port, { path: '/api/signIn', headers: apiHeaders(port), body: JSON.stringify({ login: 'x'.repeat(5000), password: 'y' }) });
    assert.equal(huge.status, 413);

    const operator = await createStaff(database().db, 'operator');
    const signIn = await raw(port, { path: '/api/signIn', headers: apiHeaders(port), body: JSON.stringify({ login: operator.login, password: operator.password }) });
    const cookie = (signIn.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const forbidden = await raw(port, { path: '/api/listStaff', headers: apiHeaders(port, { cookie, 'x-kkp-session-key': String(signIn.headers['x-kkp-session-key']) }), body: '{}' });
    assert.equal(forbidden.status, 403);
    assert.equal(JSON.parse(forbidden.body).error.id, 'forbidden');
    for (let i = 0; i < 5; i++) {
      await raw(port, { path: '/api/signIn', headers: apiHeaders(port), body: JSON.stringify({ login: operator.login, password: 'wrong' }) });
    }
    // Locked: only the right password learns it (wrong ones answer 401 like any other).
    const last: RawReply = await raw(port, { path: '/api/signIn', headers: apiHeaders(port), body: JSON.stringify({ login: operator.login, password: operator.password }) });
    assert.equal(last.status, 429);
    assert.equal(JSON.parse(last.body).error.id, 'rate_limited');
  });

  it('serves the built renderer with a strict CSP and security headers; unknown paths are 404', async () => {
    const index = await get(`${bridge.url}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await index.text(), /<title>Консоль<\/title>/);
    const csp = index.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    // The very policy Electron gives the same renderer (desktop/main/content-security-policy.ts).
    const directives = (header: string) => header.split(';').map((d) => d.trim()).filter(Boolean).sort();
    assert.deepEqual(directives(csp), directives(buildCsp()));
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(index.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(index.headers.get('cache-control'), 'no-cache');

    const script = await get(`${bridge.url}/assets/app-1.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(script.headers.get('cache-control') ?? '', /immutable/);

    for (const path of ['/nope', '/index.htm', '/assets/missing.js', '/%2e%2e/kkp-outside.html', '/..%2fkkp-outside.html', '/assets']) {
      const reply = await raw(bridge.port, { method: 'GET', path, headers: { host: `127.0.0.1:${bridge.port}` } });
      assert.equal(reply.status, 404, path);
      assert.doesNotMatch(reply.body, /secret/);
    }
    const rebound = await raw(bridge.port, { method: 'GET', path: '/', headers: { host: 'evil.example' } });
    assert.equal(rebound.status, 403);
  });

  it('works with the browser-side client: values come back, refusals throw ConsoleError', async () => {
    const admin = await createStaff(database().db, 'administrator');
    const fetchImpl = browserFetch();
    // The page's half of the session, as sessionStorage would keep it.
    let pageKey: string | null = null;
    const api = createHttpConsoleApi(fetchImpl, bridge.url, { get: () => pageKey, set: (key) => void (pageKey = key) });
    assert.equal(await api.currentStaff({}), null);
    await assert.rejects(api.listStaff({}), (e: unknown) => e instanceof ConsoleError && e.id === 'unauthenticated');

    const me = await api.signIn({ login: admin.login, password: admin.password });
    assert.equal(me.role, 'administrator');
    assert.ok(fetchImpl.cookies.has('kkp_console'));
    assert.ok(pageKey, 'the page keeps its half');
    const issued = await api.createStaff({ login: 'kassir', fullName: 'Кассирова Ольга', role: 'operator' });
    assert.equal(issued.login, 'kassir');
    assert.ok((await api.listStaff({})).some((s) => s.login === 'kassir'));

    await assert.rejects(api.createStaff({ login: 'kassir', fullName: 'Ещё одна', role: 'operator' }), (e: unknown) => {
      assert.ok(e instanceof ConsoleError);
      assert.equal(e.id, 'conflict');
      assert.deepEqual(e.fieldErrors, [{ field: 'login', message: 'Такой логин уже есть' }]);
      return true;
    });
    await api.signOut({});
    assert.equal(fetchImpl.cookies.has('kkp_console'), false);
    assert.equal(pageKey, null, 'and forgets it at sign-out');

    const closed = createHttpConsoleApi(fetchImpl, 'http://127.0.0.1:1');
    await assert.rejects(closed.currentStaff({}), (e: unknown) => {
      assert.ok(e instanceof ConsoleError);
      assert.equal(e.id, 'network');
      assert.match(e.message, /^Нет связи с консолью/);
      return true;
    });
  });
});
