import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { effectScope, ref } from 'vue';
import { onSessionLost } from '../../../desktop/renderer/src/session-events.ts';
import { attempt, createLoader, delayedFlag, LOADING_DELAY_MS } from '../../../desktop/renderer/src/stores/helpers.ts';
import { deferred, refusal } from './fake-api.ts';

describe('createLoader', () => {
  it('reuses a load in flight for the same arguments instead of asking again', async () => {
    const answer = deferred<number>();
    let asked = 0;
    const applied: number[] = [];
    const loader = createLoader(() => {
      asked += 1;
      return answer.promise;
    }, (value: number) => applied.push(value));

    const first = loader.load({ page: 1 });
    const second = loader.load({ page: 1 });
    assert.equal(first, second);
    assert.equal(loader.loading.value, true);
    answer.resolve(7);
    await first;
    assert.equal(asked, 1);
    assert.deepEqual(applied, [7]);
    assert.equal(loader.loading.value, false);

    await loader.load({ page: 1 });
    assert.equal(asked, 2, 'a finished load is not reused: the next call asks again');
  });

  it('keeps only the newest answer when the arguments change mid-flight', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const applied: string[] = [];
    const loader = createLoader((filter: string) => (filter === 'old' ? slow.promise : fast.promise), (value: string) => applied.push(value));

    const old = loader.load('old');
    const fresh = loader.load('new');
    fast.resolve('new answer');
    await fresh;
    slow.resolve('old answer');
    await old;
    assert.deepEqual(applied, ['new answer']);
    assert.equal(loader.loading.value, false);
  });

  it('keeps the Russian message and the field errors of a refusal', async () => {
    const loader = createLoader(() => Promise.reject(refusal('validation', 'Проверьте введённые данные', { query: 'Введите не меньше двух знаков' })), () => {});
    await loader.load(undefined);
    assert.deepEqual(loader.error.value, {
      id: 'validation',
      message: 'Проверьте введённые данные',
      fields: { query: 'Введите не меньше двух знаков' },
    });
  });

  it('shows a generic Russian message for an error that is not a refusal', async () => {
    const loader = createLoader(() => Promise.reject(new TypeError('Failed to fetch')), () => {});
    await loader.load(undefined);
    assert.equal(loader.error.value?.id, 'internal');
    assert.match(loader.error.value?.message ?? '', /Не удалось выполнить действие/);
  });
});

describe('attempt', () => {
  it('reports a lost session so the app can return to the sign-in screen', async () => {
    let lost = 0;
    const stop = onSessionLost(() => (lost += 1));
    const outcome = await attempt(() => Promise.reject(refusal('unauthenticated', 'Войдите в консоль')));
    stop();
    assert.equal(outcome.ok, false);
    assert.equal(lost, 1);
  });
});

describe('delayedFlag', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('turns on only after the source has stayed on for the delay, and off at once', () => {
    const scope = effectScope();
    const source = ref(false);
    const shown = scope.run(() => delayedFlag(source))!;

    source.value = true;
    mock.timers.tick(LOADING_DELAY_MS - 1);
    assert.equal(shown.value, false, 'a quick answer never shows the indicator');
    source.value = false;
    mock.timers.tick(LOADING_DELAY_MS);
    assert.equal(shown.value, false);

    source.value = true;
    mock.timers.tick(LOADING_DELAY_MS);
    assert.equal(shown.value, true);
    source.value = false;
    assert.equal(shown.value, false);
    scope.stop();
  });
});
