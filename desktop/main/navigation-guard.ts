// Keeps the console window on our own pages. Everything is decided by pure functions over
// a policy; `attachNavigationGuards` only wires them to a webContents, typed against the few
// members it touches so tests can pass fakes (Electron itself never runs under test).
import type { WindowOpenHandlerResponse } from 'electron';

export interface NavigationPolicy {
  /** Origins our pages are served from, e.g. a custom `app://console` scheme or a dev server. */
  readonly appOrigins: readonly string[];
  /** `file:` URLs of our renderer pages; compared without query and fragment. */
  readonly rendererFiles: readonly string[];
  /** https origins the system browser may be asked to open, e.g. the company's site. */
  readonly externalOrigins: readonly string[];
}

export interface GuardDeps {
  readonly policy: NavigationPolicy;
  /** Opens a URL in the system browser, e.g. `shell.openExternal`. */
  readonly openExternal: (url: string) => Promise<void>;
  /** Told about every refused navigation and failed hand-over to the browser. */
  readonly onBlocked?: (reason: BlockReason, url: string) => void;
}

export type BlockReason = 'navigation' | 'redirect' | 'window-open' | 'webview' | 'open-external-failed';

/** The members of Electron's `WebContents` the guards use. */
export interface GuardedWebContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(
    event: 'will-attach-webview',
    listener: (event: PreventableEvent, webPreferences: unknown, params: Record<string, string>) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void;
  readonly session: GuardedSession;
}

export interface GuardedSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

export interface PreventableEvent {
  preventDefault(): void;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]` of a URL, or null when it has none (file:, data:, about:, …).
 * WHATWG gives custom schemes the origin 'null', so those are built by hand.
 */
export function originOf(url: URL): string | null {
  if (url.origin !== 'null') return url.origin;
  if (url.protocol === 'file:' || url.host === '') return null;
  return `${url.protocol}//${url.host}`;
}

/** A file URL without query and fragment; the parser has already resolved `..` and `%2e`. */
function fileKey(url: URL): string {
  return `file://${url.host}${url.pathname}`;
}

function originsOf(list: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const entry of list) {
    const url = parse(entry);
    const origin = url && originOf(url);
    if (origin) origins.add(origin);
  }
  return origins;
}

/** May the console window itself show this URL? Only our own pages. */
export function isAllowedNavigation(rawUrl: string, policy: NavigationPolicy): boolean {
  const url = parse(rawUrl);
  if (!url || url.username || url.password) return false;
  if (url.protocol === 'file:') {
    const allowed = policy.rendererFiles.map(parse).filter((u): u is URL => u?.protocol === 'file:');
    return allowed.some((file) => fileKey(file) === fileKey(url));
  }
  const origin = originOf(url);
  return origin !== null && originsOf(policy.appOrigins).has(origin);
}

/** May this URL be handed to the system browser? Only https, only listed origins. */
export function isAllowedExternal(rawUrl: string, policy: NavigationPolicy): boolean {
  const url = parse(rawUrl);
  if (!url || url.protocol !== 'https:' || url.username || url.password) return false;
  return originsOf(policy.externalOrigins).has(url.origin);
}

/** Hands a listed https URL to the system browser; anything else is only reported. */
function openOutside(url: string, reason: BlockReason, deps: GuardDeps): void {
  if (!isAllowedExternal(url, deps.policy)) {
    deps.onBlocked?.(reason, url);
    return;
  }
  deps.openExternal(url).catch(() => deps.onBlocked?.('open-external-failed', url));
}

/** `window.open` and `target=_blank` never make a window; listed https links go to the browser. */
export function createWindowOpenHandler(deps: GuardDeps): (details: { url: string }) => WindowOpenHandlerResponse {
  return function denyWindowOpen({ url }) {
    openOutside(url, 'window-open', deps);
    return { action: 'deny' };
  };
}

export function attachNavigationGuards(contents: GuardedWebContents, deps: GuardDeps): void {
  contents.on('will-navigate', function guardNavigation(event) {
    if (isAllowedNavigation(event.url, deps.policy)) return;
    event.preventDefault();
    openOutside(event.url, 'navigation', deps);
  });
  // A redirect is the server's choice, not the clerk's: stop it, open nothing.
  contents.on('will-redirect', function guardRedirect(event) {
    if (isAllowedNavigation(event.url, deps.policy)) return;
    event.preventDefault();
    deps.onBlocked?.('redirect', event.url);
  });
  // `webviewTag` is off already; this holds even if someone turns it on.
  contents.on('will-attach-webview', function denyWebview(event, _webPreferences, params) {
    event.preventDefault();
    deps.onBlocked?.('webview', params.src ?? '');
  });
  contents.setWindowOpenHandler(createWindowOpenHandler(deps));
  // Camera, notifications, geolocation, clipboard reads…: the console needs none of them.
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}
