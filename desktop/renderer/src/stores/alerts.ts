// The emergency badge on every screen: how many emergency requests are new (nobody has taken
// them yet) and how many are open. Asked every 30 s while a clerk is signed in and the tab is
// visible; a call still in flight is reused rather than repeated.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { useApi } from '../api.ts';
import { createLoader } from './helpers.ts';
import { createRepeater, documentVisibility, type Repeater, type Visibility } from './polling.ts';

export const ALERTS_POLL_MS = 30_000;

export const useAlertsStore = defineStore('alerts', () => {
  /** Emergencies in status «Новое»: nobody has taken them. */
  const newEmergencies = ref(0);
  /** Emergencies new or in work. */
  const openEmergencies = ref(0);
  /** Any new request nobody has taken. */
  const unassignedNew = ref(0);

  const loader = createLoader(
    () => useApi().listRequests({ channel: 'emergency', status: 'new', page: 1 }),
    (value) => {
      newEmergencies.value = value.total;
      openEmergencies.value = value.openEmergencies;
      unassignedNew.value = value.unassignedNew;
    },
  );

  let repeater: Repeater | null = null;

  function refresh(): Promise<void> {
    return loader.load(undefined);
  }

  /** Starts polling (again); `visibility` is for tests. */
  function start(visibility: Visibility = documentVisibility()): void {
    stop();
    repeater = createRepeater(refresh, ALERTS_POLL_MS, visibility);
    repeater.start();
  }

  function stop(): void {
    repeater?.stop();
    repeater = null;
  }

  return {
    newEmergencies: readonly(newEmergencies),
    openEmergencies: readonly(openEmergencies),
    unassignedNew: readonly(unassignedNew),
    error: loader.error,
    refresh,
    start,
    stop,
  };
});
