import assert from 'node:assert/strict';
import { it } from 'node:test';
import { failureDelayMs } from '../../../shared/residents/login.ts';

it('holds a failed sign-in back from the base delay, doubling with the failures, at most 8 times it', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 9].map((n) => failureDelayMs(n)), [250, 500, 1000, 2000, 2000, 2000]);
  assert.deepEqual([1, 2, 4].map((n) => failureDelayMs(n, 100)), [100, 200, 800]);
  assert.equal(failureDelayMs(undefined, 100), 100);
  assert.equal(failureDelayMs(6, 0), 0, 'LOGIN_FAILURE_DELAY_MS=0: no delay');
});
