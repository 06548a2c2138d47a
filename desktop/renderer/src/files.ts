// Files inside Electron: the preload's `window.kkpFiles` (desktop/preload/files.ts) hands a picked
// file to the main process by its path, which streams it to the server, and saves exports
// through a save dialog, because there the page talks to the server only through the main
// process. Null in a plain browser.
import { unwrapResult } from '../../../shared/console/client.ts';

/** The shape of desktop/preload/files.ts ConsoleFiles, read by shape like `kkpConsole`. */
interface RawConsoleFiles {
  registerFile(file: File): Promise<unknown>;
  saveFile(fileId: string): Promise<unknown>;
  cancelUpload?(): Promise<unknown>;
  onUploadProgress?(listener: (progress: { name: string; sent: number; total: number }) => void): () => void;
}

export interface DesktopFiles {
  /**
   * The import's file id for a file picked in the page's file field: the main process streams it
   * to the server, telling `onProgress` how far it got; `signal` cancels it.
   */
  register(file: Blob, o?: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal }): Promise<{ fileId: string }>;
  /** Asks where to save the export and copies it there; null name when the clerk cancelled. */
  save(fileId: string): Promise<{ saved: boolean; name: string | null }>;
}

export function desktopFiles(): DesktopFiles | null {
  const raw = (globalThis as { kkpFiles?: RawConsoleFiles }).kkpFiles;
  if (!raw) return null;
  return {
    async register(file, o = {}) {
      const stop = o.onProgress && raw.onUploadProgress ? raw.onUploadProgress((p) => o.onProgress?.(p.sent, p.total)) : () => undefined;
      const cancel = () => void raw.cancelUpload?.();
      o.signal?.addEventListener('abort', cancel, { once: true });
      try {
        // A Blob that is not a File has no path; the main process answers with a clear message.
        const value = unwrapResult<{ fileId: string }>(await raw.registerFile(file as File));
        return { fileId: value.fileId };
      } finally {
        stop();
        o.signal?.removeEventListener('abort', cancel);
      }
    },
    async save(fileId) {
      return unwrapResult<{ saved: boolean; name: string | null }>(await raw.saveFile(fileId));
    },
  };
}
