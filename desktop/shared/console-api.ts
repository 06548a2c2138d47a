// The one API the console's renderer may call. Types only: the renderer, the preload and
// the main process all read this file, and none of them may drag Electron along with it.

export interface ConsoleApi {
  /** Round trip to the main process; resolves to `'pong'` when the IPC bridge works. */
  ping(): Promise<'pong'>;
  /** Version of the console application, e.g. `'0.1.0'`. */
  version(): Promise<string>;
}

declare global {
  interface Window {
    /** Put there by the preload; absent in a plain browser, which has no preload. */
    readonly kkpConsole?: ConsoleApi;
  }
}
