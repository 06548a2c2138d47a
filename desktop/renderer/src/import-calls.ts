// The import screen's calls on top of the billing-import commands (shared/console/commands/
// exchange.ts): the commands answer a job id and a nested result; the screen reads one flat job
// view, a preview that may carry the file's problem, and an optional list of saved mappings.
import type { ConsoleApi } from '../../../shared/console/api.ts';
import { ConsoleError } from '../../../shared/console/client.ts';
import type { ImportCalls } from './calls.ts';
import type { ImportJobView, ImportPreview } from './view-types.ts';

type RealJob = Awaited<ReturnType<ConsoleApi['getImportProgress']>>;

const noCounts = (rows: number) => ({ rows, inserted: 0, replaced: 0, unchanged: 0, removed: 0, bad: 0 });

export function jobViewOf(job: RealJob): ImportJobView {
  const r = job.result;
  return {
    jobId: job.jobId,
    status: job.status,
    dryRun: job.dryRun,
    rowsRead: job.rowsRead,
    percent: job.percent,
    counts: r?.counts ?? noCounts(job.rowsRead),
    problems: r?.problems ?? [],
    problemsTotal: r?.problemsTotal ?? 0,
    error: r?.error ?? null,
    importId: r?.importId ?? null,
    unknownValues: r?.unknownValues ?? [],
    summary: r?.summary ?? [],
  };
}

/** The saved mapping the clerk picked, by name: the server reads it from the company's folder. */
const named = (mapping: string | undefined) => (mapping ? { mappingName: mapping } : {});

export function importCalls(api: ConsoleApi): ImportCalls {
  return {
    listImports: (input) => api.listImports(input),
    // Files an administrator keeps in IMPORT_MAPPINGS_DIR; the clerk picks one by name.
    listImportMappings: () => api.listImportMappings({}),
    async previewImport(input): Promise<ImportPreview> {
      try {
        const preview = await api.previewImport({ fileId: input.fileId, kind: input.kind, ...named(input.mapping) });
        return {
          format: preview.format as ImportPreview['format'], encoding: preview.encoding, columns: preview.columns, rows: preview.rows, fileError: null,
          warnings: preview.warnings ?? [], unknownValues: preview.unknownValues ?? [],
        };
      } catch (error) {
        // A file that cannot be read as this kind is shown in the preview, not as a failure.
        if (error instanceof ConsoleError && error.id === 'validation') return { format: 'csv', encoding: null, columns: [], rows: [], fileError: error.message, warnings: [], unknownValues: [] };
        throw error;
      }
    },
    async startImport(input) {
      const { jobId } = await api.startImport({
        fileId: input.fileId, kind: input.kind, dryRun: input.dryRun, ...named(input.mapping),
        ...(input.confirmNewServices?.length ? { confirmNewServices: input.confirmNewServices } : {}),
        ...(input.confirmRemovals ? { confirmRemovals: true } : {}),
      });
      return jobViewOf(await api.getImportProgress({ jobId }));
    },
    getImportProgress: async (input) => jobViewOf(await api.getImportProgress(input)),
    async cancelImport(input) {
      await api.cancelImport(input);
      return jobViewOf(await api.getImportProgress(input));
    },
    undoImport: (input) => api.undoImport(input),
  };
}
