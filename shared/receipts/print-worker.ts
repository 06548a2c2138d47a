// The worker side of print-thread.ts: payment payloads in, each QR code's bits (qr-image.ts) out;
// a page's operators in, deflated (compression.ts) out. Requests are answered in the order they came.
import { parentPort } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';
import { PAGE_LEVEL } from './compression.ts';
import { qrCode, type QrCode } from './qr-image.ts';

export type PrintRequest = { id: number; payloads: (string | null)[] } | { id: number; deflate: Uint8Array };
export type PrintReply = { id: number; codes: (QrCode | null)[] } | { id: number; deflated: Uint8Array };

parentPort?.on('message', (request: PrintRequest) => {
  if ('deflate' in request) {
    // Copied out into a buffer of its own, which is then handed over: zlib's output may sit in
    // a larger or pooled buffer that this thread goes on using.
    const out = new Uint8Array(deflateSync(request.deflate, { level: PAGE_LEVEL }));
    parentPort?.postMessage({ id: request.id, deflated: out } satisfies PrintReply, [out.buffer]);
    return;
  }
  const codes = request.payloads.map((p) => (p === null ? null : qrCode(p)));
  // Each code's bits have a buffer of their own: handed over, not copied.
  parentPort?.postMessage({ id: request.id, codes } satisfies PrintReply, codes.flatMap((c) => (c ? [c.bits.buffer as ArrayBuffer] : [])));
});

// Loaded: print-thread.ts waits for this before handing any work over.
parentPort?.postMessage({ ready: true });
