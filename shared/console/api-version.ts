// The console's API version, which the console service and a desktop console check with each
// other (desktop/bridge/guard.ts, desktop/main/server-link.ts). Raise it when a command's input or
// result changes in a way an older console would misread; raise the oldest supported with it
// when the server can no longer answer the old way.
export const CONSOLE_API_VERSION = 1;
export const OLDEST_CONSOLE_API_SUPPORTED = 1;

/** The header a desktop console sends its own version in. The screens the server itself serves send none: they are its own version. */
export const CONSOLE_API_HEADER = 'x-kkp-console-api';

/** What GET /api-version answers, before any sign-in. */
export interface ConsoleApiVersion {
  api: number;
  oldestSupported: number;
}
