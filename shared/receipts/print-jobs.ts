// Bulk printing of receipts in the background: one PDF of a period's receipts (all accounts or
// one building's) kept with the console's exports (shared/export/stored-files.ts), so
// the clerk who printed it downloads it like an export, with progress to poll.
// Jobs live in this process's memory: a print takes seconds to a minute, and a restart just
// means printing again (a half-written file is removed when a job fails or is cancelled).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { Logger } from '../logger.ts';
import { notFound } from '../errors.ts';
import { formatPeriodRu, type Period } from '../period.ts';
import { countReceipts, streamReceipts, type PayUrlFor } from './data.ts';
import { newExportFile } from '../export/stored-files.ts';
import { bulkReceiptsFileName } from './file-name.ts';
import { writeReceiptsPdf } from './pdf.ts';

export type PrintJobStatus = 'running' | 'done' | 'failed' | 'canceled';

/** A bulk print of receipts running in the background: poll getPrintProgress until not running. */
export interface PrintProgress {
  jobId: string;
  status: PrintJobStatus;
  done: number;
  total: number;
  /** 0–100, whole numbers. */
  percent: number;
  /** The PDF's id under var/exports once done (for a download route), its file name and path. */
  fileId: string | null;
  fileName: string;
  path: string | null;
  /** '/api/download/<fileId>' on the HTTP bridge once done, for the clerk who printed it. */
  downloadPath: string | null;
  /** Russian, when failed. */
  error: string | null;
}

interface Job {
  progress: PrintProgress;
  controller: AbortController;
  finished: Promise<void>;
}

const jobs = new Map<string, Job>();
// Finished jobs are forgotten after an hour; their files stay until the exports are cleaned.
const KEEP_FINISHED_MS = 60 * 60 * 1000;

export interface PrintRequest {
  period: Period;
  buildingId?: number | null;
  /** Shown in the file name when a building is chosen. */
  buildingLabel?: string | null;
}

export async function startPrintJob(
  db: Knex,
  request: PrintRequest,
  options: { dir: string; staffId: number; now: () => number; logger?: Logger; payUrl?: PayUrlFor },
): Promise<PrintProgress> {
  const total = await countReceipts(db, request);
  if (total === 0) throw notFound(`За ${formatPeriodRu(request.period)} начислений нет — печатать нечего`);
  const jobId = randomBytes(12).toString('hex');
  const file = await newExportFile(options.dir, 'pdf', options.now());
  const { fileId, path } = file;
  const fileName = bulkReceiptsFileName(request.period, request.buildingLabel ?? null);
  const progress: PrintProgress = {
    jobId, status: 'running', done: 0, total, percent: 0, fileId: null, path: null, downloadPath: null, fileName, error: null,
  };
  const controller = new AbortController();
  const run = async () => {
    try {
      const out = createWriteStream(path);
      await writeReceiptsPdf(out, streamReceipts(db, request, { signal: controller.signal, payUrl: options.payUrl }), {
        signal: controller.signal,
        onProgress: (done) => {
          progress.done = done;
          progress.percent = Math.min(100, Math.floor((done / Math.max(total, done)) * 100));
        },
      });
      await file.publish({
        staffId: options.staffId, createdAt: options.now(), rows: progress.done, bytes: (await stat(path)).size,
        names: { ascii: `receipts-${request.period}${request.buildingId ? `-${request.buildingId}` : ''}.pdf`, russian: fileName },
      });
      Object.assign(progress, { status: 'done', percent: 100, total: progress.done, fileId, path, downloadPath: `/api/download/${fileId}` });
    } catch (error) {
      const canceled = controller.signal.aborted;
      Object.assign(progress, { status: canceled ? 'canceled' : 'failed', error: canceled ? 'Печать отменена' : 'Не удалось напечатать квитанции' });
      if (!canceled) options.logger?.error({ err: error, jobId }, 'receipts print failed');
      await rm(path, { force: true });
    } finally {
      setTimeout(() => jobs.delete(jobId), KEEP_FINISHED_MS).unref();
    }
  };
  jobs.set(jobId, { progress, controller, finished: run() });
  return { ...progress };
}

export function printProgress(jobId: string): PrintProgress {
  const job = jobs.get(jobId);
  if (!job) throw notFound('Задание печати не найдено: возможно, программа перезапускалась');
  return { ...job.progress };
}

export function cancelPrintJob(jobId: string): PrintProgress {
  const job = jobs.get(jobId);
  if (!job) throw notFound('Задание печати не найдено');
  job.controller.abort();
  return { ...job.progress };
}

/** Resolves when the job has ended, whichever way (tests, shutdown). */
export async function printJobFinished(jobId: string): Promise<PrintProgress> {
  const job = jobs.get(jobId);
  if (!job) throw notFound('Задание печати не найдено');
  await job.finished;
  return { ...job.progress };
}
