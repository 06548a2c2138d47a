// Receipts: one receipt PDF (data + render, median and p99 over 200 after a warm-up) and a bulk
// print of 5,000 receipts into one PDF file (pages/s, CPU per page, peak RSS), on each engine.
// Peak RSS counts the SQLite file's memory-mapped pages as they are read (db/connection.ts);
// the anonymous part (Linux) is the process's own memory: the one that must stay flat.
// Issue targets: one receipt ≤ 10 ms; bulk ≥ 500 pages/s with flat memory.
//   BENCH_RECEIPTS=5000   accounts in the bulk print
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createDb } from '../db/connection.ts';
import { migrateLatest } from '../db/migrations/index.ts';
import { addMonths, currentPeriod } from '../shared/period.ts';
import { getReceiptData, streamReceipts } from '../shared/receipts/data.ts';
import { renderReceiptPdf, writeReceiptsPdf } from '../shared/receipts/pdf.ts';
import type { BenchContext } from './context.ts';
import { emptyBenchDatabase, seedReceiptsBench } from './receipts-data.ts';
import { fmt, printHeading, printNote, printTable } from './report.ts';

const TARGET = { singleMs: 10, pagesPerSecond: 500 };
const SINGLE_RUNS = 200;
const WARMUP_RUNS = 30;

interface Row {
  engine: string;
  singleMedian: number;
  singleP99: number;
  renderMedian: number;
  bulkPages: number;
  bulkSeconds: number;
  rssStartMiB: number;
  rssPeakMiB: number;
  anonStartMiB: number | null;
  anonPeakMiB: number | null;
  /** Anonymous RSS after the first thousand pages, at the half and at the end: flat memory keeps these level. */
  anonAlongMiB: (number | null)[];
  /** The live heap right after a full collection at the same points: what a leak would grow. */
  liveAlongMiB: number[];
  cpuMsPerPage: number;
  fileMiB: number;
}

