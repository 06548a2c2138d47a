// The one loop for background passes: a pass at start, then every interval; a pass that throws
// is logged and the next one runs; stop() ends it at once and waits for a pass in progress.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startPeriodic } from '../../../shared/periodic.ts';

it('runs a pass at start and again after each interval, logs failures and goes on, stops at once', async () => {
  let passes = 0;
  const seen: number[] = [];
  const logged: string[] = [];
  const running = startPeriodic(async () => {
    passes++;
    if (passes === 2) throw new Error('boom');
    return passes;
  }, { intervalMs: 5, logger: { error: (_details, message) => void logged.push(message) }, failureMessage: 'Ошибка прохода', onPass: (n) => seen.push(n) });
  for (let i = 0; i < 200 && passes < 3; i++) await new Promise((r) => setTimeout(r, 5));
  const started = Date.now();
  await running.stop();
  assert.ok(Date.now() - started < 100, 'stop does not wait for the interval');
  assert.deepEqual(seen.slice(0, 2), [1, 3]);
  assert.deepEqual(logged, ['Ошибка прохода']);
  const after = passes;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(passes, after, 'no pass after stop');
});

it('stop() waits for a pass in progress', async () => {
  let finished = false;
  const running = startPeriodic(async () => {
    await new Promise((r) => setTimeout(r, 30));
    finished = true;
  }, { intervalMs: 60_000, logger: { error: () => undefined }, failureMessage: 'x' });
  await running.stop();
  assert.equal(finished, true);
});
