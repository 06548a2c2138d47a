// Builds the object the preload exposes as `window.kkpConsole`: exactly one method per console
// command, each sending only its one input argument to its own channel. No Electron import, so
// it is tested with a fake `invoke`; `index.ts` passes the real `ipcRenderer.invoke`.
import type { CommandName, RawConsoleApi } from '../../shared/console/api.ts';
import type { CommandResult } from '../../shared/console/command.ts';
import { COMMAND_NAMES } from '../../shared/console/names.ts';
import { channelOf, type IpcChannel } from '../main/ipc-channels.ts';

/** Only our channels can be named: the renderer never gets a generic `invoke(channel, …)`. */
export type Invoke = (channel: IpcChannel, input: unknown) => Promise<unknown>;

type Method = (input?: unknown) => Promise<unknown>;

/**
 * The page is untrusted script: whatever else it passes is dropped here, and the main process
 * validates the one input against the command's schema. Answers are plain CommandResults:
 * contextBridge would strip a thrown error down to its message, so the renderer unwraps them.
 */
export function createConsoleApi(invoke: Invoke, names: readonly CommandName[] = COMMAND_NAMES): RawConsoleApi {
  const api: Record<string, Method> = {};
  for (const name of names) {
    const channel = channelOf(name);
    api[name] = async function callCommand(input?: unknown) {
      const answer = await invoke(channel, input);
      if (!isCommandResult(answer)) throw new TypeError(`Unexpected answer on ${channel}`);
      return answer;
    };
  }
  return Object.freeze(api) as unknown as RawConsoleApi;
}

/** Main and preload are built together, but a wrong shape must fail loudly, not pass as data. */
function isCommandResult(answer: unknown): answer is CommandResult<unknown> {
  if (typeof answer !== 'object' || answer === null) return false;
  const result = answer as { ok?: unknown; value?: unknown; error?: unknown };
  if (result.ok === true) return 'value' in result;
  if (result.ok !== false || typeof result.error !== 'object' || result.error === null) return false;
  const error = result.error as { id?: unknown; message?: unknown; fieldErrors?: unknown };
  return typeof error.id === 'string' && typeof error.message === 'string' && Array.isArray(error.fieldErrors);
}
