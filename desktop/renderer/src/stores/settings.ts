// Company settings (administrators only).
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { CompanySettingsView } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import type { SettingsUpdate } from '../calls.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<CompanySettingsView | null>(null);

  const loader = createLoader(
    () => useApi().getSettings({}),
    (value) => {
      settings.value = value;
    },
  );

  function load(): Promise<void> {
    return loader.load(undefined);
  }

  async function save(update: SettingsUpdate): Promise<Outcome<unknown>> {
    const outcome = await attempt(() => useApi().updateSettings(update));
    if (outcome.ok) await load();
    return outcome;
  }

  return { settings: readonly(settings), loading: loader.showLoading, error: loader.error, load, save };
});
