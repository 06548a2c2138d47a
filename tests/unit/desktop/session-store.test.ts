import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionStore, type SessionOwner } from '../../../desktop/main/session-store.ts';

/** A webContents stand-in that can be destroyed by the test. */
function fakeOwner(id: number) {
  const listeners: (() => void)[] = [];
  const owner: SessionOwner = {
    id,
    once(event, listener) {
      assert.equal(event, 'destroyed');
      listeners.push(listener);
    },
  };
  return { owner, listeners, destroy: () => listeners.splice(0).forEach((listener) => listener()) };
}

describe('SessionStore', () => {
  test('no token until sign-in starts a session', () => {
    assert.equal(new SessionStore(() => 0).tokenFor(1), null);
  });

  test('start keeps the token for that window; end forgets it', () => {
    const store = new SessionStore(() => 1_000);
    store.controlFor(1).start('token-a', 5_000);
    assert.equal(store.tokenFor(1), 'token-a');
    store.controlFor(1).end();
    assert.equal(store.tokenFor(1), null);
  });

  test('each window has its own session', () => {
    const store = new SessionStore(() => 1_000);
    store.controlFor(1).start('token-a', 5_000);
    store.controlFor(2).start('token-b', 5_000);
    store.controlFor(2).end();
    assert.equal(store.tokenFor(1), 'token-a');
    assert.equal(store.tokenFor(2), null);
  });

  test('a new sign-in replaces the token', () => {
    const store = new SessionStore(() => 1_000);
    store.controlFor(1).start('old', 5_000);
    store.controlFor(1).start('new', 9_000);
    assert.equal(store.tokenFor(1), 'new');
  });

  test('an expired token is not handed out again', () => {
    let now = 1_000;
    const store = new SessionStore(() => now);
    store.controlFor(1).start('token-a', 2_000);
    now = 1_999;
    assert.equal(store.tokenFor(1), 'token-a');
    now = 2_000;
    assert.equal(store.tokenFor(1), null);
    now = 1_000;
    assert.equal(store.tokenFor(1), null, 'dropped, not merely hidden');
  });

  test('a destroyed window takes its token with it, and is watched only once', () => {
    const store = new SessionStore(() => 1_000);
    const one = fakeOwner(1);
    store.watch(one.owner);
    store.watch(one.owner);
    assert.equal(one.listeners.length, 1);
    store.controlFor(1).start('token-a', 5_000);
    store.controlFor(2).start('token-b', 5_000);
    one.destroy();
    assert.equal(store.tokenFor(1), null);
    assert.equal(store.tokenFor(2), 'token-b');
  });

  test('an id reused after destruction is watched again', () => {
    const store = new SessionStore(() => 1_000);
    const first = fakeOwner(7);
    store.watch(first.owner);
    first.destroy();
    const second = fakeOwner(7);
    store.watch(second.owner);
    assert.equal(second.listeners.length, 1);
  });
});
