// The one place that decides how the renderer reaches the commands: inside Electron the preload
// put `window.kkpConsole` there (plain CommandResults, unwrapped here); in a plain browser the
// HTTP bridge on 127.0.0.1 serves the same commands. Stores call `useApi()`; tests hand in a fake
// with `setApi()`.
import type { ConsoleApi, RawConsoleApi } from '../../../shared/console/api.ts';
import { CONSOLE_HEADER, ConsoleError, createHttpConsoleApi, sessionKeyHeaders, unwrapResult, wrapRawConsoleApi } from '../../../shared/console/client.ts';
import type { BridgeCalls, CommandCalls, ConsoleCalls } from './calls.ts';
import { desktopFiles } from './files.ts';
import { importCalls } from './import-calls.ts';

let current: ConsoleCalls | null = null;

export function useApi(): ConsoleCalls {
  current ??= connect();
  return current;
}

/** Replaces the transport: store tests use a fake, nothing else should. */
export function setApi(api: ConsoleCalls | null): void {
  current = api;
}

const NETWORK_MESSAGE = 'Нет связи с консолью. Проверьте, что программа запущена, и повторите действие.';
// Inside Electron without the preload's file access (a mismatched build): nothing to upload to.
const NO_FILE_ACCESS = 'Эта версия программы не может передать файл. Обновите программу или откройте консоль в браузере.';

function connect(): ConsoleCalls {
  // desktop/preload/window.ts declares `window.kkpConsole`; read by shape so the renderer's
  // own type-check need not include the preload's sources.
  const raw = (globalThis as { kkpConsole?: RawConsoleApi }).kkpConsole;
  // No cast: this assignment is the compile-time proof that the real API takes every input the
  // screens send and gives the outputs they read (calls.ts spells them out).
  const api: ConsoleApi = raw ? wrapRawConsoleApi(raw) : createHttpConsoleApi();
  const commands: CommandCalls = api;
  const files = desktopFiles();
  const bridge: BridgeCalls = {
    uploadFile: raw
      ? (files ? (input) => files.register(input.file, { ...(input.onProgress ? { onProgress: input.onProgress } : {}), ...(input.signal ? { signal: input.signal } : {}) }) : () => refuse())
      : upload,
  };
  return { ...commands, ...importCalls(api), ...bridge };
}

function refuse(): Promise<never> {
  return Promise.reject(new ConsoleError('internal', NO_FILE_ACCESS));
}

/**
 * POST /api/upload as multipart/form-data (field «file»), with the header and session cookie
 * every call carries. Inside Electron the preload registers the picked file's path instead (files.ts).
 */
async function upload(input: { file: Blob; name: string; signal?: AbortSignal }): Promise<{ fileId: string }> {
  // desktop/bridge/upload.ts: the raw bytes, the name URI-encoded in a header.
  const body = await answerOf(() =>
    fetch('/api/upload', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { [CONSOLE_HEADER]: '1', 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(input.name), ...sessionKeyHeaders() },
      body: input.file,
      ...(input.signal ? { signal: input.signal } : {}),
    }),
  );
  const fileId = (body as { fileId?: unknown } | null)?.fileId;
  if (typeof fileId !== 'string') throw new ConsoleError('internal', 'Консоль не приняла файл. Повторите загрузку.');
  return { fileId };
}

async function answerOf(send: () => Promise<Response>): Promise<unknown> {
  let response: Response;
  try {
    response = await send();
  } catch {
    throw new ConsoleError('network', NETWORK_MESSAGE);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ConsoleError('network', NETWORK_MESSAGE);
  }
  // The bridge answers commands with a CommandResult; a plain { fileId } is taken as it is.
  return typeof body === 'object' && body !== null && 'ok' in body ? unwrapResult(body) : body;
}
