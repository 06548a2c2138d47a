// The audit log with the clerk's filters.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { AuditItem, Page } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import type { AuditFilter, AuditSortKey, ListSort } from '../calls.ts';
import { createLoader, listSorting } from './helpers.ts';

/** The log's filter as the address keeps it: 0 and '' mean «any» (list-address.ts). */
export const AUDIT_DEFAULTS = { staffId: 0, userId: 0, login: '', accountNumber: '', action: '', from: '', to: '', page: 1 };
export const AUDIT_SORT_KEYS: readonly AuditSortKey[] = ['at', 'actor', 'action', 'account'];

export const useAuditStore = defineStore('audit', () => {
  const filter = ref<Omit<AuditFilter, 'sort'>>({ page: 1 });
  const page = ref<Page<AuditItem>>({ items: [], total: 0 });

  const list = createLoader(
    (args: AuditFilter) => useApi().listAudit(args),
    (value) => {
      page.value = value;
    },
  );

  function asked(): AuditFilter {
    return sort.value ? { ...filter.value, sort: sort.value } : { ...filter.value };
  }

  function load(): Promise<void> {
    return list.load(asked());
  }

  /** Replaces the filter (empty values, 0 among them, dropped) and starts from `page`, the first unless given. */
  function setFilter(next: Omit<AuditFilter, 'sort'>): Promise<void> {
    const clean: Omit<AuditFilter, 'sort'> = { page: next.page ?? 1 };
    for (const [key, value] of Object.entries(next) as [keyof AuditFilter, AuditFilter[keyof AuditFilter]][]) {
      if (key !== 'page' && value !== undefined && value !== '' && value !== 0 && !Number.isNaN(value)) Object.assign(clean, { [key]: value });
    }
    filter.value = clean;
    return load();
  }

  const { sort, setSort } = listSorting<Omit<AuditFilter, 'sort'>, AuditSortKey>(filter, load);

  /** The log as the address had it: the filter from `setFilter` (empty values dropped), with its sort. */
  function restore(next: Omit<AuditFilter, 'sort'>, nextSort: ListSort<AuditSortKey> | undefined): Promise<void> {
    sort.value = nextSort;
    return setFilter(next);
  }

  function setPage(number: number): Promise<void> {
    filter.value = { ...filter.value, page: number };
    return load();
  }

  return {
    filter: readonly(filter),
    sort: readonly(sort),
    setSort,
    restore,
    exportList: (format: 'xlsx' | 'csv') => useApi().exportAuditLog({ filter: { ...asked(), page: 1 }, format }),
    page: readonly(page),
    loading: list.showLoading,
    error: list.error,
    load,
    setFilter,
    setPage,
  };
});
