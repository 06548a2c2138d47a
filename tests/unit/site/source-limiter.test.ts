// The webhook's in-memory limiter: a window per key, a fresh one after it, and a bounded memory
// however many addresses a flood comes from.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createSourceLimiter } from '../../../site/source-limiter.ts';

it('lets `limit` events per key through in a window, marks the first refusal, and opens again after it', () => {
  let t = 0;
  const limiter = createSourceLimiter({ limit: 3, windowMs: 1_000, now: () => t });
  const taken = Array.from({ length: 5 }, () => limiter.take('a'));
  assert.deepEqual(taken.map((r) => r.allowed), [true, true, true, false, false]);
  assert.deepEqual(taken.map((r) => r.firstRefusal), [false, false, false, true, false]);
  assert.equal(limiter.take('b').allowed, true, 'another address has its own window');
  t += 999;
  assert.equal(limiter.take('a').allowed, false);
  t += 1;
  assert.equal(limiter.take('a').allowed, true);
});

it('forgets the oldest windows beyond maxKeys', () => {
  let t = 0;
  const limiter = createSourceLimiter({ limit: 1, windowMs: 60_000, now: () => t, maxKeys: 3 });
  for (const key of ['a', 'b', 'c']) assert.equal(limiter.take(key).allowed, true);
  t += 1;
  assert.equal(limiter.take('d').allowed, true);
  // 'a' was forgotten to make room, so it starts a new window; 'c' was not.
  assert.equal(limiter.take('a').allowed, true);
  assert.equal(limiter.take('c').allowed, false);
});
