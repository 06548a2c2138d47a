// Builds the object the preload exposes as `window.kkpConsole`. No Electron import, so the
// shape can be tested with a fake `invoke`; `index.ts` passes the real `ipcRenderer.invoke`.
import { IPC_CHANNELS, type IpcChannel } from '../main/ipc-channels.ts';
import type { ConsoleApi } from '../shared/console-api.ts';

/** Key on `window`; typed against the global declaration so the two cannot drift apart. */
export const CONSOLE_API_KEY = 'kkpConsole' satisfies keyof Window;

/** Only our channels can be named: the renderer never gets a generic `invoke(channel, …)`. */
export type Invoke = (channel: IpcChannel, ...args: unknown[]) => Promise<unknown>;

/**
 * One method per channel, each forwarding exactly the arguments its channel takes (none
 * yet), so whatever else the renderer passes never reaches the main process. Answers are
 * checked, not cast: a wrong shape means main and preload are out of step.
 */
export function createConsoleApi(invoke: Invoke): ConsoleApi {
  return Object.freeze<ConsoleApi>({
    async ping() {
      const answer = await invoke(IPC_CHANNELS.ping);
      if (answer !== 'pong') throw unexpected(IPC_CHANNELS.ping, answer);
      return answer;
    },
    async version() {
      const answer = await invoke(IPC_CHANNELS.version);
      if (typeof answer !== 'string') throw unexpected(IPC_CHANNELS.version, answer);
      return answer;
    },
  });
}

function unexpected(channel: IpcChannel, answer: unknown): Error {
  return new TypeError(`Unexpected answer on ${channel}: ${typeof answer}`);
}
