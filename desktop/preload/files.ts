// Builds the object the preload exposes as `window.kkpFiles`: the two file operations of the
// console inside Electron (desktop/main/file-exchange.ts). The path of a picked file is read here,
// in the preload, and goes straight to the main process: the page never learns where files live.
// No Electron import, so it is tested with fakes; `index.ts` passes ipcRenderer and webUtils.
import type { CommandResult } from '../../shared/console/command.ts';
import { FILE_CHANNELS, type FileChannel } from '../main/ipc-channels.ts';

export type FileInvoke = (channel: FileChannel, input: unknown) => Promise<unknown>;
/** webUtils.getPathForFile: '' for a File made in script rather than picked from the disk. */
export type PathForFile = (file: File) => string;

export interface ConsoleFiles {
  /** Registers a file picked in the page's file field for import; answers its id. */
  registerFile(file: File): Promise<CommandResult<{ fileId: string; name: string; size: number }>>;
  /** Asks where to save an export (or printed receipts) and copies it there. */
  saveFile(fileId: string): Promise<CommandResult<{ saved: boolean; name: string | null }>>;
}

export function createConsoleFiles(invoke: FileInvoke, pathForFile: PathForFile): ConsoleFiles {
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
  });
}
