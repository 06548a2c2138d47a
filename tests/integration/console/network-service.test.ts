// The console service on an office address over HTTPS, as clerks' desktop consoles reach it
// through desktop/main/server-link.ts: the self-signed certificate made on first start and its
// fingerprint pinned (another certificate is refused before anything is sent), the API version
// checked both ways, the service's guards on the network, and two clerks at once — one loading
// a billing file while the other approves an application — each seeing the other's result.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { submitApplication } from '../../../shared/access/submit-application.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import type { CommandDeps } from '../../../shared/console/command.ts';
import { createLogger } from '../../../shared/logger.ts';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { consoleCertificate } from '../../../shared/ops/console-certificate.ts';
import { readServerCertificate, ServerLink, ServerLinkError } from '../../../desktop/main/server-link.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';

// An office address of this machine's own: the whole 127.0.0.0/8 is loopback on Linux.
const OFFICE_ADDRESS = '127.0.0.2';
const SERVER_NAME = 'kkp-server.office';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-network-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function serviceEnv(tlsDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test', LOG_LEVEL: 'silent', CONSOLE_HOST: OFFICE_ADDRESS, CONSOLE_TLS: 'self-signed', CONSOLE_TLS_DIR: tlsDir,
    CONSOLE_HOSTNAMES: SERVER_NAME, UPLOAD_DIR: join(dir, 'uploads'), EXPORT_DIR: join(dir, 'exports'), ...extra,
  };
}

