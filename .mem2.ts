import { createDb } from './db/connection.ts';
import { streamReceipts } from './shared/receipts/data.ts';
const db = createDb(`sqlite:/tmp/rpdf/bench-${process.env.N ?? 5000}.sqlite`);
const gc = (globalThis as { gc?: () => void }).gc!;
let n = 0;
for await (const _ of streamReceipts(db, { period: '2026-10' })) if (++n % 4000 === 0) { gc(); const m = process.memoryUsage(); console.log(n, 'heap', Math.round(m.heapUsed / 2 ** 20), 'rss', Math.round(m.rss / 2 ** 20)); }
await db.destroy();
