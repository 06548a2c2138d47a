// The one place that decides how the renderer reaches the commands: inside Electron the preload
// put `window.kkpConsole` there; in a plain browser the HTTP bridge on 127.0.0.1 serves the
// same commands. Stores call `useApi()`; tests hand in a fake with `setApi()`.
import type { ConsoleApi } from '../../../shared/console/api.ts';
import type { ConsoleCalls } from './calls.ts';
import { createHttpConsoleApi } from './http-client.ts';

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
  // The preload owns the global declaration of `kkpConsole`; read it by shape here so the
  // renderer's build does not depend on the preload's sources.
  const injected = (globalThis as { kkpConsole?: ConsoleApi }).kkpConsole;
  const api: ConsoleApi = injected ?? createHttpConsoleApi();
  // Until every command has landed, ConsoleApi lacks some names; `Compatible` below checks the
  // ones that exist, so this cast hides nothing that is already known.
  return api as unknown as ConsoleCalls;
}

// Compile-time proof, per command present in both, that the real API takes our inputs and gives
// the outputs we read. A mismatch makes `compatible` fail to type-check.
type Shared = keyof ConsoleCalls & keyof ConsoleApi;
type Compatible = { [K in Shared]: ConsoleApi[K] extends ConsoleCalls[K] ? true : false };
const compatible: { [K in Shared]: true } = {} as Compatible;
void compatible;
