// QR codes for a bulk print, made on the print's second thread (print-thread.ts) ahead of the
// pages that show them, while the main thread draws the receipts before them. Receipts are read
// a batch ahead; without that thread the codes are made on this one, as each page is drawn.
import type { ReceiptData } from './data.ts';
import type { PrintThread } from './print-thread.ts';
import type { QrCode } from './qr-image.ts';

// Small enough that a batch of codes does not keep the same thread's page deflates waiting long;
// two batches ahead, so the thread's other work may delay a batch without the pages waiting.
const BATCH = 16;
const AHEAD = 2;

export interface WithQr { receipt: ReceiptData; qr: QrCode | null }

interface Batch { list: ReceiptData[]; codes: Promise<(QrCode | null)[]> }

/** The receipts with their QR codes made ahead on the thread (null: draw it here). */
export async function* withQrAhead(receipts: AsyncIterable<ReceiptData>, thread: PrintThread | null): AsyncGenerator<WithQr> {
  if (!thread) {
    for await (const receipt of receipts) yield { receipt, qr: null };
    return;
  }
  const source = receipts[Symbol.asyncIterator]();
  const batch = async (): Promise<Batch | null> => {
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
  // Batches are read one after another (each starts when the one before has its receipts).
  const ahead: Promise<Batch | null>[] = [batch()];
  const topUp = () => {
    while (ahead.length < AHEAD) {
      const last = ahead[ahead.length - 1] ?? Promise.resolve(null);
      const next = last.then((b) => (b ? batch() : null));
      next.catch(() => undefined);
      ahead.push(next);
    }
  };
  try {
    for (;;) {
      topUp();
      const current = await (ahead.shift() as Promise<Batch | null>);
      if (!current) break;
      topUp();
      const codes = await current.codes;
      for (let i = 0; i < current.list.length; i++) yield { receipt: current.list[i] as ReceiptData, qr: codes[i] ?? null };
    }
  } finally {
    await source.return?.();
  }
}
