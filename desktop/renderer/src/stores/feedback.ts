// Обратная связь: messages from the public form, the flagged ones marked with reasons, and the
// clerk's reply (sent by e-mail) or status change. An action answers with the message as it now
// stands, which replaces it in the list.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { Page } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import type { FeedbackFilter } from '../calls.ts';
import type { FeedbackItem, FeedbackStatusView } from '../view-types.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

export const FEEDBACK_PAGE_SIZE = 50;

export const useFeedbackStore = defineStore('feedback', () => {
  const filter = ref<Required<FeedbackFilter>>({ status: 'new', flagged: 'all', page: 1 });
  const page = ref<Page<FeedbackItem>>({ items: [], total: 0 });

  const loader = createLoader(
    (args: FeedbackFilter) => useApi().listFeedback(args),
    (value) => {
      page.value = value;
    },
  );

  function load(): Promise<void> {
    return loader.load({ ...filter.value });
  }

  function setFilter(change: Omit<FeedbackFilter, 'page'>): Promise<void> {
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
    page: readonly(page),
    loading: loader.showLoading,
    error: loader.error,
    load,
    setFilter,
    setPage,
    setStatus: (id: number, status: FeedbackStatusView) => change(() => useApi().setFeedbackStatus({ id, status })),
    reply: (id: number, body: string) => change(() => useApi().replyToFeedback({ id, body })),
  };
});
