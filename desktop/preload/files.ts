// Builds the object the preload exposes as `window.kkpFiles`: the two file operations of the
// console inside Electron (desktop/main/file-exchange.ts). The path of a picked file is read here,
// in the preload, and goes straight to the main process: the page never learns where files live.
// No Electron import, so it is tested with fakes; `index.ts` passes ipcRenderer and webUtils.
import type { CommandResult } from '../../shared/console/command.ts';
import { FILE_CHANNELS, type FileChannel } from '../main/ipc-channels.ts';

export type FileInvoke = (channel: FileChannel, input: unknown) => Promise<unknown>;
/** ipcRenderer.on for the one event channel, answering a function that stops listening. */
export type ProgressListen = (listener: (progress: { name: string; sent: number; total: number }) => void) => () => void;
/** webUtils.getPathForFile: '' for a File made in script rather than picked from the disk. */
export type PathForFile = (file: File) => string;

export interface ConsoleFiles {
  /** Registers a file picked in the page's file field for import; answers its id. */
  registerFile(file: File): Promise<CommandResult<{ fileId: string; name: string; size: number }>>;
  /** Asks where to save an export (or printed receipts) and downloads it there. */
  saveFile(fileId: string): Promise<CommandResult<{ saved: boolean; name: string | null }>>;
  /** Stops this window's file on its way to the server (registerFile then answers 'canceled'). */
  cancelUpload(): Promise<CommandResult<{ canceled: boolean }>>;
  /** Calls `listener` as a file goes to the server; answers a function that stops it. */
  onUploadProgress(listener: (progress: { name: string; sent: number; total: number }) => void): () => void;
}

export function createConsoleFiles(invoke: FileInvoke, pathForFile: PathForFile, listen: ProgressListen = () => () => undefined): ConsoleFiles {
  return Object.freeze({
    async registerFile(file: File) {
      let path = '';
      try {
        path = pathForFile(file);
      } catch {
        // Not a File at all: main answers with the same message as for a script-made one.
      }
      return (await invoke(FILE_CHANNELS.register, { path })) as CommandResult<{ fileId: string; name: string; size: number }>;
    },
    async saveFile(fileId: string) {
      return (await invoke(FILE_CHANNELS.save, { fileId: String(fileId) })) as CommandResult<{ saved: boolean; name: string | null }>;
    },
    async cancelUpload() {
      return (await invoke(FILE_CHANNELS.cancel, null)) as CommandResult<{ canceled: boolean }>;
    },
    onUploadProgress(listener: (progress: { name: string; sent: number; total: number }) => void) {
      // Only the three numbers cross into the page, whatever else the event carried.
      return listen((p) => listener({ name: String(p.name), sent: Number(p.sent), total: Number(p.total) }));
    },
  });
}
