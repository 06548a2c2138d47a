// The console service behind nginx (CONSOLE_TRUST_PROXY_HOPS=1) and not: the clerk's address it
// records, its Permissions-Policy, the session token replaced by one's own password change, and
// a request photo missing from the disk answered 404.
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import { createLogger } from '../../../shared/logger.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, idOf } from '../../support/factories.ts';

interface Reply { status: number; headers: IncomingHttpHeaders; body: string }

function post(port: number, name: string, body: unknown, extra: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, method: 'POST', path: `/api/${name}`,
      headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-kkp-console': '1', ...extra },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** The cookie and key headers that carry the session a reply started. */
function sessionOf(reply: Reply): Record<string, string> {
  const cookie = (reply.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  return { cookie, 'x-kkp-session-key': String(reply.headers['x-kkp-session-key'] ?? '') };
}

forEachEngine('console service behind a proxy', (ctx) => {
  const database = ctx.databaseForSuite();
  let dir: string;
  const bridges: RunningBridge[] = [];

  async function bridgeWith(env: Record<string, string>): Promise<RunningBridge> {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', UPLOAD_DIR: join(dir, 'uploads'), EXPORT_DIR: join(dir, 'exports'), ...env });
    const bridge = await startConsoleBridge({ deps: { db: database().db, config, logger: createLogger('silent'), now: Date.now }, rendererDir: join(dir, 'renderer'), port: 0 });
    bridges.push(bridge);
    return bridge;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kkp-bridge-proxy-'));
  });
  after(async () => {
    for (const bridge of bridges) await bridge.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('addresses', () => {
    it('records the address nginx appended with CONSOLE_TRUST_PROXY_HOPS=1, the socket’s without', async () => {
      const { db } = database();
      const staff = await createStaff(db, 'operator');
      const proxied = await bridgeWith({ CONSOLE_TRUST_PROXY_HOPS: '1' });
      const direct = await bridgeWith({});
      const credentials = { login: staff.login, password: staff.password };
      const viaProxy = await post(proxied.port, 'signIn', credentials, { 'x-forwarded-for': '10.0.0.66, 192.0.2.44' });
      assert.equal(viaProxy.status, 200, viaProxy.body);
      assert.equal(viaProxy.headers['permissions-policy'], 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()');
      const forged = await post(direct.port, 'signIn', credentials, { 'x-forwarded-for': '192.0.2.45' });
      assert.equal(forged.status, 200, forged.body);
      const ips = (await db('staff_sessions').where({ staff_id: staff.id }).orderBy('created_at').select('ip')).map((r: { ip: string }) => r.ip);
      assert.ok(ips.includes('192.0.2.44'), `${ips.join(', ')}`);
      assert.ok(!ips.includes('10.0.0.66') && !ips.includes('192.0.2.45'), `${ips.join(', ')}`);
      assert.ok(ips.includes('127.0.0.1'), `${ips.join(', ')}`);
    });
  });

  describe('sessions and photos', () => {
    it('replaces the session token at one’s own password change: the old one is refused, the new one works', async () => {
      const { db } = database();
      const staff = await createStaff(db, 'operator');
      const bridge = await bridgeWith({});
      const signIn = await post(bridge.port, 'signIn', { login: staff.login, password: staff.password });
      const old = sessionOf(signIn);
      const changed = await post(bridge.port, 'changeOwnPassword', { currentPassword: staff.password, newPassword: 'Novyi-parol-2026' }, old);
      assert.equal(changed.status, 200, changed.body);
      const renewed = sessionOf(changed);
      assert.ok(renewed['x-kkp-session-key'] && renewed['x-kkp-session-key'] !== old['x-kkp-session-key']);
      assert.deepEqual(JSON.parse((await post(bridge.port, 'currentStaff', {}, old)).body), { ok: true, value: null });
      assert.equal(JSON.parse((await post(bridge.port, 'currentStaff', {}, renewed)).body).value?.id, staff.id);
    });

    it('answers 404 for a request photo whose file is missing', async () => {
      const { db } = database();
      const world = await createWorld(db);
      const resident = await createResident(db, world, { accountNumber: '00095001' });
      const now = Date.now();
      const [requestRow] = await db('requests')
        .insert({
          user_id: resident.userId, account_id: resident.accountId, channel: 'company', category: 'other', description: 'Проверка',
          contact_phone: '+79150000000', address: 'г. Десногорск', status: 'new', created_at: now, updated_at: now,
        })
        .returning('id');
      const [photo] = await db('request_photos')
        .insert({ request_id: idOf(requestRow), file_name: `${'c'.repeat(32)}.jpg`, original_name: 'нет.jpg', mime: 'image/jpeg', size: 10, sha256: 'd'.repeat(64), created_at: now })
        .returning('id');
      const staff = await createStaff(db, 'operator');
      const bridge = await bridgeWith({});
      const session = sessionOf(await post(bridge.port, 'signIn', { login: staff.login, password: staff.password }));
      const reply = await post(bridge.port, 'getRequestPhoto', { photoId: idOf(photo) }, session);
      assert.equal(reply.status, 404, reply.body);
      assert.equal(JSON.parse(reply.body).error.id, 'not_found');
    });
  });
});
