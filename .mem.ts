import { Writable } from 'node:stream';
import { createDb } from './db/connection.ts';
import { streamReceipts } from './shared/receipts/data.ts';
import { writeReceiptsPdf } from './shared/receipts/pdf.ts';
const db = createDb(`sqlite:/tmp/rpdf/bench-${process.env.N ?? 5000}.sqlite`);
const out = new Writable({ write(_c, _e, cb) { cb(); } });
const gc = (globalThis as { gc?: () => void }).gc!;
await writeReceiptsPdf(out, streamReceipts(db, { period: '2026-10' }), { onProgress: (n) => {
  if (n % 1000 === 0) { gc(); const m = process.memoryUsage(); console.log(n, 'heap', Math.round(m.heapUsed / 2 ** 20), 'ext', Math.round(m.external / 2 ** 20), 'ab', Math.round(m.arrayBuffers / 2 ** 20), 'rss', Math.round(m.rss / 2 ** 20)); }
} });
await db.destroy();
