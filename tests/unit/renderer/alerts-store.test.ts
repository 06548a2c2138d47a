import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { RequestList } from '../../../desktop/renderer/src/view-types.ts';
import { ALERTS_POLL_MS, useAlertsStore } from '../../../desktop/renderer/src/stores/alerts.ts';
import type { Visibility } from '../../../desktop/renderer/src/stores/polling.ts';
import { deferred, useFakeApi } from './fake-api.ts';

/** Lets settled promises run their callbacks (setImmediate is not mocked). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function fakeTab(): Visibility & { show(): void; hide(): void } {
  let hidden = false;
  const listeners = new Set<() => void>();
  const set = (value: boolean) => {
    hidden = value;
    for (const listener of listeners) listener();
  };
  return {
    hidden: () => hidden,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    show: () => set(false),
    hide: () => set(true),
  };
}

const answer = (total: number): RequestList => ({ items: [], total, openEmergencies: total + 1, unassignedNew: total + 2 });

describe('emergency badge poller', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('asks for new emergencies at once and every 30 s, reusing a call still in flight', async () => {
    const first = deferred<RequestList>();
    let calls = 0;
    const fake = useFakeApi({ listRequests: () => (++calls === 1 ? first.promise : Promise.resolve(answer(calls))) });
    const alerts = useAlertsStore();
    alerts.start(fakeTab());
    await flush();
    assert.deepEqual(fake.inputs('listRequests'), [{ channel: 'emergency', status: 'new', page: 1 }]);

    mock.timers.tick(ALERTS_POLL_MS);
    await flush();
    assert.equal(calls, 1, 'the slow first answer is waited for, not asked again');

    first.resolve(answer(3));
    await flush();
    assert.equal(alerts.newEmergencies, 3);
    assert.equal(alerts.openEmergencies, 4);

    mock.timers.tick(ALERTS_POLL_MS);
    await flush();
    assert.equal(calls, 2);
    assert.equal(alerts.newEmergencies, 2);
    alerts.stop();
  });

  it('asks nothing while the tab is hidden and asks at once when it is shown again', async () => {
    const fake = useFakeApi({ listRequests: async () => answer(1) });
    const tab = fakeTab();
    const alerts = useAlertsStore();
    alerts.start(tab);
    await flush();
    assert.equal(fake.inputs('listRequests').length, 1);

    tab.hide();
    mock.timers.tick(ALERTS_POLL_MS * 5);
    await flush();
    assert.equal(fake.inputs('listRequests').length, 1, 'a hidden tab does not poll');

    tab.show();
    await flush();
    assert.equal(fake.inputs('listRequests').length, 2, 'showing the tab asks at once');
    mock.timers.tick(ALERTS_POLL_MS);
    await flush();
    assert.equal(fake.inputs('listRequests').length, 3);

    alerts.stop();
    mock.timers.tick(ALERTS_POLL_MS * 3);
    tab.show();
    await flush();
    assert.equal(fake.inputs('listRequests').length, 3, 'a stopped poller asks nothing');
  });
});
