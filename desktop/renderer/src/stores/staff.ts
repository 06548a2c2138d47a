// Staff accounts (administrators only). Passwords issued here are returned once to the screen
// that asked and never kept in the store.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { StaffRole } from '../../../../shared/console/command.ts';
import type { IssuedPassword, StaffListItem } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

export const useStaffStore = defineStore('staff', () => {
  const members = ref<StaffListItem[]>([]);

  const loader = createLoader(
    () => useApi().listStaff({}),
    (value) => {
      members.value = value;
    },
  );

  function load(): Promise<void> {
    return loader.load(undefined);
  }

  async function reloading<T>(outcome: Outcome<T>): Promise<Outcome<T>> {
    if (outcome.ok) await load();
    return outcome;
  }

  async function create(input: { login: string; fullName: string; role: StaffRole }): Promise<Outcome<IssuedPassword>> {
    return reloading(await attempt(() => useApi().createStaff(input)));
  }

  async function update(input: { id: number; fullName?: string; role?: StaffRole; disabled?: boolean }): Promise<Outcome<unknown>> {
    return reloading(await attempt(() => useApi().updateStaff(input)));
  }

  async function resetPassword(id: number): Promise<Outcome<IssuedPassword>> {
    return reloading(await attempt(() => useApi().resetStaffPassword({ id })));
  }

  return { members: readonly(members), loading: loader.showLoading, error: loader.error, load, create, update, resetPassword };
});
