// Every background loop in one shape (the outboxes, the payment re-check, the scheduled
// notifications, sweeping old uploads, purging expired sessions): a pass at start, then one
// every `intervalMs` as a backstop, and one as soon as the running pass ends when woken (mail
// queued in this process) or when a pass says there is more to do (a batch came full).
// A pass that throws is logged and the next one tries again; passes never overlap; the timer
// never keeps the process alive (the server does that); stop() wakes the loop and waits for a
// pass in progress to end.

export interface RunningPeriodic {
  /** Run a pass now, or right after the one under way. */
  wake(): void;
  /** Finishes the pass under way, then stops; no pass starts after. */
  stop(): Promise<void>;
}

export interface PeriodicOptions<T> {
  intervalMs: number;
  logger: { error(details: object, message: string): void };
  /** Logged (in Russian) when a pass throws. */
  failureMessage: string;
  /** The log entry's details for a failed pass; `{ err }` unless given (the outboxes keep secrets out of theirs). */
  failureDetails?: ((error: unknown) => object) | undefined;
  /** Called with each pass's result (tests, the bench). */
  onPass?: ((result: T) => void) | undefined;
  /** True when the next pass should follow at once instead of after the interval. */
  again?: ((result: T) => boolean) | undefined;
}

export function startPeriodic<T>(pass: () => Promise<T>, options: PeriodicOptions<T>): RunningPeriodic {
  const failureDetails = options.failureDetails ?? ((error: unknown) => ({ err: error }));
  let stopped = false;
  // Set by wake() during a pass, so the wake-up is not lost while nobody sleeps.
  let woken = false;
  let interrupt: (() => void) | null = null;
  const wake = () => {
    woken = true;
    interrupt?.();
  };
  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.intervalMs);
      timer.unref();
      function done() {
        clearTimeout(timer);
        interrupt = null;
        resolve();
      }
      interrupt = done;
    });
  const loop = async () => {
    while (!stopped) {
      woken = false;
      let more = false;
      try {
        // Not `onPass?.(await …)`: optional chaining would skip the pass itself without a listener.
        const result = await pass();
        more = options.again?.(result) ?? false;
        options.onPass?.(result);
      } catch (error) {
        options.logger.error(failureDetails(error), options.failureMessage);
      }
      if (!stopped && !more && !woken) await sleep();
    }
  };
  const running = loop();
  return {
    wake,
    async stop() {
      stopped = true;
      interrupt?.();
      await running;
    },
  };
}
