// Preload of the console window. Runs sandboxed, so the build bundles it into one CommonJS
// file (`out/desktop/preload/index.cjs`). It hands the page one narrow object and nothing else:
// never `ipcRenderer`, never a way to name an arbitrary channel.
import { contextBridge, ipcRenderer } from 'electron';
import { CONSOLE_API_KEY, createConsoleApi } from './api.ts';

contextBridge.exposeInMainWorld(
  CONSOLE_API_KEY,
  createConsoleApi((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
