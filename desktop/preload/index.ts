// Preload of the console window. Runs sandboxed, so the build bundles it into one CommonJS file
// (`out/desktop/preload/index.cjs`) whose only import is `electron`. It hands the page one
// narrow object and nothing else: never `ipcRenderer`, never a way to name an arbitrary channel.
import { contextBridge, ipcRenderer } from 'electron';
import { createConsoleApi } from './api.ts';
import { CONSOLE_API_KEY } from './window.ts';

contextBridge.exposeInMainWorld(
  CONSOLE_API_KEY,
  createConsoleApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
