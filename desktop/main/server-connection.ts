// The console's one connection to the company's server, as the clerk sees it: not set yet; a
// certificate read and waiting for the clerk to confirm its fingerprint; connected; or refused
// (another certificate than the pinned one, a server or console too old, no answer). The
// renderer asks for the state before sign-in and shows «Подключение к серверу» until it is
// connected (desktop/main/server-ipc.ts).
import { parseServerUrl, readServerCertificate, ServerLink, ServerLinkError, type ServerLinkProblem, type ServerTrust } from './server-link.ts';
import type { ServerProfileFile } from './server-profile.ts';

export type ServerState =
  | { state: 'not-configured' }
  | { state: 'connected'; url: string; fingerprint: string | null }
  | { state: 'failed'; url: string; fingerprint: string | null; problem: ServerLinkProblem; message: string };

export interface ConnectionOptions {
  /** Connect to this address instead of resolving host names (tests). */
  connectAddress?: string;
  timeoutMs?: number;
}

export class ServerConnection {
  private current: ServerLink | null = null;
  private pending: { url: string; trust: ServerTrust } | null = null;
  /** Called when the server changes: every window's session belongs to the old one. */
  onChange: () => void = () => undefined;

  constructor(
    private readonly profile: ServerProfileFile,
    private readonly options: ConnectionOptions = {},
  ) {}

  /** Where the console stands now; checks the server's answer and version (not a session). */
  async status(): Promise<ServerState> {
    const saved = await this.profile.load();
    if (!saved) return { state: 'not-configured' };
    const fingerprint = saved.trust?.fingerprint ?? null;
    try {
      await (await this.link()).checkVersion();
      return { state: 'connected', url: saved.url, fingerprint };
    } catch (error) {
      if (!(error instanceof ServerLinkError)) throw error;
      return { state: 'failed', url: saved.url, fingerprint, problem: error.problem, message: error.message };
    }
  }

  /**
   * First step of choosing a server: reads the certificate at `url` (HTTPS) for the clerk to
   * compare with what the administrator shows; nothing is trusted yet. A plain http:// address
   * (the server's own machine) has none and is saved at once.
   */
  async readCertificate(text: string): Promise<{ url: string; fingerprint: string | null }> {
    const url = parseServerUrl(text).origin;
    if (url.startsWith('http:')) {
      await this.use({ url, trust: null });
      return { url, fingerprint: null };
    }
    const trust = await readServerCertificate({ url, ...this.options });
    this.pending = { url, trust };
    return { url, fingerprint: trust.fingerprint };
  }

  /** Second step: the clerk confirmed this fingerprint for this address; it must be the one just read. */
  async trust(url: string, fingerprint: string): Promise<ServerState> {
    const pending = this.pending;
    if (!pending || pending.url !== url || pending.trust.fingerprint !== fingerprint) {
      throw new ServerLinkError('untrusted', 'Сертификат не тот, что был показан: прочитайте его ещё раз');
    }
    this.pending = null;
    await this.use(pending);
    return this.status();
  }

  /** Forgets the server (to choose another, or to confirm a renewed certificate). */
  async forget(): Promise<void> {
    this.pending = null;
    await this.profile.clear();
    this.drop();
  }

  /** The link to the saved server; a ServerLinkError when there is none to use. */
  async link(): Promise<ServerLink> {
    if (this.current) return this.current;
    const saved = await this.profile.load();
    if (!saved) throw new ServerLinkError('bad-address', 'Сервер не выбран: укажите адрес сервера');
    this.current = new ServerLink({ url: saved.url, trust: saved.trust, ...this.options });
    return this.current;
  }

  close(): void {
    this.drop();
  }

  private async use(profile: { url: string; trust: ServerTrust | null }): Promise<void> {
    await this.profile.save(profile);
    this.drop();
  }

  private drop(): void {
    this.current?.close();
    this.current = null;
    this.onChange();
  }
}
