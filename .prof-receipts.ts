// scratch: not committed
import { createWriteStream, existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createDb } from './db/connection.ts';
import { migrateLatest } from './db/migrations/index.ts';
import { getReceiptData, streamReceipts } from './shared/receipts/data.ts';
import { renderReceiptPdf, writeReceiptsPdf } from './shared/receipts/pdf.ts';
import { seedReceiptsBench } from './bench/receipts-data.ts';

const N = Number(process.env.N ?? 5000);
const file = `/tmp/rpdf/bench-${N}.sqlite`;
const fresh = !existsSync(file);
const db = createDb(`sqlite:${file}`);
const period = '2026-10';
if (fresh) { await migrateLatest(db); await seedReceiptsBench(db, N, period); }
const ids: number[] = await db('accounts').orderBy('number').pluck('id');
const what = process.env.WHAT ?? 'all';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
if (what === 'all' || what === 'single') {
  const datas = [] as Awaited<ReturnType<typeof getReceiptData>>[];
  for (let i = 0; i < 50; i++) datas.push(await getReceiptData(db, ids[(i * 37) % ids.length]!, period));
  for (let i = 0; i < 30; i++) await renderReceiptPdf(datas[i % 50]!);
  let c0 = cpu(); let t0 = performance.now();
  for (let i = 0; i < 300; i++) await getReceiptData(db, ids[(i * 37) % ids.length]!, period);
  console.log(`data: cpu ${((cpu() - c0) / 300).toFixed(2)} ms, wall ${((performance.now() - t0) / 300).toFixed(2)} ms`);
  c0 = cpu(); t0 = performance.now();
  const walls: number[] = [];
  for (let i = 0; i < 300; i++) { const a = performance.now(); await renderReceiptPdf(datas[i % 50]!); walls.push(performance.now() - a); }
  walls.sort((a, b) => a - b);
  console.log(`render: cpu ${((cpu() - c0) / 300).toFixed(2)} ms, wall mean ${((performance.now() - t0) / 300).toFixed(2)} p50 ${walls[150]!.toFixed(2)} ms`);
}
if (what === 'all' || what === 'stream') {
  const c0 = cpu(); const t0 = performance.now(); let n = 0;
  for await (const _ of streamReceipts(db, { period })) n++;
  console.log(`stream data only: ${n} receipts, cpu ${((cpu() - c0) / n).toFixed(2)} ms/rcpt, wall ${((performance.now() - t0) / n).toFixed(2)} ms`);
}
if (what === 'all' || what === 'bulk') {
  const out = process.env.OUT ? createWriteStream(process.env.OUT) : new Writable({ write(_c, _e, cb) { cb(); } });
  const rss0 = process.memoryUsage().rss; let peak = rss0;
  const s = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const c0 = cpu(); const t0 = performance.now();
  const n = await writeReceiptsPdf(out, streamReceipts(db, { period }));
  clearInterval(s);
  const wall = performance.now() - t0;
  console.log(`bulk: ${n} pages, cpu ${((cpu() - c0) / n).toFixed(2)} ms/page, wall ${(wall / n).toFixed(2)} ms/page = ${Math.round(n / wall * 1000)} pages/s, rss ${Math.round(rss0 / 2 ** 20)}→${Math.round(peak / 2 ** 20)} MiB`);
}
await db.destroy();
