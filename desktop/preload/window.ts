// The one object the console's preload puts on `window`, typed for the renderer. No Electron
// import and only type imports of the commands, so the renderer may import this file.
import type { RawConsoleApi } from '../../shared/console/api.ts';
import type { ConsoleFiles } from './files.ts';
import type { ConsoleServer } from './server.ts';

declare global {
  interface Window {
    /** Put there by the preload (wrap it with `wrapRawConsoleApi`); absent in a plain browser, which talks to the HTTP bridge. */
    readonly kkpConsole?: RawConsoleApi;
    /** Put there by the preload inside Electron: file picking and saving (desktop/preload/files.ts). */
    readonly kkpFiles?: ConsoleFiles;
    /** Put there by the preload inside Electron: choosing the company's server (desktop/preload/server.ts). */
    readonly kkpServer?: ConsoleServer;
  }
}

/** Key on `window`; typed against the global declaration so the two cannot drift apart. */
export const CONSOLE_API_KEY = 'kkpConsole' satisfies keyof Window;
export const CONSOLE_FILES_KEY = 'kkpFiles' satisfies keyof Window;
export const CONSOLE_SERVER_KEY = 'kkpServer' satisfies keyof Window;
