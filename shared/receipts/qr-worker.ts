// The worker side of qr-ahead.ts: payment payloads in, each QR code's path (qr-path.ts) out.
import { parentPort } from 'node:worker_threads';
import { qrCode, type QrCode } from './qr-path.ts';

export interface QrRequest { id: number; payloads: (string | null)[] }
export interface QrReply { id: number; codes: (QrCode | null)[] }

parentPort?.on('message', ({ id, payloads }: QrRequest) => {
  const codes = payloads.map((p) => (p === null ? null : qrCode(p)));
  // Each path has a buffer of its own (qrPath copies it out): handed over, not copied.
  parentPort?.postMessage({ id, codes } satisfies QrReply, codes.flatMap((c) => (c ? [c.ops.buffer as ArrayBuffer] : [])));
});
