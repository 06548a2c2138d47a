// The loader's compact duplicate map behaves like a Map for the keys it is given (large exact
// integers, many colliding low bits) through several growths.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { NumberKeyMap } from '../../../shared/import/number-map.ts';

it('agrees with a Map over 200 000 keys of the loader\'s shapes, through growth', () => {
  const compact = new NumberKeyMap(4);
  const reference = new Map<number, number>();
  for (let i = 0; i < 200_000; i++) {
    // (account · 2048 + period) · 16384 + service: keys share their low bits.
    const key = ((i % 50_000) * 2048 + (i % 7)) * 16384 + (i % 3);
    if (reference.has(key)) assert.equal(compact.get(key), reference.get(key));
    else {
      assert.equal(compact.get(key), undefined);
      compact.set(key, i + 2);
      reference.set(key, i + 2);
    }
  }
  assert.equal(compact.size, reference.size);
  for (const [key, value] of reference) assert.equal(compact.get(key), value);
  assert.equal(compact.get(2 ** 52 + 1), undefined);
  compact.set(0, 7);
  assert.equal(compact.get(0), 7);
});

it('reserve makes room once: the keys it was sized for go in without another growth, and nothing is lost', () => {
  const compact = new NumberKeyMap(4);
  for (let i = 0; i < 1_000; i++) compact.set(i * 16384 + 3, i + 2);
  compact.reserve(300_000);
  const reserved = compact.capacity;
  assert.equal(reserved, 400_000, 'sized for the keys asked for, at 3/4 full');
  for (let i = 0; i < 1_000; i++) assert.equal(compact.get(i * 16384 + 3), i + 2);
  for (let i = 1_000; i < 300_000; i++) compact.set(i * 16384 + 3, i + 2);
  assert.equal(compact.capacity, reserved);
  assert.equal(compact.size, 300_000);
  for (let i = 0; i < 300_000; i += 997) assert.equal(compact.get(i * 16384 + 3), i + 2);
  assert.equal(compact.get(300_000 * 16384 + 3), undefined);
  // Asking for less than it holds changes nothing.
  compact.reserve(10);
  assert.equal(compact.capacity, reserved);
});
