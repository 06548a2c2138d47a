import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RETRY_CAP_MS, retryDelayMs } from '../../../shared/mail/backoff.ts';

describe('e-mail retry back-off', () => {
  it('doubles from 30 seconds and stops at an hour', () => {
    const full = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((attempts) => retryDelayMs(attempts, () => 0));
    assert.deepEqual(full, [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it('jitter only shortens the wait, by at most a quarter, so the cap holds', () => {
    assert.equal(retryDelayMs(1, () => 0.5), 26_250);
    assert.equal(retryDelayMs(1, () => 0.999_999), 22_500);
    for (let attempts = 1; attempts <= 20; attempts++) {
      for (const r of [0, 0.3, 0.7, 0.999]) {
        const delay = retryDelayMs(attempts, () => r);
        assert.ok(delay <= RETRY_CAP_MS && delay >= retryDelayMs(attempts, () => 0) * 0.75, `${attempts}/${r}: ${delay}`);
      }
    }
  });
});
