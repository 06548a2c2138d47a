// Квитанции: a period's receipts printed as one PDF in the background, for every account or one
// building's; progress is polled every second until the job is done, failed or cancelled.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { useApi } from '../api.ts';
import type { UiError } from '../errors.ts';
import type { BuildingOption, PrintProgress } from '../view-types.ts';
import { attempt, createLoader, reportError, type Outcome } from './helpers.ts';
import { createJobPoller } from './polling.ts';

export const PRINT_POLL_MS = 1000;

export const isFinalPrint = (job: PrintProgress): boolean => job.status !== 'running';

export const useReceiptsStore = defineStore('receipts', () => {
  const buildings = ref<BuildingOption[]>([]);
  const job = ref<PrintProgress | null>(null);
  const jobError = ref<UiError | null>(null);

  const buildingsLoader = createLoader(
    () => useApi().listBuildings({}),
    (value) => {
      buildings.value = value;
    },
  );

  const poller = createJobPoller<PrintProgress>({
    fetch: (current) => useApi().getPrintProgress({ jobId: current.jobId }),
    isFinal: isFinalPrint,
    apply(value) {
      job.value = value;
    },
    onError(error) {
      jobError.value = reportError(error);
    },
    ms: PRINT_POLL_MS,
  });

  async function print(period: string, buildingId: number | null): Promise<Outcome<PrintProgress>> {
    poller.stop();
    job.value = null;
    jobError.value = null;
    const outcome = await attempt(() => useApi().printReceipts(buildingId ? { period, buildingId } : { period }));
    if (outcome.ok) poller.follow(outcome.value);
    return outcome;
  }

  async function cancel(): Promise<Outcome<PrintProgress>> {
    const current = job.value;
    if (!current || isFinalPrint(current)) return { ok: false, error: { id: 'conflict', message: 'Печать уже закончилась', fields: {} } };
    return attempt(() => useApi().cancelPrint({ jobId: current.jobId }));
  }

  /** The newest billed month, where the screen opens (null: nothing billed yet). */
  async function latestPeriod(): Promise<string | null> {
    const outcome = await attempt(() => useApi().latestBilledPeriod({}));
    return outcome.ok ? outcome.value.period : null;
  }

  return {
    latestPeriod,
    buildings: readonly(buildings),
    job: readonly(job),
    jobError: readonly(jobError),
    buildingsError: buildingsLoader.error,
    loadBuildings: () => buildingsLoader.load(undefined),
    print,
    cancel,
    stopPolling: () => poller.stop(),
  };
});
