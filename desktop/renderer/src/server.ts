// Choosing the company's server, inside Electron: the preload's `window.kkpServer`
// (desktop/preload/server.ts), read by shape like `kkpConsole`. Null in a plain browser, where
// the page comes from the server itself and has nothing to choose.
import { unwrapResult } from '../../../shared/console/client.ts';
import type { ServerState } from '../../main/server-connection.ts';

interface RawConsoleServer {
  status(): Promise<unknown>;
  readCertificate(url: string): Promise<unknown>;
  trust(url: string, fingerprint: string): Promise<unknown>;
  forget(): Promise<unknown>;
}

export interface DesktopServer {
  status(): Promise<ServerState>;
  readCertificate(url: string): Promise<{ url: string; fingerprint: string | null }>;
  trust(url: string, fingerprint: string): Promise<ServerState>;
  forget(): Promise<void>;
}

export type { ServerState };

let override: DesktopServer | null | undefined;

/** Replaces the transport: store tests use a fake, nothing else should. */
export function setDesktopServer(server: DesktopServer | null | undefined): void {
  override = server;
}

export function desktopServer(): DesktopServer | null {
  if (override !== undefined) return override;
  const raw = (globalThis as { kkpServer?: RawConsoleServer }).kkpServer;
  if (!raw) return null;
  return {
    status: async () => unwrapResult<ServerState>(await raw.status()),
    readCertificate: async (url) => unwrapResult<{ url: string; fingerprint: string | null }>(await raw.readCertificate(url)),
    trust: async (url, fingerprint) => unwrapResult<ServerState>(await raw.trust(url, fingerprint)),
    forget: async () => void unwrapResult(await raw.forget()),
  };
}
