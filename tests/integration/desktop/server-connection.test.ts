// «Подключение к серверу» in the desktop console's main process, against real console services
// over HTTPS, with only Electron's ipcMain faked: the clerk types an address, sees the
// certificate's fingerprint, confirms it, and the console is connected; a server presenting
// another certificate later is refused with the warning; forgetting the server asks again; an
// address on the network without https:// is refused; other pages cannot touch any of it.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Knex } from 'knex';
import { loadConfig } from '../../../shared/config/env.ts';
import type { CommandResult } from '../../../shared/console/command.ts';
import { createLogger } from '../../../shared/logger.ts';
import { consoleCertificate } from '../../../shared/ops/console-certificate.ts';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { SERVER_CHANNELS } from '../../../desktop/main/ipc-channels.ts';
import type { InvokeEvent } from '../../../desktop/main/ipc.ts';
import { ServerConnection, type ServerState } from '../../../desktop/main/server-connection.ts';
import { registerServerHandlers, type ServerIpcMain } from '../../../desktop/main/server-ipc.ts';
import { ServerProfileFile } from '../../../desktop/main/server-profile.ts';

const OFFICE_ADDRESS = '127.0.0.3';
const NAME = 'kkp-main.office';
type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;
const page = (url = 'app://console/index.html'): InvokeEvent => ({ senderFrame: { url }, sender: { id: 1, once: () => undefined } });

describe('choosing the server in the desktop console', () => {
  let dir = '';
  const services: RunningBridge[] = [];

  async function service(name: string, port = 0): Promise<RunningBridge> {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', CONSOLE_HOST: OFFICE_ADDRESS, CONSOLE_TLS: 'self-signed', CONSOLE_TLS_DIR: join(dir, name), CONSOLE_HOSTNAMES: NAME });
    const bridge = await startConsoleBridge({
      deps: { db: {} as Knex, config, logger: createLogger('silent'), now: Date.now }, rendererDir: dir, port,
      host: OFFICE_ADDRESS, tls: await consoleCertificate(config.consoleService), hostnames: [NAME],
    });
    services.push(bridge);
    return bridge;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kkp-server-choice-'));
  });
  after(async () => {
    for (const s of services) await s.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the fingerprint, trusts it once confirmed, refuses another certificate later, and forgets on request', async () => {
    const first = await service('first');
    const profile = new ServerProfileFile(join(dir, 'profile', 'server.json'));
    const connection = new ServerConnection(profile, { connectAddress: OFFICE_ADDRESS });
    let changes = 0;
    connection.onChange = () => void changes++;
    const handlers = new Map<string, Listener>();
    const ipcMain: ServerIpcMain = { handle: (channel, listener) => void handlers.set(channel, listener) };
    registerServerHandlers(ipcMain, { policy: { appOrigins: ['app://console'], rendererFiles: [], externalOrigins: [] }, connection, logger: { error: () => undefined } });
    const ask = async <T>(channel: string, input: unknown = null, event = page()) => (await handlers.get(channel)!(event, input)) as CommandResult<T>;

    assert.deepEqual(await ask(SERVER_CHANNELS.status), { ok: true, value: { state: 'not-configured' } });
    const plain = await ask(SERVER_CHANNELS.read, { url: `http://${NAME}:${first.port}` });
    assert.deepEqual(plain.ok ? null : plain.error.message, 'По сети консоль подключается только по https://: без шифрования пароли и данные абонентов были бы видны в сети');

    const url = `https://${NAME}:${first.port}`;
    const read = await ask<{ url: string; fingerprint: string }>(SERVER_CHANNELS.read, { url: `${NAME}:${first.port}` });
    assert.deepEqual(read, { ok: true, value: { url, fingerprint: first.fingerprint } }, 'https:// is assumed');
    assert.deepEqual(await ask(SERVER_CHANNELS.status), { ok: true, value: { state: 'not-configured' } }, 'nothing is trusted before the clerk confirms');
    const wrong = await ask(SERVER_CHANNELS.trust, { url, fingerprint: 'AA:'.repeat(31) + 'AA' });
    assert.equal(wrong.ok, false);
    const trusted = await ask<ServerState>(SERVER_CHANNELS.trust, { url, fingerprint: first.fingerprint });
    assert.deepEqual(trusted, { ok: true, value: { state: 'connected', url, fingerprint: first.fingerprint } });
    assert.match(await readFile(profile.path, 'utf8'), /BEGIN CERTIFICATE/);
    assert.ok(changes >= 1, 'sessions of the old server were dropped');

    // The same address later answers with another certificate (another machine took it over).
    await first.close();
    await service('second', first.port);
    const refused = await ask<ServerState>(SERVER_CHANNELS.status);
    assert.ok(refused.ok);
    assert.equal(refused.value.state, 'failed');
    assert.ok(refused.value.state === 'failed' && refused.value.problem === 'certificate-changed');
    assert.match(refused.value.state === 'failed' ? refused.value.message : '', /Сертификат сервера изменился/);

    // A page that is not ours touches nothing.
    assert.equal((await ask(SERVER_CHANNELS.forget, null, page('https://evil.example/'))).ok, false);
    assert.deepEqual(await ask(SERVER_CHANNELS.forget), { ok: true, value: { forgotten: true } });
    assert.deepEqual(await ask(SERVER_CHANNELS.status), { ok: true, value: { state: 'not-configured' } });
    connection.close();
  });
});
