// TEMPORARY stand-in for `shared/console/client.ts` (createHttpConsoleApi, ConsoleError), which
// the bridge's engineer (core) is writing in parallel; same signatures and wire format as their
// draft. Once it lands, this file becomes:
//   export { createHttpConsoleApi, ConsoleError } from '../../../shared/console/client.ts';
// (Theirs builds one method per COMMAND_NAMES entry; this one uses a Proxy because the name
// list is still empty here.)
import type { ConsoleApi, ConsoleErrorShape } from '../../../shared/console/api.ts';

export class ConsoleError extends Error implements ConsoleErrorShape {
  constructor(
    readonly id: string,
    message: string,
    readonly fieldErrors: ConsoleErrorShape['fieldErrors'] = [],
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

type Result = { ok: true; value: unknown } | { ok: false; error: ConsoleErrorShape };
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

const NETWORK_MESSAGE = 'Нет связи с консолью. Проверьте, что программа запущена, и повторите действие.';

export function createHttpConsoleApi(fetchImpl: FetchLike = (url, init) => fetch(url, init), base = ''): ConsoleApi {
  const call = async (name: string, input: unknown): Promise<unknown> => {
    let result: Result;
    try {
      const response = await fetchImpl(`${base}/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-KKP-Console': '1' },
        body: JSON.stringify(input ?? {}),
      });
      result = (await response.json()) as Result;
    } catch {
      throw new ConsoleError('network', NETWORK_MESSAGE);
    }
    if (result.ok) return result.value;
    throw new ConsoleError(result.error.id, result.error.message, result.error.fieldErrors);
  };
  return new Proxy({} as ConsoleApi, {
    get: (_target, name) => (typeof name === 'string' ? (input: unknown) => call(name, input) : undefined),
  });
}
