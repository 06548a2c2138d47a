// A file the server makes on request (a list's export, a reissued receipt), then offered with
// DownloadLink: one at a time, the last one kept, a failure said in words.
import { ref } from 'vue';
import { toUiError } from './errors.ts';
import type { ExportFileView } from './view-types.ts';

export function useFileMaking() {
  const busy = ref(false);
  const file = ref<ExportFileView | null>(null);
  const error = ref('');
  async function make(run: () => Promise<ExportFileView>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    file.value = null;
    error.value = '';
    try {
      file.value = await run();
    } catch (failure) {
      error.value = toUiError(failure).message;
    } finally {
      busy.value = false;
    }
  }
  return { busy, file, error, make };
}
