// Store plumbing shared by every screen's store: loads that reuse a request already in flight,
// loading flags that show only after ~100 ms (so quick answers do not flicker), and actions
// that hand a form either the value or a Russian error to show.
import { readonly, ref, watch, type Ref } from 'vue';
import { toUiError, type UiError } from '../errors.ts';
import { reportSessionLost } from '../session-events.ts';
import type { ListSort } from '../calls.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: UiError };

/** How long a load may take before the screen says it is loading. */
export const LOADING_DELAY_MS = 100;

/** Converts a thrown error, telling the session store when the session is gone. */
export function reportError(error: unknown): UiError {
  const ui = toUiError(error);
  if (ui.id === 'unauthenticated') reportSessionLost();
  return ui;
}

/** Runs one action for a form: never throws, so the form just reads the outcome. */
export async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: reportError(error) };
  }
}

/** A flag that turns on only after `source` has stayed on for `ms`, and off at once. */
export function delayedFlag(source: Readonly<Ref<boolean>>, ms = LOADING_DELAY_MS): Readonly<Ref<boolean>> {
  const shown = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(
    source,
    (on) => {
      clearTimeout(timer);
      timer = undefined;
      if (on) timer = setTimeout(() => (shown.value = true), ms);
      else shown.value = false;
    },
    { flush: 'sync', immediate: true },
  );
  return readonly(shown);
}

export interface Loader<A> {
  /** Starts a load, or returns the one in flight for the same arguments. */
  load(args: A): Promise<void>;
  loading: Readonly<Ref<boolean>>;
  /** `loading`, but only after the delay: what the screen shows. */
  showLoading: Readonly<Ref<boolean>>;
  error: Readonly<Ref<UiError | null>>;
}

/**
 * Loads with `fetch` and hands the answer to `apply`. The same arguments while a load is in
 * flight reuse it; other arguments start a new load and the older answer is dropped, so a slow
 * reply to an old filter never overwrites a newer one.
 */
export function createLoader<A, T>(fetch: (args: A) => Promise<T>, apply: (value: T, args: A) => void): Loader<A> {
  const loading = ref(false);
  const error = ref<UiError | null>(null);
  let inflight: { key: string; promise: Promise<void> } | null = null;
  let latest: object | null = null;

  async function run(args: A, token: object): Promise<void> {
    try {
      const value = await fetch(args);
      if (latest === token) apply(value, args);
    } catch (thrown) {
      if (latest === token) error.value = reportError(thrown);
    } finally {
      if (latest === token) {
        loading.value = false;
        inflight = null;
      }
    }
  }

  function load(args: A): Promise<void> {
    const key = JSON.stringify(args ?? null);
    if (inflight && inflight.key === key) return inflight.promise;
    const token = {};
    latest = token;
    loading.value = true;
    error.value = null;
    // Yield once before fetching so that `inflight` is set before any answer can arrive.
    const promise = Promise.resolve().then(() => run(args, token));
    inflight = { key, promise };
    return promise;
  }

  return { load, loading: readonly(loading), showLoading: delayedFlag(loading), error: readonly(error) };
}

/**
 * A list's sort beside its filter (shared/lists/sort.ts): a new sort starts from the first page;
 * `restore` sets both at once, as the address had them (list-address.ts).
 */
export function listSorting<F extends { page?: number }, K extends string>(filter: Ref<F>, load: () => Promise<void>) {
  const sort = ref<ListSort<K> | undefined>(undefined) as Ref<ListSort<K> | undefined>;
  return {
    sort,
    setSort(next: ListSort<K> | undefined): Promise<void> {
      sort.value = next;
      filter.value = { ...filter.value, page: 1 };
      return load();
    },
    restore(next: F, nextSort: ListSort<K> | undefined): Promise<void> {
      filter.value = { ...next };
      sort.value = nextSort;
      return load();
    },
  };
}
