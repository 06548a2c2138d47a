// A bulk print's second thread: it makes the QR codes ahead of the pages that show them
// (qr-ahead.ts) and deflates the finished pages (compression.ts), so the main thread only
// draws. A code is a fifth of a page's work and a page's deflate another tenth; the main thread
// hands both over and goes on. Where no worker can start (a bundle without the worker's file),
// both are done on this side: the codes on the main thread, the deflate in zlib's thread pool.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PrintReply, PrintRequest } from './print-worker.ts';
import type { QrCode } from './qr-image.ts';

/**
 * The worker: its module beside this one, as .js in a bundle; from the sources (tsx), a worker
 * thread does not inherit tsx's loader on Node 20, so it registers it before importing the .ts.
 */
function startWorker(url: URL): Worker | null {
  const sources = url.pathname.endsWith('.ts');
  if (!existsSync(fileURLToPath(url))) return null;
  if (!sources) return new Worker(url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true });
}

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './print-worker.ts' : './print-worker.js', import.meta.url);

type Waiting = { resolve(reply: PrintReply): void; reject(error: Error): void };

export class PrintThread {
  private next = 0;
  private waiting = new Map<number, Waiting>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: PrintReply) => {
      this.waiting.get(reply.id)?.resolve(reply);
      this.waiting.delete(reply.id);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`Receipt print worker stopped (${code})`)));
  }

  /**
   * A new thread once its module has loaded, or null where it is not there or fails to load
   * (say, a packaged app whose archive a worker cannot read): the print then does without.
   */
  static async start(url = WORKER_URL): Promise<PrintThread | null> {
    const worker = startWorker(url);
    if (!worker) return null;
    const ready = await new Promise<boolean>((resolve) => {
      const onMessage = (message: unknown) => done((message as { ready?: boolean }).ready === true);
      const onFailure = () => done(false);
      // Only these: a Worker keeps listeners of its own that must stay.
      const done = (ok: boolean) => {
        worker.off('message', onMessage).off('error', onFailure).off('exit', onFailure);
        resolve(ok);
      };
      worker.once('message', onMessage).once('error', onFailure).once('exit', onFailure);
    });
    if (ready) return new PrintThread(worker);
    await worker.terminate();
    return null;
  }

  /** Each payload's QR code (null for null). */
  async codes(payloads: (string | null)[]): Promise<(QrCode | null)[]> {
    const reply = await this.ask((id) => ({ id, payloads }), []);
    if (!('codes' in reply)) throw new Error('Receipt print worker: QR codes expected');
    return reply.codes;
  }

  /**
   * The bytes deflated at the page level. With `owned` (nothing else holds them) and a buffer
   * of their own, they are handed over rather than copied.
   */
  readonly deflate = async (bytes: Uint8Array, owned: boolean): Promise<Buffer> => {
    const own = owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const reply = await this.ask((id) => ({ id, deflate: bytes }), own ? [bytes.buffer as ArrayBuffer] : []);
    if (!('deflated' in reply)) throw new Error('Receipt print worker: deflated bytes expected');
    return Buffer.from(reply.deflated.buffer, reply.deflated.byteOffset, reply.deflated.byteLength);
  };

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private ask(request: (id: number) => PrintRequest, transfer: ArrayBuffer[]): Promise<PrintReply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage(request(id), transfer);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}
