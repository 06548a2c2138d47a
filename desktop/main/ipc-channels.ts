// Every IPC channel between the console's preload and main process, in one place, so a
// renamed channel breaks the build instead of silently never answering.
// No imports: the preload bundle and the main process both read this file.

export const IPC_CHANNELS = {
  ping: 'console:ping',
  version: 'console:version',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];
