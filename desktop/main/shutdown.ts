// Closes the database before the console exits. Electron's 'will-quit' does not wait for
// promises, so the first quit is held back, the cleanup runs, and the app quits again.

export interface QuitEvent {
  preventDefault(): void;
}

export interface ShutdownDeps {
  /** Closes the pool, e.g. `db.destroy()`. */
  cleanup: () => Promise<void>;
  /** `app.quit()`; called once the cleanup is over. */
  quit: () => void;
  onError?: (error: unknown) => void;
}

/** The 'will-quit' listener. */
export function createShutdown({ cleanup, quit, onError }: ShutdownDeps): (event: QuitEvent) => void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  return function onWillQuit(event) {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    cleanup()
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        state = 'closed';
        quit();
      });
  };
}
