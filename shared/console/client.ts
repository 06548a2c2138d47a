// The console API over HTTP, for the renderer running in a plain browser against the bridge
// (desktop/bridge). Runs in the browser and in the preload: no Node imports, types only from
// the server side. Every method posts its input to /api/<name> and unwraps the CommandResult.
import type { CommandResult } from './command.ts';
import type { ConsoleApi, ConsoleErrorShape, RawConsoleApi } from './api.ts';
import { COMMAND_NAMES } from './names.ts';
import { SESSION_KEY_HEADER, SESSION_KEY_QUERY } from './session-halves.ts';

/** A command's refusal (or a transport failure), with the stable id the screens switch on. */
export class ConsoleError extends Error implements ConsoleErrorShape {
  constructor(
    readonly id: string,
    message: string,
    readonly fieldErrors: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

/** The header the bridge requires on every call: a page on another site cannot send it without a CORS preflight the bridge never grants. */
export const CONSOLE_HEADER = 'X-KKP-Console';

const NETWORK_MESSAGE = 'Нет связи с консолью. Проверьте, что программа запущена, и повторите действие.';
const BAD_ANSWER_MESSAGE = 'Консоль ответила непонятно. Обновите страницу; если ошибка повторится, сообщите администратору.';

/** The value of a CommandResult, or a ConsoleError carrying its error; anything else is a broken transport. */
export function unwrapResult<R = unknown>(result: unknown): R {
  if (isResult(result)) {
    if (result.ok) return result.value as R;
    const { id, message, fieldErrors } = result.error;
    throw new ConsoleError(id, message, Array.isArray(fieldErrors) ? fieldErrors : []);
  }
  throw new ConsoleError('internal', BAD_ANSWER_MESSAGE);
}

function isResult(value: unknown): value is CommandResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error as { id?: unknown; message?: unknown } | null;
  return typeof error === 'object' && error !== null && typeof error.id === 'string' && typeof error.message === 'string';
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Where the page keeps its half of the session token (session-halves.ts): sessionStorage, this origin's own. */
export interface SessionKeyStore {
  get(): string | null;
  set(key: string | null): void;
}

const STORAGE_KEY = 'kkp-console-session-key';

/** sessionStorage in a browser; memory where there is none (tests). */
export function pageSessionKeyStore(): SessionKeyStore {
  const storage = (globalThis as { sessionStorage?: Storage }).sessionStorage;
  let memory: string | null = null;
  return {
    get: () => (storage ? storage.getItem(STORAGE_KEY) : memory),
    set: (key) => {
      if (storage) {
        if (key) storage.setItem(STORAGE_KEY, key);
        else storage.removeItem(STORAGE_KEY);
      } else memory = key;
    },
  };
}

let defaultStore: SessionKeyStore | null = null;
const sessionKeys = () => (defaultStore ??= pageSessionKeyStore());

/** The page's half of the session token as a request header (for the bridge's upload too). */
export function sessionKeyHeaders(store: SessionKeyStore = sessionKeys()): Record<string, string> {
  const key = store.get();
  return key ? { [SESSION_KEY_HEADER]: key } : {};
}

/** A download path with the page's half of the session token: a navigation cannot carry a header. */
export function withSessionKey(path: string, store: SessionKeyStore = sessionKeys()): string {
  const key = store.get();
  return key ? `${path}${path.includes('?') ? '&' : '?'}${SESSION_KEY_QUERY}=${encodeURIComponent(key)}` : path;
}

/** Keeps (or, when the service sends it empty, forgets) the half a response carries. */
export function followSessionKey(response: Response, store: SessionKeyStore = sessionKeys()): void {
  const key = response.headers.get(SESSION_KEY_HEADER);
  if (key !== null) store.set(key || null);
}

/** One method per command name, each a POST of its input as JSON; `base` is '' on the bridge's own page. */
export function createHttpConsoleApi(fetchImpl: FetchLike = (url, init) => fetch(url, init), base = '', keys: SessionKeyStore = sessionKeys()): ConsoleApi {
  const call = async (name: string, input: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetchImpl(`${base}/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', [CONSOLE_HEADER]: '1', ...sessionKeyHeaders(keys) },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new ConsoleError('network', NETWORK_MESSAGE);
    }
    followSessionKey(response, keys);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ConsoleError(response.ok ? 'internal' : 'network', response.ok ? BAD_ANSWER_MESSAGE : NETWORK_MESSAGE);
    }
    return unwrapResult(body);
  };
  const api = Object.fromEntries(COMMAND_NAMES.map((name) => [name, (input: unknown) => call(name, input)]));
  return Object.freeze(api) as unknown as ConsoleApi;
}

/** The preload's API (plain results, see RawConsoleApi) as the ConsoleApi the screens use. */
export function wrapRawConsoleApi(raw: RawConsoleApi): ConsoleApi {
  const api = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, async (input: unknown) => unwrapResult(await (raw[name] as (i: unknown) => Promise<unknown>)(input))]),
  );
  return Object.freeze(api) as unknown as ConsoleApi;
}
