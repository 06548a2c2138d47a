import { createDb } from './db/connection.ts';
import { readingPages } from './shared/exchange/export/readings.ts';
import { exportReadings } from './shared/exchange/export/index.ts';
const db = createDb(process.argv[2]!);
await db.raw('select 1');
let t = performance.now(); let n = 0;
for await (const page of readingPages(db, '2026-11', 'Europe/Moscow')) n += page.length;
console.log('pages only', n, ((performance.now() - t) / 1000).toFixed(2));
for (const format of ['csv', 'xlsx'] as const) {
  t = performance.now();
  const r = await exportReadings({ db, timeZone: 'Europe/Moscow', now: Date.now }, { period: '2026-11', format, out: `/tmp/exp/r.${format}`, actor: { id: null, ip: 'x' } });
  console.log(format, r.rows, r.bytes, ((performance.now() - t) / 1000).toFixed(2));
}
console.log('maxrss MB', process.resourceUsage().maxRSS / 1024);
await db.destroy();
