// Receipts as PDF files (pdfkit): one receipt in memory, or many into one file as a stream.
// pdfkit keeps the document's structure (pages, fonts with their subsets and ToUnicode maps,
// cross references); a page's content is drawn by receipt-page.ts through the page writer,
// with the parsed fonts and shaped strings shared by every document (fonts.ts, shaped.ts):
// that keeps a page to about a millisecond.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { fastCompression, poolDeflater, type Backlog, type Deflater } from './compression.ts';
import { registerReceiptFonts, trimFontCaches } from './fonts.ts';
import type { ReceiptData } from './data.ts';
import { PageWriter } from './page-writer.ts';
import { PrintThread } from './print-thread.ts';
import { withQrAhead } from './qr-ahead.ts';
import { M } from './pen.ts';
import { drawReceipt } from './receipt-page.ts';

// Pages of a bulk print waiting for their deflate (compression.ts) before the drawing waits too:
// enough to cover a batch of QR codes the same thread makes meanwhile (qr-ahead.ts).
const BACKLOG = 32;

function newDocument(background?: Deflater): { doc: PDFKit.PDFDocument; writer: PageWriter; backlog: Backlog | null } {
  const doc = new PDFDocument({
    size: 'A4', margin: M, font: '', autoFirstPage: false, compress: true,
    info: { Title: 'Платёжный документ', Creator: 'Личный кабинет абонента' },
  });
  const backlog = fastCompression(doc, { background });
  return { doc, writer: new PageWriter(doc, registerReceiptFonts(doc)), backlog };
}

let rendered = 0;

/** One receipt as a PDF file in memory. */
export async function renderReceiptPdf(data: ReceiptData): Promise<Buffer> {
  if (++rendered % 100 === 0) trimFontCaches();
  const { doc, writer } = newDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(doc, 'end');
  drawReceipt(writer, data);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

export interface BulkOptions {
  /** Called after each receipt with the number done so far. */
  onProgress?: (done: number) => void;
  signal?: AbortSignal;
}

/**
 * Many receipts as ONE PDF, a page (rarely two) per receipt, written to `out` as it goes:
 * finished pages leave memory at once, and a slow reader holds the writer back.
 * Resolves with the number of receipts once `out` has everything.
 */
export async function writeReceiptsPdf(out: Writable, receipts: AsyncIterable<ReceiptData>, options: BulkOptions = {}): Promise<number> {
  const thread = await PrintThread.start();
  const { doc, writer, backlog } = newDocument(thread?.deflate ?? poolDeflater);
  doc.pipe(out);
  // A failed deflate ends the document with its error: the file is then incomplete.
  doc.once('error', (error: Error) => out.destroy(error));
  const finished = once(out, 'finish');
  // Awaited below; a failure before then is the loop's to report, not an unhandled rejection.
  finished.catch(() => undefined);
  let done = 0;
  try {
    for await (const { receipt, qr } of withQrAhead(receipts, thread)) {
      options.signal?.throwIfAborted();
      drawReceipt(writer, receipt, qr);
      done += 1;
      options.onProgress?.(done);
      if (done % 100 === 0) trimFontCaches();
      if (backlog && backlog.size > BACKLOG) await backlog.below(BACKLOG / 2);
      if (out.writableNeedDrain) await once(out, 'drain');
      // Let timers and I/O (a progress poll, the HTTP bridge) in now and then.
      if (done % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (done === 0) doc.addPage();
    doc.end();
    await finished;
  } catch (error) {
    doc.unpipe(out);
    out.destroy(error as Error);
    throw error;
  } finally {
    await thread?.stop();
  }
  return done;
}
