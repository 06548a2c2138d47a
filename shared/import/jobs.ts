// Imports started from the console run in the background of the process that serves the
// console (Electron main or the HTTP bridge); the screen polls their progress by job id and may
// cancel them. One import at a time per process: a second would only wait for the database.
import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../errors.ts';
import { runImport, type ImportDeps, type RunImportOptions } from './load.ts';
import type { ImportProgress, ImportResult } from './outcome.ts';
import type { RowProblem } from './rows.ts';

export interface ImportJobView {
  jobId: string;
  /** 'running' until the import ends, then its result's status. */
  status: 'running' | ImportResult['status'];
  dryRun: boolean;
  fileName: string;
  rowsRead: number;
  percent: number;
  phase: ImportProgress['phase'];
  /** Set when it has ended. */
  result: (Omit<ImportResult, 'problems'> & { problems: RowProblem[] }) | null;
}

interface Job {
  id: string;
  staffId: number;
  fileName: string;
  dryRun: boolean;
  controller: AbortController;
  progress: ImportProgress;
  result: ImportResult | null;
  done: Promise<void>;
}

const jobs = new Map<string, Job>();
const PROBLEMS_SHOWN = 100;

export function startImportJob(deps: ImportDeps, staffId: number, options: Omit<RunImportOptions, 'signal' | 'onProgress'>, onEnd?: () => void): string {
  for (const job of jobs.values()) if (!job.result) throw conflict('Уже идёт другая загрузка: дождитесь её окончания');
  const controller = new AbortController();
  const job: Job = {
    id: randomBytes(12).toString('hex'), staffId, fileName: options.fileName, dryRun: options.dryRun, controller, result: null,
    progress: { rowsRead: 0, bytesRead: 0, totalBytes: 0, percent: 0, phase: 'reading' }, done: Promise.resolve(),
  };
  job.done = runImport(deps, { ...options, signal: controller.signal, onProgress: (p) => (job.progress = p) })
    .then((result) => {
      job.result = result;
    }, (error: unknown) => {
      deps.logger?.error({ err: error }, 'import job failed');
      job.result = {
        importId: 0, kind: options.file.kind, status: 'failed', dryRun: options.dryRun, counts: { rows: job.progress.rowsRead, inserted: 0, replaced: 0, unchanged: 0, removed: 0, bad: 0 },
        problems: [], problemsTotal: 0, periods: [], error: 'Загрузка не выполнена из-за внутренней ошибки; данные не изменены', unknownValues: [], summary: [],
      };
    })
    .finally(() => onEnd?.());
  jobs.set(job.id, job);
  return job.id;
}

function jobOf(jobId: string, staffId: number): Job {
  const job = jobs.get(jobId);
  if (!job || job.staffId !== staffId) throw notFound('Загрузка не найдена');
  return job;
}

export function importJobView(jobId: string, staffId: number): ImportJobView {
  const job = jobOf(jobId, staffId);
  const r = job.result;
  return {
    jobId: job.id, status: r ? r.status : 'running', dryRun: job.dryRun, fileName: job.fileName, rowsRead: r ? r.counts.rows : job.progress.rowsRead,
    percent: r ? 100 : job.progress.percent, phase: job.progress.phase, result: r ? { ...r, problems: r.problems.slice(0, PROBLEMS_SHOWN) } : null,
  };
}

export function cancelImportJob(jobId: string, staffId: number): void {
  jobOf(jobId, staffId).controller.abort();
}

/** For tests and shutdown: waits for the job to end. */
export async function importJobDone(jobId: string): Promise<void> {
  await jobs.get(jobId)?.done;
}
