// Рассылки: the mass-notice form's live preview (how many residents, by which channel), asked
// 400 ms after the clerk stops changing the form; sending with a key made once per form, so a
// double click sends one notice; and the list of notices with their delivery status.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { Page } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import type { NoticeDraft } from '../calls.ts';
import type { NoticeDetail, NoticeListItem, NoticePreview, SentNotice } from '../view-types.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

export const PREVIEW_DEBOUNCE_MS = 400;
export const NOTICES_PAGE_SIZE = 50;

/** A draft the preview can count: a channel chosen, and the building when the audience is one. */
export function countable(draft: NoticeDraft): boolean {
  if (draft.channels.length === 0) return false;
  if (draft.audience.type === 'building') return draft.audience.buildingId > 0;
  return true;
}

function newKey(): string {
  return globalThis.crypto.randomUUID();
}

export const useNoticesStore = defineStore('notices', () => {
  const preview = ref<NoticePreview | null>(null);
  const page = ref<Page<NoticeListItem>>({ items: [], total: 0 });
  const pageNumber = ref(1);
  const detail = ref<NoticeDetail | null>(null);
  let requestKey = newKey();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const previewLoader = createLoader(
    (draft: NoticeDraft) => useApi().previewNotice(draft),
    (value) => {
      preview.value = value;
    },
  );
  const listLoader = createLoader(
    (args: { page: number }) => useApi().listNotices(args),
    (value) => {
      page.value = value;
    },
  );
  const detailLoader = createLoader(
    (noticeId: number) => useApi().getNotice({ noticeId }),
    (value) => {
      detail.value = value;
    },
  );

  /** The form changed: the preview is asked once the clerk pauses. */
  function draftChanged(draft: NoticeDraft): void {
    clearTimeout(timer);
    if (!countable(draft)) {
      timer = undefined;
      preview.value = null;
      return;
    }
    const copy = structuredClone(draft);
    timer = setTimeout(() => {
      timer = undefined;
      void previewLoader.load(copy);
    }, PREVIEW_DEBOUNCE_MS);
  }

  async function send(draft: NoticeDraft): Promise<Outcome<SentNotice>> {
    clearTimeout(timer);
    const outcome = await attempt(() => useApi().sendNotice({ ...draft, requestKey }));
    if (outcome.ok) {
      // The next form is a new notice.
      requestKey = newKey();
      preview.value = null;
      await loadList(1);
    }
    return outcome;
  }

  function loadList(number = pageNumber.value): Promise<void> {
    pageNumber.value = number;
    return listLoader.load({ page: number });
  }

  function open(noticeId: number): Promise<void> {
    if (detail.value?.id !== noticeId) detail.value = null;
    return detailLoader.load(noticeId);
  }

  return {
    preview: readonly(preview),
    page: readonly(page),
    pageNumber: readonly(pageNumber),
    detail: readonly(detail),
    previewLoading: previewLoader.showLoading,
    previewError: previewLoader.error,
    listLoading: listLoader.showLoading,
    listError: listLoader.error,
    detailLoading: detailLoader.showLoading,
    detailError: detailLoader.error,
    draftChanged,
    send,
    loadList,
    open,
    close: () => {
      detail.value = null;
    },
  };
});
