// Options of the console's main window. A pure function, so the security flags are pinned
// by unit tests rather than trusted to Electron's defaults (which changed across versions).
import type { BrowserWindowConstructorOptions } from 'electron';

export const CONSOLE_WINDOW_TITLE = 'Консоль оператора — Личный кабинет абонента';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload script. */
  preloadPath: string;
  /** Developer tools; off in the packaged app. */
  devTools: boolean;
}

export function createWindowOptions({ preloadPath, devTools }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: CONSOLE_WINDOW_TITLE,
    // Fits a 1366×768 office laptop with the taskbar; tables stay readable down to the minimum.
    width: 1280,
    height: 720,
    minWidth: 1024,
    minHeight: 600,
    // Shown on 'ready-to-show', so the clerk never sees an empty white frame.
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools,
    },
  };
}
