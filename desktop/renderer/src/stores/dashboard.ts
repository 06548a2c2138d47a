// «Сегодня»: the day's figures for the home screen.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { useApi } from '../api.ts';
import type { DashboardView } from '../view-types.ts';
import { createLoader } from './helpers.ts';

export const useDashboardStore = defineStore('dashboard', () => {
  const view = ref<DashboardView | null>(null);
  const loader = createLoader(
    () => useApi().getDashboard({}),
    (value) => {
      view.value = value;
    },
  );
  return { view: readonly(view), loading: loader.showLoading, error: loader.error, load: () => loader.load(undefined) };
});
