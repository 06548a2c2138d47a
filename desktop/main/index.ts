// Entry point of the operator console's Electron main process: a client of the company's server
// (its console service, desktop/bridge), holding no database, no password of one and no secret.
// Only wiring lives here; the decisions (the server link and its pinned certificate, window
// options, navigation, the app:// protocol and its CSP, IPC, sessions, shutdown) are small
// modules with their own tests. Bundled by desktop/build.ts to out/desktop/main/index.js; paths
// are relative to that file.
import { app, BrowserWindow, dialog, ipcMain, protocol, shell, webContents } from 'electron';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../shared/logger.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler } from './app-protocol.ts';
import { registerFileHandlers, saveDialogFilters } from './file-exchange.ts';
import { registerIpcHandlers, type InvokeEvent } from './ipc.ts';
import { attachNavigationGuards, type NavigationPolicy } from './navigation-guard.ts';
import { remoteCommands } from './remote-commands.ts';
import { ServerConnection } from './server-connection.ts';
import { registerServerHandlers } from './server-ipc.ts';
import { ServerProfileFile } from './server-profile.ts';
import { SessionStore } from './session-store.ts';
import { createShutdown } from './shutdown.ts';
import { createWindowOptions } from './window-options.ts';

const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
// Sandboxed preloads cannot be ES modules, and package.json says "type": "module".
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

const policy: NavigationPolicy = {
  appOrigins: [APP_ORIGIN],
  rendererFiles: [],
  // Empty until the company's site address comes from settings: no link leaves the console.
  externalOrigins: [],
};

// Must happen before 'ready': a standard, secure scheme gets an origin, fetch and CSP 'self'.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function createMainWindow(logger: Logger): BrowserWindow {
  const win = new BrowserWindow(createWindowOptions({ preloadPath, devTools: !app.isPackaged }));
  attachNavigationGuards(win.webContents, {
    policy,
    openExternal: (url) => shell.openExternal(url),
    onBlocked: (reason, url) => logger.warn({ reason, url }, 'console navigation blocked'),
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => logger.error({ err: error }, 'could not load the console page'));
  return win;
}

async function askWhereToSave(event: InvokeEvent, suggestedName: string, extension: string): Promise<string | null> {
  const contents = webContents.fromId(event.sender.id);
  const win = contents ? BrowserWindow.fromWebContents(contents) : null;
  const options = { defaultPath: join(app.getPath('downloads'), suggestedName), filters: saveDialogFilters(extension) };
  const answer = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return answer.canceled || !answer.filePath ? null : answer.filePath;
}

function focusMainWindow(): void {
  const [win] = BrowserWindow.getAllWindows();
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info', 'console');
  // Which server, and its pinned certificate: the clerk's profile folder (server.json).
  const connection = new ServerConnection(new ServerProfileFile(join(app.getPath('userData'), 'server.json')));
  const sessions = new SessionStore();
  // A new server: every window's session belonged to the old one.
  connection.onChange = () => sessions.forgetAll();
  app.on(
    'will-quit',
    createShutdown({
      cleanup: async () => connection.close(),
      quit: () => app.quit(),
      onError: (error) => logger.error({ err: error }, 'the server link did not close cleanly'),
    }),
  );

  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: rendererDir }));
  registerServerHandlers(ipcMain, { policy, connection, logger });
  registerIpcHandlers(ipcMain, { policy, sessions, logger, run: remoteCommands(connection) });
  registerFileHandlers(ipcMain, {
    policy,
    sessions,
    logger,
    connection,
    statFile: (path) => stat(path),
    askWhereToSave: (event, suggestedName, extension) => askWhereToSave(event, suggestedName, extension),
    notify: (event, channel, payload) => webContents.fromId(event.sender.id)?.send(channel, payload),
  });
  createMainWindow(logger);
  // macOS keeps the app alive without windows; clicking the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(logger);
  });
}

function reportStartFailure(error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  console.error('[console] failed to start', error);
  dialog.showErrorBox('Консоль оператора не запустилась', detail);
  app.exit(1);
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
  start().catch(reportStartFailure);
}
