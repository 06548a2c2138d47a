// Обратная связь: messages from the public form, the flagged ones marked with reasons, and the
// clerk's reply (sent by e-mail) or status change. An action answers with the message as it now
// stands, which replaces it in the list.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { Page } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import type { FeedbackFilter, FeedbackSortKey } from '../calls.ts';
import type { FeedbackItem, FeedbackStatusView } from '../view-types.ts';
import { attempt, createLoader, listSorting, type Outcome } from './helpers.ts';

export const FEEDBACK_PAGE_SIZE = 50;

export type FeedbackListFilter = Required<Omit<FeedbackFilter, 'sort'>>;
export const FEEDBACK_DEFAULTS: FeedbackListFilter = { status: 'new', flagged: 'all', page: 1 };
export const FEEDBACK_SORT_KEYS: readonly FeedbackSortKey[] = ['created', 'name', 'topic', 'status'];

export const useFeedbackStore = defineStore('feedback', () => {
  const filter = ref<FeedbackListFilter>({ ...FEEDBACK_DEFAULTS });
  const page = ref<Page<FeedbackItem>>({ items: [], total: 0 });

  const loader = createLoader(
    (args: FeedbackFilter) => useApi().listFeedback(args),
    (value) => {
      page.value = value;
    },
  );

  function asked(): FeedbackFilter {
    return sort.value ? { ...filter.value, sort: sort.value } : { ...filter.value };
  }

  function load(): Promise<void> {
    return loader.load(asked());
  }

  const { sort, setSort, restore } = listSorting<FeedbackListFilter, FeedbackSortKey>(filter, load);

  /** Marks the checked messages «Без ответа» (or back to new) at once, then reads the list again. */
  async function setManyStatus(ids: number[], status: 'new' | 'ignored'): Promise<Outcome<{ changed: number }>> {
    const outcome = await attempt(() => useApi().setFeedbackStatuses({ ids, status }));
    if (outcome.ok) await load();
    return outcome;
  }

  function setFilter(change: Omit<FeedbackFilter, 'page' | 'sort'>): Promise<void> {
    filter.value = { ...filter.value, ...change, page: 1 };
    return load();
  }

  function setPage(number: number): Promise<void> {
    filter.value = { ...filter.value, page: number };
    return load();
  }

  async function change(run: () => Promise<FeedbackItem>): Promise<Outcome<FeedbackItem>> {
    const outcome = await attempt(run);
    if (outcome.ok) {
      const item = outcome.value;
      // Shown at once; the list is read again since the message may now fall outside the filter.
      page.value = { ...page.value, items: page.value.items.map((one) => (one.id === item.id ? item : one)) };
      await load();
    }
    return outcome;
  }

  return {
    filter: readonly(filter),
    sort: readonly(sort),
    page: readonly(page),
    loading: loader.showLoading,
    error: loader.error,
    load,
    setFilter,
    setPage,
    setSort,
    restore,
    setManyStatus,
    exportList: (format: 'xlsx' | 'csv') => useApi().exportFeedbackList({ filter: { ...asked(), page: 1 }, format }),
    setStatus: (id: number, status: FeedbackStatusView) => change(() => useApi().setFeedbackStatus({ id, status })),
    reply: (id: number, body: string) => change(() => useApi().replyToFeedback({ id, body })),
  };
});
