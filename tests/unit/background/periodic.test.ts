// The one loop for background passes: a pass at start, then every interval; a pass that throws
// is logged and the next one runs; wake() and a pass wanting more run the next one at once, never
// two at the same time; stop() ends it at once and waits for a pass in progress.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startPeriodic } from '../../../shared/background/periodic.ts';

const HOUR = 3_600_000;
const quiet = { error: () => undefined };
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await tick();
  assert.ok(done(), what);
}

it('runs a pass at start and again after each interval, logs failures and goes on, stops at once', async () => {
  let passes = 0;
  const seen: number[] = [];
  const logged: string[] = [];
  const running = startPeriodic(async () => {
    passes++;
    if (passes === 2) throw new Error('boom');
    return passes;
  }, { intervalMs: 5, logger: { error: (_details, message) => void logged.push(message) }, failureMessage: 'Ошибка прохода', onPass: (n) => seen.push(n) });
  for (let i = 0; i < 200 && passes < 3; i++) await tick();
  const started = Date.now();
  await running.stop();
  assert.ok(Date.now() - started < 100, 'stop does not wait for the interval');
  assert.deepEqual(seen.slice(0, 2), [1, 3]);
  assert.deepEqual(logged, ['Ошибка прохода']);
  const after = passes;
  await tick(20);
  assert.equal(passes, after, 'no pass after stop');
});

it('stop() waits for a pass in progress', async () => {
  let finished = false;
  const running = startPeriodic(async () => {
    await tick(30);
    finished = true;
  }, { intervalMs: 60_000, logger: quiet, failureMessage: 'x' });
  await running.stop();
  assert.equal(finished, true);
});

it('wake() runs a pass now instead of after the interval', async () => {
  let passes = 0;
  const running = startPeriodic(async () => void passes++, { intervalMs: HOUR, logger: quiet, failureMessage: 'x' });
  try {
    await until(() => passes === 1, 'the pass at start');
    await tick(20);
    assert.equal(passes, 1, 'then it sleeps for the interval');
    running.wake();
    await until(() => passes === 2, 'a pass on wake-up');
  } finally {
    await running.stop();
  }
});

it('a wake-up during a pass runs one more pass after it, never two at once', async () => {
  let passes = 0;
  let inPass = 0;
  let overlapped = false;
  let release!: () => void;
  const running = startPeriodic(async () => {
    passes++;
    inPass++;
    overlapped ||= inPass > 1;
    if (passes === 1) await new Promise<void>((r) => (release = r));
    inPass--;
  }, { intervalMs: HOUR, logger: quiet, failureMessage: 'x' });
  try {
    await until(() => release !== undefined, 'the first pass has begun');
    running.wake();
    running.wake();
    await tick(20);
    assert.equal(passes, 1, 'the wake-up waits for the pass under way');
    release();
    await until(() => passes === 2, 'the wake-up is not lost');
    await tick(20);
    assert.equal(passes, 2, 'two wake-ups during a pass make one more pass');
    assert.equal(overlapped, false);
  } finally {
    await running.stop();
  }
});

it('runs back to back while a pass says there is more, then waits for the interval', async () => {
  let passes = 0;
  const running = startPeriodic(async () => ++passes, { intervalMs: HOUR, logger: quiet, failureMessage: 'x', again: (n) => n < 3 });
  try {
    await until(() => passes === 3, 'three passes without waiting');
    await tick(20);
    assert.equal(passes, 3);
  } finally {
    await running.stop();
  }
});

it('logs a failure with the details the caller chooses', async () => {
  const logged: object[] = [];
  const running = startPeriodic(async () => {
    throw new Error('password=secret');
  }, { intervalMs: HOUR, logger: { error: (details) => void logged.push(details) }, failureMessage: 'x', failureDetails: () => ({ error: 'скрыто' }) });
  await until(() => logged.length === 1, 'the failure is logged');
  await running.stop();
  assert.deepEqual(logged, [{ error: 'скрыто' }]);
});

it('wake() after stop() does nothing', async () => {
  let passes = 0;
  const running = startPeriodic(async () => void passes++, { intervalMs: HOUR, logger: quiet, failureMessage: 'x' });
  await running.stop();
  const after = passes;
  running.wake();
  await tick(20);
  assert.equal(passes, after);
});
