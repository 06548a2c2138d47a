// The audit log with the clerk's filters.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { AuditItem, Page } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import type { AuditFilter } from '../calls.ts';
import { createLoader } from './helpers.ts';

export const useAuditStore = defineStore('audit', () => {
  const filter = ref<AuditFilter>({ page: 1 });
  const page = ref<Page<AuditItem>>({ items: [], total: 0 });

  const list = createLoader(
    (args: AuditFilter) => useApi().listAudit(args),
    (value) => {
      page.value = value;
    },
  );

  function load(): Promise<void> {
    return list.load(filter.value);
  }

  /** Replaces the filter (empty values dropped) and starts from the first page. */
  function setFilter(next: Omit<AuditFilter, 'page'>): Promise<void> {
    const clean: AuditFilter = { page: 1 };
    for (const [key, value] of Object.entries(next) as [keyof AuditFilter, AuditFilter[keyof AuditFilter]][]) {
      if (value !== undefined && value !== '' && !Number.isNaN(value)) Object.assign(clean, { [key]: value });
    }
    filter.value = clean;
    return load();
  }

  function setPage(number: number): Promise<void> {
    filter.value = { ...filter.value, page: number };
    return load();
  }

  return {
    filter: readonly(filter),
    page: readonly(page),
    loading: list.showLoading,
    error: list.error,
    load,
    setFilter,
    setPage,
  };
});
