// Background work that runs a pass at start and then every so often (payment re-checks, the
// scheduled notifications, sweeping old uploads): one loop for all of them. A pass that throws
// is logged and the next one tries again; passes never overlap; the timer never keeps the
// process alive; stop() wakes the loop and waits for a pass in progress to end.

export interface RunningPeriodic {
  stop(): Promise<void>;
}

export interface PeriodicOptions<T> {
  intervalMs: number;
  logger: { error(details: object, message: string): void };
  /** Logged (in Russian) when a pass throws. */
  failureMessage: string;
  /** Called with each pass's result (tests, the bench). */
  onPass?: ((result: T) => void) | undefined;
}

export function startPeriodic<T>(pass: () => Promise<T>, options: PeriodicOptions<T>): RunningPeriodic {
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  const loop = async () => {
    while (!stopped) {
      try {
        // Not `onPass?.(await …)`: optional chaining would skip the pass itself without a listener.
        const result = await pass();
        options.onPass?.(result);
      } catch (error) {
        options.logger.error({ err: error }, options.failureMessage);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, options.intervalMs);
        timer.unref();
        function done() {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        }
        wakeUp = done;
      });
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      (wakeUp as (() => void) | null)?.();
      await running;
    },
  };
}
