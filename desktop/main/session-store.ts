// Staff session tokens of the console windows, kept in the main process only: the renderer
// never sees one, so a script in the page cannot read or send it elsewhere. One token per
// webContents (one window = one signed-in clerk); forgotten when that webContents goes away.
import type { SessionControl } from '../../shared/console/command.ts';

interface Held {
  token: string;
  expiresAt: number;
}

/** The part of Electron's `WebContents` the store needs to notice a window going away. */
export interface SessionOwner {
  readonly id: number;
  once(event: 'destroyed', listener: () => void): unknown;
}

export class SessionStore {
  readonly #held = new Map<number, Held>();
  readonly #watched = new Set<number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The token for this webContents, or null when none was started or it has expired. */
  tokenFor(ownerId: number): string | null {
    const held = this.#held.get(ownerId);
    if (!held) return null;
    if (held.expiresAt <= this.now()) {
      this.#held.delete(ownerId);
      return null;
    }
    return held.token;
  }

  /** What sign-in and sign-out use to hand this webContents' token to the store. */
  controlFor(ownerId: number): SessionControl {
    return {
      start: (token, expiresAt) => {
        this.#held.set(ownerId, { token, expiresAt });
      },
      end: () => {
        this.#held.delete(ownerId);
      },
    };
  }

  /** Forgets the owner's token when it is destroyed; safe to call on every IPC call. */
  watch(owner: SessionOwner): void {
    if (this.#watched.has(owner.id)) return;
    this.#watched.add(owner.id);
    owner.once('destroyed', () => this.forget(owner.id));
  }

  /** Ends every window's session (the console changed servers). */
  forgetAll(): void {
    this.#held.clear();
  }

  forget(ownerId: number): void {
    this.#held.delete(ownerId);
    this.#watched.delete(ownerId);
  }
}
