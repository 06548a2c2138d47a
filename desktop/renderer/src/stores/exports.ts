// Обмен с биллингом, the export half: readings of a period or card payments of a date range as
// a file the clerk downloads once from the bridge. The file made last is kept for its link.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { useApi } from '../api.ts';
import type { ExportFileOptions } from '../calls.ts';
import type { ExportFileView } from '../view-types.ts';
import { attempt, type Outcome } from './helpers.ts';

export type ExportWhat = { kind: 'readings'; period: string } | { kind: 'payments'; from: string; to: string };

export const useExportsStore = defineStore('exports', () => {
  const file = ref<(ExportFileView & { kind: ExportWhat['kind'] }) | null>(null);
  const busy = ref(false);

  async function make(what: ExportWhat, options: Required<ExportFileOptions>): Promise<Outcome<ExportFileView>> {
    busy.value = true;
    file.value = null;
    const outcome = await attempt(() =>
      what.kind === 'readings'
        ? useApi().exportReadings({ period: what.period, ...options })
        : useApi().exportPayments({ from: what.from, to: what.to, ...options }),
    );
    busy.value = false;
    if (outcome.ok) file.value = { ...outcome.value, kind: what.kind };
    return outcome;
  }

  return { file: readonly(file), busy: readonly(busy), make };
});
