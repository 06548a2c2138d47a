// The queue of access applications and the one open for a decision.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { ApplicationDetail, ApplicationListItem, Page } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import type { ApplicationFilter, ApplicationSortKey } from '../calls.ts';
import { attempt, createLoader, listSorting, type Outcome } from './helpers.ts';

export const APPLICATIONS_PAGE_SIZE = 50;

export type ApplicationListFilter = Required<Omit<ApplicationFilter, 'sort'>>;
// New applications first: that is the clerk's work; decided ones are for look-ups.
export const APPLICATIONS_DEFAULTS: ApplicationListFilter = { status: 'new', overdueOnly: false, search: '', page: 1 };
export const APPLICATION_SORT_KEYS: readonly ApplicationSortKey[] = ['created', 'name', 'address', 'account', 'email', 'status', 'deadline'];

export const useApplicationsStore = defineStore('applications', () => {
  const filter = ref<ApplicationListFilter>({ ...APPLICATIONS_DEFAULTS });
  const page = ref<Page<ApplicationListItem>>({ items: [], total: 0 });
  const detail = ref<ApplicationDetail | null>(null);

  const list = createLoader(
    (args: ApplicationFilter) => useApi().listApplications(args),
    (value) => {
      page.value = value;
    },
  );
  const one = createLoader(
    (id: number) => useApi().getApplication({ id }),
    (value) => {
      detail.value = value;
    },
  );

  function asked(): ApplicationFilter {
    return sort.value ? { ...compact(filter.value), sort: sort.value } : compact(filter.value);
  }

  function load(): Promise<void> {
    return list.load(asked());
  }

  const { sort, setSort, restore } = listSorting<ApplicationListFilter, ApplicationSortKey>(filter, load);

  /** Changes the filter and starts again from the first page. */
  function setFilter(change: Omit<ApplicationFilter, 'page' | 'sort'>): Promise<void> {
    filter.value = { ...filter.value, ...change, page: 1 };
    return load();
  }

  function setPage(number: number): Promise<void> {
    filter.value = { ...filter.value, page: number };
    return load();
  }

  function open(id: number): Promise<void> {
    if (detail.value?.id !== id) detail.value = null;
    return one.load(id);
  }

  /** `confirmMismatch`: the clerk read what does not match (the first answer says it) and approves all the same. */
  async function approve(id: number, accountId: number, confirmMismatch = false): Promise<Outcome<ApplicationDetail>> {
    return afterDecision(await attempt(() => useApi().approveApplication({ id, accountId, ...(confirmMismatch ? { confirmMismatch: true } : {}) })));
  }

  async function reject(id: number, reason: string): Promise<Outcome<ApplicationDetail>> {
    return afterDecision(await attempt(() => useApi().rejectApplication({ id, reason })));
  }

  /**
   * A decision answers with the application as it now stands (no second, audited read of the
   * applicant's data); the queue it left is read again.
   */
  async function afterDecision(outcome: Outcome<ApplicationDetail>): Promise<Outcome<ApplicationDetail>> {
    if (outcome.ok) {
      detail.value = outcome.value;
      await load();
    }
    return outcome;
  }

  return {
    filter: readonly(filter),
    sort: readonly(sort),
    setSort,
    restore,
    exportList: (format: 'xlsx' | 'csv') => useApi().exportApplicationList({ filter: { ...asked(), page: 1 }, format }),
    page: readonly(page),
    detail: readonly(detail),
    listLoading: list.showLoading,
    listError: list.error,
    detailLoading: one.showLoading,
    detailError: one.error,
    load,
    setFilter,
    setPage,
    open,
    approve,
    reject,
  };
});

/** Drops empty filter values so the command sees only what the clerk chose. */
function compact(filter: ApplicationFilter): ApplicationFilter {
  // Always named: the command reads a missing status as 'new'.
  const result: ApplicationFilter = { status: filter.status ?? 'all', page: filter.page ?? 1 };
  if (filter.overdueOnly) result.overdueOnly = true;
  const search = filter.search?.trim();
  if (search) result.search = search;
  return result;
}
