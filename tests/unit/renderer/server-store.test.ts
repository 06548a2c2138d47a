// «Подключение к серверу» in the renderer's store, with the preload's window.kkpServer faked: a
// browser page (no kkpServer) is connected at once; the desktop console reads the certificate,
// shows it, and is connected only after the clerk confirms; an http:// address on this machine
// needs no confirmation; forgetting asks again; a certificate that changed stays refused.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createPinia, setActivePinia } from 'pinia';
import { setDesktopServer, type DesktopServer, type ServerState } from '../../../desktop/renderer/src/server.ts';
import { useServerStore } from '../../../desktop/renderer/src/stores/server.ts';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');

function fakeServer(initial: ServerState) {
  let state = initial;
  const calls: string[] = [];
  const server: DesktopServer = {
    status: async () => (calls.push('status'), state),
    readCertificate: async (url) => {
      calls.push(`read ${url}`);
      return url.startsWith('http://') ? ((state = { state: 'connected', url, fingerprint: null }), { url, fingerprint: null }) : { url: `https://${url}`, fingerprint: FINGERPRINT };
    },
    trust: async (url, fingerprint) => (calls.push(`trust ${url} ${fingerprint}`), (state = { state: 'connected', url, fingerprint })),
    forget: async () => void (calls.push('forget'), (state = { state: 'not-configured' })),
  };
  return { server, calls };
}

describe('server store', () => {
  afterEach(() => setDesktopServer(undefined));

  it('a page the server itself served is connected, with nothing to choose', async (t) => {
    setActivePinia(createPinia());
    setDesktopServer(null);
    // Node has no location: the page's address is lent for this test only, because the unit files
    // share a process and a browser global left behind would change what later files see.
    const page = globalThis as { location?: { origin: string } };
    const had = Object.hasOwn(page, 'location');
    const before = page.location;
    page.location ??= { origin: 'http://127.0.0.1:3100' };
    t.after(() => {
      if (had) page.location = before;
      else delete page.location;
    });
    const store = useServerStore();
    await store.check();
    assert.equal(store.connected, true);
    assert.equal(store.desktop, false);
  });

  it('the desktop console is connected only after the clerk confirms the fingerprint it was shown', async () => {
    setActivePinia(createPinia());
    const { server, calls } = fakeServer({ state: 'not-configured' });
    setDesktopServer(server);
    const store = useServerStore();
    await store.check();
    assert.equal(store.connected, false);
    assert.equal((await store.read('kkp-server:3100')).ok, true);
    assert.deepEqual(store.pending, { url: 'https://kkp-server:3100', fingerprint: FINGERPRINT });
    assert.equal(store.connected, false, 'reading is not trusting');
    assert.equal((await store.confirm()).ok, true);
    assert.equal(store.connected, true);
    assert.equal(store.pending, null);
    assert.deepEqual(calls, ['status', 'read kkp-server:3100', `trust https://kkp-server:3100 ${FINGERPRINT}`]);

    await store.forget();
    assert.equal(store.connected, false);
    assert.equal(store.state?.state, 'not-configured');
  });

  it('an http:// address on this machine is connected without a certificate; a changed certificate stays refused', async () => {
    setActivePinia(createPinia());
    const { server } = fakeServer({ state: 'failed', url: 'https://kkp:3100', fingerprint: FINGERPRINT, problem: 'certificate-changed', message: 'Сертификат сервера изменился' });
    setDesktopServer(server);
    const store = useServerStore();
    await store.check();
    assert.equal(store.state?.state === 'failed' && store.state.problem, 'certificate-changed');
    assert.equal(store.connected, false);
    await store.read('http://127.0.0.1:3100');
    assert.equal(store.connected, true);
  });
});
