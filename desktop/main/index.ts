// Entry point of the operator console's Electron main process. Only wiring lives here; the
// decisions (window options, navigation, IPC) are pure modules with their own tests.
// Paths are relative to this file, so they hold both in `desktop/` and in the build output
// (`out/desktop/{main,preload,renderer}`).
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { registerIpcHandlers } from './ipc.ts';
import { attachNavigationGuards, type NavigationPolicy } from './navigation-guard.ts';
import { createWindowOptions } from './window-options.ts';

const rendererUrl = new URL('../renderer/index.html', import.meta.url);
// Sandboxed preloads cannot be ES modules, and package.json says "type": "module".
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

const policy: NavigationPolicy = {
  appOrigins: [],
  rendererFiles: [rendererUrl.href],
  // Empty until the company's site address comes from settings: no link leaves the console.
  externalOrigins: [],
};

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(createWindowOptions({ preloadPath, devTools: !app.isPackaged }));
  attachNavigationGuards(win.webContents, {
    policy,
    openExternal: (url) => shell.openExternal(url),
    onBlocked: (reason, url) => console.warn(`[console] blocked ${reason}: ${url}`),
  });
  win.once('ready-to-show', () => win.show());
  win.loadFile(fileURLToPath(rendererUrl)).catch((error: unknown) => {
    console.error('[console] could not load the renderer', error);
  });
  return win;
}

function focusMainWindow(): void {
  const [win] = BrowserWindow.getAllWindows();
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  registerIpcHandlers(ipcMain, { policy, appVersion: app.getVersion() });
  createMainWindow();
  // macOS keeps the app alive without windows; clicking the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
}

// A second copy would share the same profile and confuse the clerk: hand over and leave.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    console.error('[console] failed to start', error);
    app.exit(1);
  });
}