forEachEngine('console service on the office network', (ctx) => {
  const database = ctx.databaseForSuite();
  let bridge: RunningBridge;
  let deps: CommandDeps;
  const url = () => `https://${SERVER_NAME}:${bridge.port}`;
  const link = async () => {
    const trust = await readServerCertificate({ url: url(), connectAddress: OFFICE_ADDRESS });
    return new ServerLink({ url: url(), trust, connectAddress: OFFICE_ADDRESS });
  };

  before(async () => {
    const config = loadConfig(serviceEnv(join(dir, `tls-${ctx.engine}`)));
    deps = { db: database().db, config, logger: createLogger('silent'), now: Date.now };
    const tls = await consoleCertificate(config.consoleService);
    bridge = await startConsoleBridge({
      deps, rendererDir: dir, port: 0, host: config.consoleService.host, tls, hostnames: config.consoleService.hostnames,
    });
  });
  after(async () => {
    await bridge?.close();
  });

  it('makes its certificate once and keeps it; a console pins it, and a server with another one is refused before sign-in', async () => {
    const tlsDir = join(dir, `tls-${ctx.engine}`);
    const again = await consoleCertificate(loadConfig(serviceEnv(tlsDir)).consoleService);
    assert.equal(again?.fingerprint, bridge.fingerprint, 'the second start reuses the certificate');
    assert.match(await readFile(join(tlsDir, 'console-cert.pem'), 'utf8'), /BEGIN CERTIFICATE/);

    const seen = await readServerCertificate({ url: url(), connectAddress: OFFICE_ADDRESS });
    assert.equal(seen.fingerprint, bridge.fingerprint);
    const pinned = new ServerLink({ url: url(), trust: seen, connectAddress: OFFICE_ADDRESS });
    assert.deepEqual(await pinned.checkVersion(), { api: 1, oldestSupported: 1 });
    pinned.close();

    // Another server (another certificate) at the same address: the pin refuses it.
    const impostorConfig = loadConfig(serviceEnv(join(dir, `impostor-${ctx.engine}`)));
    const impostorTls = await consoleCertificate(impostorConfig.consoleService);
    const impostor = await startConsoleBridge({
      deps: { ...deps, config: impostorConfig }, rendererDir: dir, port: 0, host: OFFICE_ADDRESS, tls: impostorTls, hostnames: [SERVER_NAME],
    });
    try {
      const fooled = new ServerLink({ url: `https://${SERVER_NAME}:${impostor.port}`, trust: seen, connectAddress: OFFICE_ADDRESS });
      const clerk = await createStaff(database().db);
      const refused = await fooled.call('signIn', { login: clerk.login, password: clerk.password }, null).then(() => null, (e: unknown) => e);
      assert.ok(refused instanceof ServerLinkError, String(refused));
      assert.equal(refused.problem, 'certificate-changed');
      assert.match(refused.message, /Сертификат сервера изменился.*Не входите и сообщите администратору/);
      fooled.close();
      const attempts = await database().db('audit_log').where({ action: 'staff.sign_in' }).count({ n: '*' }).first();
      assert.equal(Number(attempts?.n ?? 0), 0, 'the password never reached the impostor');
    } finally {
      await impostor.close();
    }
  });

  it('keeps every guard on the network: names, origins, the console header, JSON, versions', async () => {
    const trust = await readServerCertificate({ url: url(), connectAddress: OFFICE_ADDRESS });
    const send = (path: string, headers: Record<string, string>, body = '{}') => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest({
        host: OFFICE_ADDRESS, port: bridge.port, path, method: 'POST', servername: SERVER_NAME, ca: trust.certPem, checkServerIdentity: () => undefined,
        headers: { 'content-type': 'application/json', 'x-kkp-console': '1', host: `${SERVER_NAME}:${bridge.port}`, ...headers },
      }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal((await send('/api/listApplications', {})).status, 401, 'our own name passes the guards (and then needs a session)');
    assert.equal((await send('/api/listApplications', { host: `${OFFICE_ADDRESS}:${bridge.port}` })).status, 403, 'an address not in CONSOLE_HOSTNAMES');
    assert.equal((await send('/api/listApplications', { host: `evil.example:${bridge.port}` })).status, 403, 'a rebound name');
    assert.equal((await send('/api/listApplications', { origin: 'https://evil.example' })).status, 403);
    assert.equal((await send('/api/listApplications', { origin: 'app://console' })).status, 401, "the desktop console's own origin");
    assert.equal((await send('/api/listApplications', { origin: `https://${SERVER_NAME}:${bridge.port}` })).status, 401);
    assert.equal((await send('/api/listApplications', { 'x-kkp-console': '' })).status, 403);
    assert.equal((await send('/api/listApplications', { 'content-type': 'text/plain' })).status, 415);
    const outdated = await send('/api/signIn', { 'x-kkp-console-api': '0' }, '{"login":"a","password":"b"}');
    assert.equal(outdated.status, 426);
    assert.match(outdated.body, /Эта версия консоли устарела: сервер работает с версией 1/);
    // The body limit and the sign-in lockout hold on the network as on 127.0.0.1.
    assert.equal((await send('/api/signIn', {}, JSON.stringify({ login: 'x'.repeat(300_000), password: 'y' }))).status, 413);
    const clerk = await createStaff(database().db);
    let last = { status: 0, body: '' };
    for (let i = 0; i < 5; i++) last = await send('/api/signIn', {}, JSON.stringify({ login: clerk.login, password: 'wrong' }));
    // Wrong guesses are answered alike whether or not they locked anything; only the right
    // password learns of the lock (issue 21: sign-in tells strangers nothing).
    assert.equal(last.status, 401);
    last = await send('/api/signIn', {}, JSON.stringify({ login: clerk.login, password: clerk.password }));
    assert.equal(last.status, 429);
    assert.equal(JSON.parse(last.body).error.id, 'rate_limited');
  });

  it('a console and a server of different API versions refuse each other, in Russian, before sign-in', async () => {
    const { createServer } = await import('node:http');
    for (const [answer, pattern] of [
      [{ api: 0, oldestSupported: 0 }, /Сервер работает со старой версией консоли \(0, эта консоль — 1\): попросите администратора обновить сервер/],
      [{ api: 7, oldestSupported: 5 }, /Эта версия консоли устарела: сервер работает с версией 7/],
    ] as const) {
      const stub = createServer((_req, res) => res.end(JSON.stringify(answer))).listen(0, '127.0.0.1');
      await new Promise((resolve) => stub.once('listening', resolve));
      const port = (stub.address() as { port: number }).port;
      const link = new ServerLink({ url: `http://127.0.0.1:${port}`, trust: null });
      await assert.rejects(link.checkVersion(), pattern);
      link.close();
      stub.close();
    }
  });

  it('two clerks at once: one loads a billing file while the other approves an application, and each sees the other\'s work', async () => {
    const { db } = database();
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00070001', lastPeriod: '2026-10' });
    const applicant = await db('accounts').insert({
      number: '00070002', building_id: world.buildingId, flat: '12', address: 'г. Десногорск, 1-й микрорайон, д. 1, кв. 12', total_area_cm2: 4100, residents: 1, owner_name: 'Петрова Анна Сергеевна', created_at: Date.now(), updated_at: Date.now(),
    }).returning('id');
    const accountId = Number(typeof applicant[0] === 'object' ? (applicant[0] as { id: number }).id : applicant[0]);
    const application = await submitApplication(
      { db, config: deps.config },
      { fields: { fullName: 'Петрова Анна Сергеевна', address: 'г. Десногорск, 1-й микрорайон, д. 1, кв. 12', accountNumber: '00070002', email: 'petrova@example.ru', phone: '8 (910) 765-43-21', consent: 'on' }, ip: '10.1.1.1', userAgent: 'test', now: Date.now() },
    );
    const [importer, approver] = [await createStaff(db), await createStaff(db)];
    const [a, b] = [await link(), await link()];
    const signIn = async (l: ServerLink, who: typeof importer) => {
      const { result, session } = await l.call('signIn', { login: who.login, password: who.password }, null);
      assert.ok(result.ok, JSON.stringify(result));
      assert.ok(session && 'started' in session);
      return session.started.token;
    };
    const [tokenA, tokenB] = await Promise.all([signIn(a, importer), signIn(b, approver)]);

    const file = join(dir, `charges-${ctx.engine}.csv`);
    await writeFile(file, 'account;period;service_code;charged;total\n00070001;2026-11;cold_water;123,45;123,45\n');
    let progress = 0;
    const uploaded = await a.upload(file, tokenA, { onProgress: (sent) => (progress = sent) });
    assert.ok(uploaded.ok, JSON.stringify(uploaded));
    assert.equal(progress, (await readFile(file)).length);
    const { fileId } = uploaded.value as { fileId: string };

    const [imported, approved] = await Promise.all([
      a.call('startImport', { fileId, kind: 'charges', dryRun: false }, tokenA),
      b.call('approveApplication', { id: application.id, accountId }, tokenB),
    ]);
    assert.ok(approved.result.ok, JSON.stringify(approved.result));
    assert.ok(imported.result.ok, JSON.stringify(imported.result));

    // Each clerk sees the other's result through the same server.
    const seenByA = await a.call('getApplication', { id: application.id }, tokenA);
    assert.ok(seenByA.result.ok && (seenByA.result.value as { status: string }).status === 'approved', JSON.stringify(seenByA.result));
    let history: unknown = null;
    for (let i = 0; i < 100; i++) {
      const list = await b.call('listImports', {}, tokenB);
      assert.ok(list.result.ok, JSON.stringify(list.result));
      const rows = list.result.value as { items?: { status: string }[] } | { status: string }[];
      const items = Array.isArray(rows) ? rows : rows.items ?? [];
      if (items.some((r) => r.status === 'done')) {
        history = items;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(history, 'the importer\'s run appears in the other clerk\'s history');
    const charge = await db('charges as c').join('accounts as ac', 'ac.id', 'c.account_id').where({ 'ac.number': '00070001', 'c.period': '2026-11' }).first('c.total');
    assert.equal(Number(charge?.total), 12_345);
    a.close();
    b.close();
  });
});
