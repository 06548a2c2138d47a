// The IPC channels between the console's preload and main process: one per console command,
// `console:<name>`, derived from the runtime name list so a new command gets its channel and
// a renamed one breaks the build. Only a type import from the commands: the sandboxed preload
// bundles this file and must not pull server code.
import type { CommandName } from '../../shared/console/api.ts';
import { COMMAND_NAMES } from '../../shared/console/names.ts';

export type IpcChannel = `console:${CommandName}`;

export function channelOf(name: CommandName): IpcChannel {
  return `console:${name}` as IpcChannel;
}

/** Every channel, in the order of COMMAND_NAMES. */
export const IPC_CHANNELS: readonly IpcChannel[] = Object.freeze(COMMAND_NAMES.map(channelOf));

/** Files between the disk and the console (desktop/main/file-exchange.ts): not commands, since a
 * path and a save dialog exist only inside Electron. */
export const FILE_CHANNELS = Object.freeze({ register: 'file:register', cancel: 'file:cancel', save: 'file:save' } as const);
export type FileChannel = (typeof FILE_CHANNELS)[keyof typeof FILE_CHANNELS];
/** Events main sends to the page: how far a file's transfer to the server has got. */
export const FILE_EVENTS = Object.freeze({ progress: 'file:progress' } as const);

/** Choosing the server and trusting its certificate (desktop/main/server-ipc.ts). */
export const SERVER_CHANNELS = Object.freeze({
  status: 'server:status', read: 'server:read-certificate', trust: 'server:trust', forget: 'server:forget',
} as const);
export type ServerChannel = (typeof SERVER_CHANNELS)[keyof typeof SERVER_CHANNELS];
