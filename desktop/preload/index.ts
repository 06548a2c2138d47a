// Preload of the console window. Runs sandboxed, so the build bundles it into one CommonJS file
// (`out/desktop/preload/index.cjs`) whose only import is `electron`. It hands the page two
// narrow objects and nothing else: never `ipcRenderer`, never a way to name an arbitrary channel.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createConsoleApi } from './api.ts';
import { createConsoleFiles } from './files.ts';
import { CONSOLE_API_KEY, CONSOLE_FILES_KEY } from './window.ts';

contextBridge.exposeInMainWorld(
  CONSOLE_API_KEY,
  createConsoleApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
contextBridge.exposeInMainWorld(
  CONSOLE_FILES_KEY,
  createConsoleFiles((channel, input) => ipcRenderer.invoke(channel, input), (file) => webUtils.getPathForFile(file)),
);
