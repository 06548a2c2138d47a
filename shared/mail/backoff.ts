// When to try a message again: 30 s, 1 min, 2 min, … doubling up to an hour. Jitter only
// shortens the wait (by up to a quarter), so many messages queued during an outage spread out
// after it and the hour cap still holds.
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 3_600_000;

/**
 * Delay before the next try after `attempts` tries have failed (attempts ≥ 1).
 * `random` in [0, 1): 0 gives the full delay, values near 1 about three quarters of it.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^7 × 30 s already exceeds the cap; stop doubling before the number gets silly.
  const full = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(exponent, 20));
  return Math.round(full * (1 - 0.25 * random()));
}
