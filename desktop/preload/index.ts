// Preload of the console window. Runs sandboxed, so the build bundles it into one CommonJS file
// (`out/desktop/preload/index.cjs`) whose only import is `electron`. It hands the page three
// narrow objects and nothing else: never `ipcRenderer`, never a way to name an arbitrary channel.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createConsoleApi } from './api.ts';
import { FILE_EVENTS } from '../main/ipc-channels.ts';
import { createConsoleFiles } from './files.ts';
import { createConsoleServer } from './server.ts';
import { CONSOLE_API_KEY, CONSOLE_FILES_KEY, CONSOLE_SERVER_KEY } from './window.ts';

contextBridge.exposeInMainWorld(
  CONSOLE_API_KEY,
  createConsoleApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
contextBridge.exposeInMainWorld(
  CONSOLE_FILES_KEY,
  createConsoleFiles(
    (channel, input) => ipcRenderer.invoke(channel, input),
    (file) => webUtils.getPathForFile(file),
    (listener) => {
      const handler = (_event: unknown, progress: { name: string; sent: number; total: number }) => listener(progress);
      ipcRenderer.on(FILE_EVENTS.progress, handler);
      return () => void ipcRenderer.removeListener(FILE_EVENTS.progress, handler);
    },
  ),
);
contextBridge.exposeInMainWorld(CONSOLE_SERVER_KEY, createConsoleServer((channel, input) => ipcRenderer.invoke(channel, input)));
