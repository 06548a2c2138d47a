// QR codes for a bulk print, made on a second thread ahead of the pages that show them. A code
// (qrcode's encoder, then the path) is a fifth of a page's drawing; in a worker it is made while
// the main thread draws the receipts before it. Receipts are read a batch ahead; where no
// worker can start (a bundle without the worker's file), the codes are made on this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReceiptData } from './data.ts';
import type { QrCode } from './qr-path.ts';
import type { QrReply, QrRequest } from './qr-worker.ts';

const BATCH = 32;

export interface WithQr { receipt: ReceiptData; qr: QrCode | null }

/**
 * The worker: its module beside this one, as .js in a bundle; from the sources (tsx), a worker
 * thread does not inherit tsx's loader on Node 20, so it registers it before importing the .ts.
 */
function startWorker(): Worker | null {
  const sources = import.meta.url.endsWith('.ts');
  const url = new URL(sources ? './qr-worker.ts' : './qr-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  if (!sources) return new Worker(url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true });
}

class QrThread {
  private next = 0;
  private waiting = new Map<number, { resolve(codes: (QrCode | null)[]): void; reject(error: Error): void }>();
  private failure: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.on('message', ({ id, codes }: QrReply) => {
      this.waiting.get(id)?.resolve(codes);
      this.waiting.delete(id);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`QR worker stopped (${code})`)));
  }

  codes(payloads: (string | null)[]): Promise<(QrCode | null)[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, payloads } satisfies QrRequest);
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}

/**
 * The receipts with their QR codes made ahead on a worker thread (null: draw it here). Reading
 * runs one batch ahead of the caller; the worker ends with the iteration.
 */
export async function* withQrAhead(receipts: AsyncIterable<ReceiptData>): AsyncGenerator<WithQr> {
  const worker = startWorker();
  if (!worker) {
    for await (const receipt of receipts) yield { receipt, qr: null };
    return;
  }
  const thread = new QrThread(worker);
  const source = receipts[Symbol.asyncIterator]();
  const batch = async (): Promise<{ list: ReceiptData[]; codes: Promise<(QrCode | null)[]> } | null> => {
    const list: ReceiptData[] = [];
    while (list.length < BATCH) {
      const step = await source.next();
      if (step.done) break;
      list.push(step.value);
    }
    if (list.length === 0) return null;
    const codes = thread.codes(list.map((r) => ('payload' in r.qr ? r.qr.payload : null)));
    // Awaited when its turn comes; a worker failure meanwhile is reported then.
    codes.catch(() => undefined);
    return { list, codes };
  };
  try {
    let current = await batch();
    while (current) {
      const following = batch();
      following.catch(() => undefined);
      const codes = await current.codes;
      for (let i = 0; i < current.list.length; i++) yield { receipt: current.list[i] as ReceiptData, qr: codes[i] ?? null };
      current = await following;
    }
  } finally {
    await thread.stop();
    await source.return?.();
  }
}
