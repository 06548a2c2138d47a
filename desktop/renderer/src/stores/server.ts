// Which server the desktop console talks to (desktop/main/server-connection.ts): asked once at
// start, before anything else; until it is connected, the app shows «Подключение к серверу». In a
// plain browser the page comes from the server itself: always connected, nothing to choose.
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import { desktopServer, type ServerState } from '../server.ts';
import { attempt, type Outcome } from './helpers.ts';

export const useServerStore = defineStore('server', () => {
  /** Null until the first answer. */
  const state = ref<ServerState | null>(null);
  /** A certificate read and waiting for the clerk to compare its fingerprint. */
  const pending = ref<{ url: string; fingerprint: string } | null>(null);
  const desktop = computed(() => desktopServer() !== null);
  const connected = computed(() => state.value?.state === 'connected');

  async function check(): Promise<void> {
    const server = desktopServer();
    if (!server) {
      state.value = { state: 'connected', url: location.origin, fingerprint: null };
      return;
    }
    const outcome = await attempt(() => server.status());
    state.value = outcome.ok ? outcome.value : { state: 'failed', url: '', fingerprint: null, problem: 'unreachable', message: outcome.error.message };
  }

  /** Reads the certificate at the address typed; an http:// address on this machine is connected at once. */
  async function read(url: string): Promise<Outcome<unknown>> {
    const server = desktopServer();
    if (!server) return { ok: true, value: null };
    pending.value = null;
    const outcome = await attempt(() => server.readCertificate(url));
    if (!outcome.ok) return outcome;
    if (outcome.value.fingerprint) pending.value = { url: outcome.value.url, fingerprint: outcome.value.fingerprint };
    else await check();
    return outcome;
  }

  /** The clerk compared the fingerprint and trusts it. */
  async function confirm(): Promise<Outcome<ServerState>> {
    const server = desktopServer();
    const chosen = pending.value;
    if (!server || !chosen) return { ok: false, error: { id: 'validation', message: 'Сначала введите адрес сервера', fields: {} } };
    const outcome = await attempt(() => server.trust(chosen.url, chosen.fingerprint));
    if (outcome.ok) {
      pending.value = null;
      state.value = outcome.value;
    }
    return outcome;
  }

  function reject(): void {
    pending.value = null;
  }

  /** Forgets the server: to choose another, or to confirm a certificate the administrator replaced. */
  async function forget(): Promise<void> {
    const server = desktopServer();
    if (!server) return;
    await attempt(() => server.forget());
    pending.value = null;
    await check();
  }

  return { state: readonly(state), pending: readonly(pending), desktop, connected, check, read, confirm, reject, forget };
});
