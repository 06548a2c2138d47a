// Bulk printing of receipts in the background: one PDF of a period's receipts (all accounts or
// one building's) written under the exports folder as `<fileId>.pdf`, with progress to poll.
// Jobs live in this process's memory: a print takes seconds to a minute, and a restart just
// means printing again (a half-written file is removed when a job fails or is cancelled).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from '../logger.ts';
import type { PrintProgress } from '../console/views.ts';
import { notFound } from '../errors.ts';
import { formatPeriodRu, type Period } from '../period.ts';
import { countReceipts, streamReceipts } from './data.ts';
import { bulkReceiptsFileName } from './file-name.ts';
import { writeReceiptsPdf } from './pdf.ts';

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

export async function startPrintJob(db: Knex, request: PrintRequest, options: { dir: string; logger?: Logger }): Promise<PrintProgress> {
  const total = await countReceipts(db, request);
  if (total === 0) throw notFound(`За ${formatPeriodRu(request.period)} начислений нет — печатать нечего`);
  await mkdir(options.dir, { recursive: true });
  const jobId = randomBytes(12).toString('hex');
  const fileId = randomBytes(16).toString('hex');
  const path = join(options.dir, `${fileId}.pdf`);
  const progress: PrintProgress = {
    jobId, status: 'running', done: 0, total, percent: 0, fileId: null, path: null,
    fileName: bulkReceiptsFileName(request.period, request.buildingLabel ?? null), error: null,
  };
  const controller = new AbortController();
  const run = async () => {
    try {
      const out = createWriteStream(path);
      await writeReceiptsPdf(out, streamReceipts(db, request, { signal: controller.signal }), {
        signal: controller.signal,
        onProgress: (done) => {
          progress.done = done;
          progress.percent = Math.min(100, Math.floor((done / Math.max(total, done)) * 100));
        },
      });
      Object.assign(progress, { status: 'done', percent: 100, total: progress.done, fileId, path });
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
