// The one place that decides how the renderer reaches the commands: inside Electron the preload
// put `window.kkpConsole` there (plain CommandResults, unwrapped here); in a plain browser the
// HTTP bridge on 127.0.0.1 serves the same commands. Stores call `useApi()`; tests hand in a fake
// with `setApi()`.
import type { ConsoleApi, RawConsoleApi } from '../../../shared/console/api.ts';
import { createHttpConsoleApi, wrapRawConsoleApi } from '../../../shared/console/client.ts';
import type { ConsoleCalls } from './calls.ts';

let current: ConsoleCalls | null = null;

export function useApi(): ConsoleCalls {
  current ??= connect();
  return current;
}

/** Replaces the transport: store tests use a fake, nothing else should. */
export function setApi(api: ConsoleCalls | null): void {
  current = api;
}

function connect(): ConsoleCalls {
  // desktop/preload/window.ts declares `window.kkpConsole`; read by shape so the renderer's
  // own type-check need not include the preload's sources.
  const raw = (globalThis as { kkpConsole?: RawConsoleApi }).kkpConsole;
  // No cast: this assignment is the compile-time proof that the real API takes every input the
  // screens send and gives the outputs they read (calls.ts spells them out).
  const api: ConsoleApi = raw ? wrapRawConsoleApi(raw) : createHttpConsoleApi();
  return api;
}
