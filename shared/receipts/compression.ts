// Stream compression for receipts. pdfkit deflates every stream at zlib's default level 6;
// a receipt page's operators compress nearly as well at level 1 in a fraction of the time.
// The font subset (the same bytes in nearly every document, fonts.ts) is deflated once, at the
// default level, and the result reused. pdfkit's deflate is not configurable, so each stream
// object is compressed here just before pdfkit writes it, and marked as already compressed.
//
// In a bulk print a page's operators are deflated on another thread (the print's worker,
// print-thread.ts, or else libuv's thread pool) while the next page is drawn: the object is
// written when its bytes come back. pdfkit allows that (it counts the objects not yet written
// and finishes the file after the last one; the cross-reference table takes each object's
// offset wherever it landed). Objects come back in the order they were
// sent, so two runs over the same data write the same streams in the same order.
import { deflate, deflateSync } from 'node:zlib';

interface StreamRef {
  compress: boolean;
  buffer: Uint8Array[];
  data: Record<string, unknown>;
  finalize(): void;
}

/** zlib's level for page streams (above). */
export const PAGE_LEVEL = 1;
const deflatedOnce = new WeakMap<Uint8Array, Buffer | null>();

/** Bytes that many documents embed (a font subset): deflated once, at the default level. */
export function markShared(bytes: Uint8Array): void {
  if (!deflatedOnce.has(bytes)) deflatedOnce.set(bytes, null);
}

/** Streams being deflated off the main thread, in the order they are to be written. */
export interface Backlog {
  readonly size: number;
  /** Resolves once at most `size` streams are waiting (at once when already so). */
  below(size: number): Promise<void>;
}

/**
 * Deflates a page's bytes elsewhere. `owned`: nothing else holds these bytes, so they may be
 * handed over to another thread rather than copied.
 */
export type Deflater = (bytes: Uint8Array, owned: boolean) => Promise<Buffer>;

/** zlib's thread pool. */
export const poolDeflater: Deflater = (bytes) => new Promise((resolve, reject) => {
  deflate(bytes, { level: PAGE_LEVEL }, (error, out) => (error ? reject(error) : resolve(out)));
});

interface Pending {
  written: boolean;
  out: Buffer | null;
  write(out: Buffer): void;
}

class DeflateQueue implements Backlog {
  private queue: Pending[] = [];
  private head = 0;
  private waiter: { size: number; resolve(): void } | null = null;

  constructor(private readonly deflater: Deflater, private readonly fail: (error: Error) => void) {}

  get size(): number {
    return this.queue.length - this.head;
  }

  push(input: Uint8Array, owned: boolean, write: (out: Buffer) => void): void {
    const entry: Pending = { written: false, out: null, write };
    this.queue.push(entry);
    this.deflater(input, owned).then((out) => {
      entry.out = out;
      this.drain();
    }, (error: Error) => this.fail(error));
  }

  below(size: number): Promise<void> {
    if (this.size <= size) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = { size, resolve };
    });
  }

  private drain(): void {
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head] as Pending;
      if (!entry.out) break;
      this.head += 1;
      entry.write(entry.out);
    }
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.waiter && this.size <= this.waiter.size) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve();
    }
  }
}

/**
 * Level-1 page streams and shared font bytes deflated once. With `background`, page streams
 * are deflated by it, off this thread; the returned backlog lets the caller hold back while many wait.
 */
export function fastCompression(doc: PDFKit.PDFDocument, options: { background?: Deflater } = {}): Backlog | null {
  const d = doc as unknown as { ref(data?: unknown): StreamRef; destroy(error?: Error): void };
  const queue = options.background ? new DeflateQueue(options.background, (error) => d.destroy(error)) : null;
  const ref = d.ref.bind(doc);
  d.ref = (data?: unknown) => {
    const r = ref(data);
    if (r.compress !== true || !Array.isArray(r.buffer) || typeof r.finalize !== 'function' || !r.data) return r;
    const own = r.finalize;
    // Once written, the object goes back to pdfkit's own method: a page's dictionary stays in
    // the page list to the end of the file, and these closures need not stay with it.
    const finalize = () => {
      r.finalize = own;
      own.call(r);
    };
    const write = (out: Buffer) => {
      r.buffer = [out];
      r.compress = false;
      r.data.Filter = 'FlateDecode';
      finalize();
    };
    r.finalize = () => {
      // Nothing to deflate, or the caller turned compression off for this object after making it.
      if (r.buffer.length === 0 || !r.compress) finalize();
      // Bytes this module joined are its own; a single chunk may be someone else's too.
      else if (queue && !shared(r.buffer)) queue.push(joined(r.buffer), r.buffer.length > 1, write);
      else write(deflated(r.buffer));
    };
    return r;
  };
  return queue;
}

function joined(chunks: Uint8Array[]): Uint8Array {
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

function shared(chunks: Uint8Array[]): boolean {
  return chunks.length === 1 && deflatedOnce.has(chunks[0] as Uint8Array);
}

function deflated(chunks: Uint8Array[]): Buffer {
  const only = chunks.length === 1 ? (chunks[0] as Uint8Array) : null;
  if (only && deflatedOnce.has(only)) {
    const hit = deflatedOnce.get(only);
    if (hit) return hit;
    const out = deflateSync(only);
    deflatedOnce.set(only, out);
    return out;
  }
  return deflateSync(joined(chunks), { level: PAGE_LEVEL });
}
