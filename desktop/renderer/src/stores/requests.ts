// Обращения: the inbox with its filters, the card of one request and the clerk's actions on it.
// Every action answers with the card as it now stands (no second, audited read); the inbox and
// the emergency badge are read again after it.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { useApi } from '../api.ts';
import type { RequestFilter, RequestSortKey } from '../calls.ts';
import type { RequestDetail, RequestList, RequestStatusView } from '../view-types.ts';
import { useAlertsStore } from './alerts.ts';
import { attempt, createLoader, listSorting, reportError, type Outcome } from './helpers.ts';

/** Rows per page of the inbox; the command's REQUESTS_PAGE_SIZE. */
export const REQUESTS_PAGE_SIZE = 50;

export type RequestListFilter = Required<Omit<RequestFilter, 'sort'>>;
export const REQUESTS_DEFAULTS: RequestListFilter = { channel: 'all', status: 'open', assigned: 'any', search: '', page: 1 };
export const REQUEST_SORT_KEYS: readonly RequestSortKey[] = ['number', 'category', 'address', 'created', 'status', 'assigned', 'response'];

const EMPTY: RequestList = { items: [], total: 0, openEmergencies: 0, unassignedNew: 0 };

export const useRequestsStore = defineStore('requests', () => {
  const filter = ref<RequestListFilter>({ ...REQUESTS_DEFAULTS });
  const list = ref<RequestList>(EMPTY);
  const detail = ref<RequestDetail | null>(null);
  /** Photos read so far, as data URLs, by photo id. */
  const photos = ref<Record<number, string>>({});

  const listLoader = createLoader(
    (args: RequestFilter) => useApi().listRequests(args),
    (value) => {
      list.value = value;
    },
  );
  const oneLoader = createLoader(
    (id: number) => useApi().getRequest({ id }),
    (value) => {
      detail.value = value;
    },
  );
  const photoCalls = new Map<number, Promise<void>>();

  function asked(): RequestFilter {
    return sort.value ? { ...compact(filter.value), sort: sort.value } : compact(filter.value);
  }

  function load(): Promise<void> {
    return listLoader.load(asked());
  }

  const { sort, setSort, restore } = listSorting<RequestListFilter, RequestSortKey>(filter, load);

  /** Closes the checked requests; the inbox and the badge are read again. */
  async function closeMany(ids: number[]): Promise<Outcome<{ closed: number }>> {
    const outcome = await attempt(() => useApi().closeRequests({ ids }));
    if (outcome.ok) await Promise.all([load(), useAlertsStore().refresh()]);
    return outcome;
  }

  function setFilter(change: Omit<RequestFilter, 'page' | 'sort'>): Promise<void> {
    filter.value = { ...filter.value, ...change, page: 1 };
    return load();
  }

  function setPage(page: number): Promise<void> {
    filter.value = { ...filter.value, page };
    return load();
  }

  function open(id: number): Promise<void> {
    if (detail.value?.id !== id) detail.value = null;
    return oneLoader.load(id);
  }

  /** Reads a photo once; the same photo asked for again while in flight or after is not read again. */
  function loadPhoto(photoId: number): Promise<void> {
    if (photos.value[photoId]) return Promise.resolve();
    let call = photoCalls.get(photoId);
    if (!call) {
      call = useApi()
        .getRequestPhoto({ photoId })
        .then((photo) => {
          photos.value = { ...photos.value, [photoId]: photo.dataUrl };
        })
        .catch((error: unknown) => {
          reportError(error);
          photoCalls.delete(photoId);
        });
      photoCalls.set(photoId, call);
    }
    return call;
  }

  async function change(run: () => Promise<RequestDetail>): Promise<Outcome<RequestDetail>> {
    const outcome = await attempt(run);
    if (outcome.ok) {
      detail.value = outcome.value;
      await Promise.all([load(), useAlertsStore().refresh()]);
    }
    return outcome;
  }

  const api = () => useApi();
  return {
    filter: readonly(filter),
    sort: readonly(sort),
    list: readonly(list),
    detail: readonly(detail),
    photos: readonly(photos),
    listLoading: listLoader.showLoading,
    listError: listLoader.error,
    detailLoading: oneLoader.showLoading,
    detailError: oneLoader.error,
    load,
    setFilter,
    setPage,
    setSort,
    restore,
    closeMany,
    exportList: (format: 'xlsx' | 'csv') => useApi().exportRequestList({ filter: { ...asked(), page: 1 }, format }),
    open,
    loadPhoto,
    /** `staffId` null takes the request back from whoever had it. */
    assign: (id: number, staffId: number | null) => change(() => api().assignRequest({ id, staffId })),
    setStatus: (id: number, status: RequestStatusView) => change(() => api().setRequestStatus({ id, status })),
    reply: (id: number, body: string) => change(() => api().replyToRequest({ id, body })),
    note: (id: number, body: string) => change(() => api().addInternalNote({ id, body })),
  };
});

/** Only what differs from the command's defaults, search trimmed. */
function compact(filter: RequestListFilter): RequestFilter {
  const result: RequestFilter = { page: filter.page };
  if (filter.channel !== 'all') result.channel = filter.channel;
  if (filter.status !== 'open') result.status = filter.status;
  if (filter.assigned !== 'any') result.assigned = filter.assigned;
  const search = filter.search.trim();
  if (search) result.search = search;
  return result;
}
