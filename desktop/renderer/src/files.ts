// Files inside Electron: the preload's `window.kkpFiles` (desktop/preload/files.ts) registers a
// picked file for import by its path and saves exports through a save dialog, because there
// the page has no HTTP bridge to upload to or download from. Null in a plain browser.
import { unwrapResult } from '../../../shared/console/client.ts';

/** The shape of desktop/preload/files.ts ConsoleFiles, read by shape like `kkpConsole`. */
interface RawConsoleFiles {
  registerFile(file: File): Promise<unknown>;
  saveFile(fileId: string): Promise<unknown>;
}

export interface DesktopFiles {
  /** The import's file id for a file picked in the page's file field. */
  register(file: Blob): Promise<{ fileId: string }>;
  /** Asks where to save the export and copies it there; null name when the clerk cancelled. */
  save(fileId: string): Promise<{ saved: boolean; name: string | null }>;
}

export function desktopFiles(): DesktopFiles | null {
  const raw = (globalThis as { kkpFiles?: RawConsoleFiles }).kkpFiles;
  if (!raw) return null;
  return {
    async register(file) {
      // A Blob that is not a File has no path; the main process answers with a clear message.
      const value = unwrapResult<{ fileId: string }>(await raw.registerFile(file as File));
      return { fileId: value.fileId };
    },
    async save(fileId) {
      return unwrapResult<{ saved: boolean; name: string | null }>(await raw.saveFile(fileId));
    },
  };
}
