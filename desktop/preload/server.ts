// Builds the object the preload exposes as `window.kkpServer`: choosing the company's server and
// confirming its certificate (desktop/main/server-ipc.ts). No Electron import, so it is tested
// with a fake `invoke`; `index.ts` passes the real `ipcRenderer.invoke`.
import type { CommandResult } from '../../shared/console/command.ts';
import type { ServerState } from '../main/server-connection.ts';
import { SERVER_CHANNELS, type ServerChannel } from '../main/ipc-channels.ts';

export type ServerInvoke = (channel: ServerChannel, input: unknown) => Promise<unknown>;

export interface ConsoleServer {
  /** Where the console stands: no server yet, connected, or refused (and why). */
  status(): Promise<CommandResult<ServerState>>;
  /** Reads the certificate at the address the clerk typed; answers its fingerprint to confirm (null for http:// on this machine). */
  readCertificate(url: string): Promise<CommandResult<{ url: string; fingerprint: string | null }>>;
  /** The clerk confirmed this fingerprint for this address. */
  trust(url: string, fingerprint: string): Promise<CommandResult<ServerState>>;
  /** Forgets the server and its certificate. */
  forget(): Promise<CommandResult<{ forgotten: true }>>;
}

export function createConsoleServer(invoke: ServerInvoke): ConsoleServer {
  return Object.freeze({
    status: async () => (await invoke(SERVER_CHANNELS.status, null)) as CommandResult<ServerState>,
    readCertificate: async (url: string) => (await invoke(SERVER_CHANNELS.read, { url: String(url) })) as CommandResult<{ url: string; fingerprint: string | null }>,
    trust: async (url: string, fingerprint: string) => (await invoke(SERVER_CHANNELS.trust, { url: String(url), fingerprint: String(fingerprint) })) as CommandResult<ServerState>,
    forget: async () => (await invoke(SERVER_CHANNELS.forget, null)) as CommandResult<{ forgotten: true }>,
  });
}
