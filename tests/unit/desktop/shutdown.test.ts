import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createShutdown } from '../../../desktop/main/shutdown.ts';

function quitEvent() {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
}

/** A cleanup the test finishes by hand, so the order of events is explicit. */
function pendingCleanup(outcome: 'ok' | 'fail' = 'ok') {
  let finish = () => {};
  const started: number[] = [];
  const cleanup = () =>
    new Promise<void>((resolve, reject) => {
      started.push(1);
      finish = () => (outcome === 'ok' ? resolve() : reject(new Error('close failed')));
    });
  return { cleanup, started, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createShutdown', () => {
  test('holds the first quit, closes the database once, then quits for real', async () => {
    const { cleanup, started, finish } = pendingCleanup();
    const quits: number[] = [];
    const onWillQuit = createShutdown({ cleanup, quit: () => quits.push(1) });

    const first = quitEvent();
    onWillQuit(first);
    assert.equal(first.prevented, true);
    const second = quitEvent();
    onWillQuit(second);
    assert.equal(second.prevented, true, 'still closing');
    assert.equal(started.length, 1);
    assert.equal(quits.length, 0);

    finish();
    await settle();
    assert.equal(quits.length, 1);
    const last = quitEvent();
    onWillQuit(last);
    assert.equal(last.prevented, false, 'the quit that follows the cleanup goes through');
    assert.equal(started.length, 1);
  });

  test('a failing cleanup is reported and the app still quits', async () => {
    const { cleanup, finish } = pendingCleanup('fail');
    const errors: unknown[] = [];
    const quits: number[] = [];
    const onWillQuit = createShutdown({ cleanup, quit: () => quits.push(1), onError: (error) => errors.push(error) });
    onWillQuit(quitEvent());
    finish();
    await settle();
    assert.equal(quits.length, 1);
    assert.match(String(errors[0]), /close failed/);
  });
});
