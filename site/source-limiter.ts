// A small in-memory limiter: at most `limit` events per key (a source address) in a window. Kept
// in the process, not the database, because it guards paths a stranger can call without a
// session (the payment webhook), where a database write per request would itself be the load to
// avoid. Each site process counts on its own, so N processes let N × limit through: a bound, not
// an exact quota. The clock is injected so tests can step past a window.

export interface SourceLimiter {
  /** Counts one event for `key`. `allowed` is false when the key has used up its window;
   *  `firstRefusal` marks the first refusal of a window, so a flood is logged once, not per request. */
  take(key: string): { allowed: boolean; firstRefusal: boolean };
}

export interface SourceLimiterOptions {
  limit: number;
  windowMs: number;
  now: () => number;
  /** Keys remembered at most; beyond it the oldest windows are forgotten, so a flood from many
   *  addresses cannot grow the map without bound. */
  maxKeys?: number;
}

export function createSourceLimiter(options: SourceLimiterOptions): SourceLimiter {
  const maxKeys = options.maxKeys ?? 10_000;
  // key → the window's start and the events counted in it; Map order is insertion order, so
  // the first entries are the oldest windows.
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key) {
      const now = options.now();
      const current = windows.get(key);
      if (current && now - current.start < options.windowMs) {
        current.count++;
        return { allowed: current.count <= options.limit, firstRefusal: current.count === options.limit + 1 };
      }
      windows.delete(key);
      if (windows.size >= maxKeys) {
        for (const [oldKey, window] of windows) {
          if (windows.size < maxKeys && now - window.start < options.windowMs) break;
          windows.delete(oldKey);
        }
      }
      windows.set(key, { start: now, count: 1 });
      return { allowed: options.limit >= 1, firstRefusal: options.limit < 1 };
    },
  };
}
