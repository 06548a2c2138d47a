// Обмен с биллингом, the import half: the clerk uploads a file, sees its first rows checked,
// runs the import (or a dry run) and follows it to the end; the history lists past imports and
// undoes the latest. Progress is polled every second until the job reaches a final status.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { useApi } from '../api.ts';
import type { ImportSource, RunConfirmations } from '../calls.ts';
import type { ImportJobView, ImportKind, ImportMappingOption, ImportPreview, ImportSummary } from '../view-types.ts';
import { attempt, createLoader, reportError, type Outcome } from './helpers.ts';
import { createJobPoller } from './polling.ts';
import type { UiError } from '../errors.ts';

export const IMPORT_POLL_MS = 1000;

export const isFinalImport = (job: ImportJobView): boolean => job.status !== 'running';

export const useImportsStore = defineStore('imports', () => {
  const history = ref<ImportSummary[]>([]);
  const mappings = ref<ImportMappingOption[]>([]);
  /** The uploaded file and what it is read as. */
  const source = ref<(ImportSource & { fileName: string }) | null>(null);
  const preview = ref<ImportPreview | null>(null);
  const job = ref<ImportJobView | null>(null);
  const jobError = ref<UiError | null>(null);
  /** New services and removals the clerk confirmed for the file chosen. */
  const confirmations = ref<RunConfirmations>({});
  /** A file on its way to the server: how far it got (the desktop console reports it). */
  const upload = ref<{ name: string; sent: number; total: number } | null>(null);
  let uploading: AbortController | null = null;

  const historyLoader = createLoader(
    () => useApi().listImports({ limit: 20 }),
    (value) => {
      history.value = value;
    },
  );
  const mappingsLoader = createLoader(
    () => useApi().listImportMappings({}),
    (value) => {
      mappings.value = value;
    },
  );

  const poller = createJobPoller<ImportJobView>({
    fetch: (current) => useApi().getImportProgress({ jobId: current.jobId }),
    isFinal: isFinalImport,
    apply(value) {
      // A small file may already be finished when the run is first reported: reload the history
      // once per job, whenever it is first seen finished.
      const seenFinished = job.value?.jobId === value.jobId && isFinalImport(job.value);
      job.value = value;
      if (isFinalImport(value) && !seenFinished) void historyLoader.load(undefined);
    },
    onError(error) {
      jobError.value = reportError(error);
    },
    ms: IMPORT_POLL_MS,
  });

  function clear(): void {
    poller.stop();
    source.value = null;
    preview.value = null;
    job.value = null;
    jobError.value = null;
    confirmations.value = {};
  }

  /** Uploads the chosen file and reads its first rows as `kind`. */
  async function choose(file: Blob, fileName: string, kind: ImportKind, mapping: string): Promise<Outcome<ImportPreview>> {
    clear();
    uploading?.abort();
    const controller = (uploading = new AbortController());
    upload.value = { name: fileName, sent: 0, total: file.size };
    const uploaded = await attempt(() =>
      useApi().uploadFile({ file, name: fileName, signal: controller.signal, onProgress: (sent, total) => (upload.value = { name: fileName, sent, total }) }),
    );
    if (uploading === controller) {
      uploading = null;
      upload.value = null;
    }
    if (!uploaded.ok) return uploaded;
    return previewUploaded(uploaded.value.fileId, fileName, kind, mapping);
  }

  /** Stops the file on its way to the server; `choose` then answers «отменена». */
  function cancelUpload(): void {
    uploading?.abort();
  }

  /** Reads the first rows of a file already uploaded (the one a new source was just made from). */
  async function previewUploaded(fileId: string, fileName: string, kind: ImportKind, mapping: string): Promise<Outcome<ImportPreview>> {
    clear();
    const chosen: ImportSource = { fileId, kind, ...(mapping ? { mapping } : {}) };
    const outcome = await attempt(() => useApi().previewImport(chosen));
    if (outcome.ok) {
      source.value = { ...chosen, fileName };
      preview.value = outcome.value;
    }
    return outcome;
  }

  /**
   * Runs the file (or tries it). `confirm` is what the clerk confirmed after reading a dry run:
   * it is kept for the runs of this file that follow, until another file is chosen.
   */
  async function run(dryRun: boolean, confirm?: RunConfirmations): Promise<Outcome<ImportJobView>> {
    if (!source.value) return { ok: false, error: { id: 'validation', message: 'Сначала выберите файл', fields: {} } };
    const { fileId, kind, mapping } = source.value;
    if (confirm) confirmations.value = { ...confirmations.value, ...confirm };
    const { confirmNewServices, confirmRemovals } = confirmations.value;
    jobError.value = null;
    const outcome = await attempt(() =>
      useApi().startImport({
        fileId, kind, ...(mapping ? { mapping } : {}), dryRun,
        ...(confirmNewServices?.length ? { confirmNewServices: [...confirmNewServices] } : {}),
        ...(confirmRemovals ? { confirmRemovals: true } : {}),
      }),
    );
    if (outcome.ok) poller.follow(outcome.value);
    return outcome;
  }

  /** Reads the first rows again (the source's dictionary changed); the run shown stays. */
  async function refreshPreview(): Promise<Outcome<ImportPreview>> {
    const current = source.value;
    if (!current) return { ok: false, error: { id: 'validation', message: 'Сначала выберите файл', fields: {} } };
    const { fileName: _fileName, ...chosen } = current;
    const outcome = await attempt(() => useApi().previewImport(chosen));
    if (outcome.ok && source.value === current) preview.value = outcome.value;
    return outcome;
  }

  async function cancel(): Promise<Outcome<ImportJobView>> {
    const current = job.value;
    if (!current || isFinalImport(current)) return { ok: false, error: { id: 'conflict', message: 'Загрузка уже закончилась', fields: {} } };
    const outcome = await attempt(() => useApi().cancelImport({ jobId: current.jobId }));
    // The job stops at its next step; polling shows when it has.
    if (outcome.ok && isFinalImport(outcome.value)) poller.follow(outcome.value);
    return outcome;
  }

  async function undo(importId: number): Promise<Outcome<ImportSummary>> {
    const outcome = await attempt(() => useApi().undoImport({ importId }));
    if (outcome.ok) await historyLoader.load(undefined);
    return outcome;
  }

  return {
    history: readonly(history),
    mappings: readonly(mappings),
    source: readonly(source),
    preview: readonly(preview),
    job: readonly(job),
    jobError: readonly(jobError),
    confirmations: readonly(confirmations),
    upload: readonly(upload),
    cancelUpload,
    historyLoading: historyLoader.showLoading,
    historyError: historyLoader.error,
    mappingsError: mappingsLoader.error,
    loadHistory: () => historyLoader.load(undefined),
    loadMappings: () => mappingsLoader.load(undefined),
    choose,
    previewUploaded,
    refreshPreview,
    run,
    cancel,
    undo,
    /** Stops following the job (the screen was left); the job itself runs on. */
    stopPolling: () => poller.stop(),
  };
});
