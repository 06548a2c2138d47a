// The console's IPC handlers, registered in one place. Each is a small named function;
// every call is first checked to come from one of our own pages, so a frame that somehow
// loaded foreign content cannot reach the main process.
import { IPC_CHANNELS, type IpcChannel } from './ipc-channels.ts';
import { isAllowedNavigation, type NavigationPolicy } from './navigation-guard.ts';

/** The part of Electron's `IpcMainInvokeEvent` the handlers read. */
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: IpcChannel, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
}

export interface IpcDeps {
  /** Which pages may call; the same policy that guards navigation. */
  readonly policy: NavigationPolicy;
  /** `app.getVersion()`. */
  readonly appVersion: string;
}

type Handler = (deps: IpcDeps, ...args: unknown[]) => unknown;

function ping(): 'pong' {
  return 'pong';
}

function version(deps: IpcDeps): string {
  return deps.appVersion;
}

const HANDLERS: Record<IpcChannel, Handler> = {
  [IPC_CHANNELS.ping]: ping,
  [IPC_CHANNELS.version]: version,
};

export function isTrustedSender(event: InvokeEvent, policy: NavigationPolicy): boolean {
  return event.senderFrame !== null && isAllowedNavigation(event.senderFrame.url, policy);
}

export function registerIpcHandlers(ipcMain: IpcMainLike, deps: IpcDeps): void {
  for (const [channel, handler] of Object.entries(HANDLERS) as [IpcChannel, Handler][]) {
    ipcMain.handle(channel, (event, ...args) => {
      if (!isTrustedSender(event, deps.policy)) throw new Error(`${channel}: refused, the caller is not a console page`);
      return handler(deps, ...args);
    });
  }
}