export async function benchReceipts(ctx: BenchContext): Promise<void> {
  const accounts = Number(process.env.BENCH_RECEIPTS) > 0 ? Number(process.env.BENCH_RECEIPTS) : 5_000;
  printHeading(`Receipts: one receipt PDF (${SINGLE_RUNS} runs), and a bulk print of ${fmt.int(accounts)} into one PDF`);
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const { engine, baseUrl } of ctx.engines) {
    const started = performance.now();
    const dir = await mkdtemp(join(tmpdir(), 'kkp-bench-receipts-'));
    const database = await emptyBenchDatabase(engine, baseUrl, dir);
    const db = createDb(database.url);
    try {
      await migrateLatest(db);
      const period = addMonths(currentPeriod(Date.now(), ctx.settings.timeZone), -1);
      const data = await seedReceiptsBench(db, accounts, period);
      notes.push(`${engine}: ${fmt.int(accounts)} accounts seeded in ${fmt.seconds(performance.now() - started)}`);

      // One receipt: what the site does for a download (data, then PDF).
      const ids = data.accountIds;
      for (let i = 0; i < WARMUP_RUNS; i++) await renderReceiptPdf(await getReceiptData(db, ids[i % ids.length] as number, period));
      const single: number[] = [];
      const render: number[] = [];
      for (let i = 0; i < SINGLE_RUNS; i++) {
        const t0 = performance.now();
        const receipt = await getReceiptData(db, ids[(i * 37) % ids.length] as number, period);
        const t1 = performance.now();
        await renderReceiptPdf(receipt);
        const t2 = performance.now();
        single.push(t2 - t0);
        render.push(t2 - t1);
      }

      // Bulk: every account of the period, streamed into one file.
      const path = join(dir, 'receipts.pdf');
      const rssStart = process.memoryUsage().rss;
      const anonStart = anonRss();
      let rssPeak = rssStart;
      let anonPeak = anonStart;
      const sample = () => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        const anon = anonRss();
        if (anon !== null && anonPeak !== null) anonPeak = Math.max(anonPeak, anon);
      };
      const sampler = setInterval(sample, 50);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const checkpoints = [Math.min(1_000, accounts), Math.max(1, Math.round(accounts / 2)), accounts];
      const along: (number | null)[] = [];
      const live: number[] = [];
      const onProgress = (done: number) => {
        if (checkpoints.includes(done) && along.length < checkpoints.length) {
          const anon = anonRss();
          along.push(anon === null ? null : anon / 2 ** 20);
          fullGc();
          live.push(process.memoryUsage().heapUsed / 2 ** 20);
        }
      };
      const pages = await writeReceiptsPdf(createWriteStream(path), streamReceipts(db, { period }), { onProgress });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      clearInterval(sampler);
      sample();
      rows.push({
        engine, singleMedian: quantile(single, 0.5), singleP99: quantile(single, 0.99), renderMedian: quantile(render, 0.5),
        bulkPages: pages, bulkSeconds: seconds, rssStartMiB: rssStart / 2 ** 20, rssPeakMiB: rssPeak / 2 ** 20,
        anonStartMiB: anonStart === null ? null : anonStart / 2 ** 20, anonPeakMiB: anonPeak === null ? null : anonPeak / 2 ** 20, anonAlongMiB: along, liveAlongMiB: live,
        cpuMsPerPage: (cpu.user + cpu.system) / 1000 / Math.max(1, pages),
        fileMiB: (await stat(path)).size / 2 ** 20,
      });
    } finally {
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
      await database.drop();
    }
  }
  printTable(
    [
      { title: 'engine' }, { title: 'one: p50 ms', align: 'right' }, { title: 'p99 ms', align: 'right' }, { title: 'render p50 ms', align: 'right' },
      { title: 'bulk pages', align: 'right' }, { title: 'pages/s', align: 'right' }, { title: 'CPU ms/page', align: 'right' },
      { title: 'RSS start→peak MiB', align: 'right' }, { title: 'anon RSS MiB', align: 'right' },
      { title: 'anon at 1k/half/end', align: 'right' }, { title: 'live heap at 1k/half/end', align: 'right' },
      { title: 'file MiB', align: 'right' }, { title: 'target met' },
    ],
    rows.map((r) => [
      r.engine, r.singleMedian.toFixed(1), r.singleP99.toFixed(1), r.renderMedian.toFixed(1), fmt.int(r.bulkPages),
      fmt.int(r.bulkPages / r.bulkSeconds), r.cpuMsPerPage.toFixed(2), `${Math.round(r.rssStartMiB)}→${Math.round(r.rssPeakMiB)}`,
      r.anonStartMiB === null || r.anonPeakMiB === null ? '—' : `${Math.round(r.anonStartMiB)}→${Math.round(r.anonPeakMiB)}`,
      r.anonAlongMiB.map((m) => (m === null ? '—' : String(Math.round(m)))).join('/'), r.liveAlongMiB.map((m) => String(Math.round(m))).join('/'),
      r.fileMiB.toFixed(1),
      r.singleMedian <= TARGET.singleMs && r.bulkPages / r.bulkSeconds >= TARGET.pagesPerSecond ? 'yes' : 'NO',
    ]),
  );
  printNote(`Target: one receipt (data + PDF) ≤ ${TARGET.singleMs} ms; bulk ≥ ${TARGET.pagesPerSecond} pages/s with flat memory.`);
  printNote('CPU ms/page: the whole process (reads, drawing, compression, GC), per bulk page.');
  printNote('Flat memory: anonymous RSS (heap and buffers, not the mapped database file) after 1,000 pages, at half and at the end of the print; it rises while V8 sizes its heap for the print, then stays level (BENCH_RECEIPTS=20000 for a longer print).');
  printNote('Live heap: the JavaScript heap in use right after a full collection at the same points (MiB): level when nothing is kept per page.');
  for (const note of notes) printNote(note);
}

// A full collection on demand, for the live-heap figure only (the bench process is not the product).
setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc') as () => void;

/** The process's anonymous resident memory (heap, buffers: not mapped files), where Linux tells it. */
function anonRss(): number | null {
  try {
    const kib = /^RssAnon:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
