// Timed work of the stores: a repeater that asks again every so often while the console's tab
// is visible (the emergency badge), and a job poller that follows a background job until it
// reaches a final status (imports, printing). Plain setTimeout, so tests drive them with
// node:test's mock timers; the tab's visibility comes through a small seam for the same reason.

export interface Visibility {
  hidden(): boolean;
  /** Calls `listener` whenever the tab is hidden or shown again; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** The document's visibility; in Node (tests) a tab that is always visible. */
export function documentVisibility(): Visibility {
  if (typeof document === 'undefined') return { hidden: () => false, onChange: () => () => {} };
  return {
    hidden: () => document.visibilityState === 'hidden',
    onChange(listener) {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

export interface Repeater {
  start(): void;
  stop(): void;
}

/**
 * Runs `tick` at once and then every `ms` while the tab is visible. A hidden tab asks nothing;
 * showing it again asks at once, then keeps the rhythm. `tick` is expected to reuse a call in
 * flight (createLoader does), so a slow answer never piles calls up.
 */
export function createRepeater(tick: () => Promise<void>, ms: number, visibility: Visibility): Repeater {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | null = null;

  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  function run(): void {
    timer = undefined;
    if (visibility.hidden()) return;
    void tick();
    arm();
  }
  function onVisibility(): void {
    if (visibility.hidden()) {
      clearTimeout(timer);
      timer = undefined;
    } else if (timer === undefined) {
      run();
    }
  }

  return {
    start() {
      if (unsubscribe) return;
      unsubscribe = visibility.onChange(onVisibility);
      run();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}

export interface JobPoller<T> {
  /** Follows a job from its first answer; a job already final is not asked about. */
  follow(first: T): void;
  stop(): void;
}

/**
 * Asks `fetch` every `ms` and hands each answer to `apply` until `isFinal` says the job is over
 * (or `stop` is called). A failed ask is reported through `onError` and ends the polling.
 */
export function createJobPoller<T>(options: {
  fetch: (job: T) => Promise<T>;
  isFinal: (job: T) => boolean;
  apply: (job: T) => void;
  onError: (error: unknown) => void;
  ms: number;
}): JobPoller<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  function schedule(job: T, mine: number): void {
    timer = setTimeout(() => {
      options.fetch(job).then(
        (next) => {
          if (mine !== generation) return;
          options.apply(next);
          if (!options.isFinal(next)) schedule(next, mine);
        },
        (error: unknown) => {
          if (mine === generation) options.onError(error);
        },
      );
    }, options.ms);
  }

  return {
    follow(first) {
      clearTimeout(timer);
      generation += 1;
      options.apply(first);
      if (!options.isFinal(first)) schedule(first, generation);
    },
    stop() {
      clearTimeout(timer);
      generation += 1;
    },
  };
}
