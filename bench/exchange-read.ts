// How fast billing files are read: `npx tsx bench/exchange-read.ts [rows]` writes a charges CSV
// (windows-1251, «;», decimal comma, as 1C exports) and times reading it through
// openImportFile, through the bare parser, and through csv-parse for comparison; then XLSX and DBF.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { CsvParser, type CsvRecord } from '../shared/import/csv-parser.ts';
import { openImportFile } from '../shared/import/open.ts';
import { importRowSchemas } from '../shared/import/rows.ts';
import { chargeRows, writeChargesCsv, writeDbf, writeXlsx } from '../tests/support/billing-files.ts';
import { eachRecord } from '../shared/import/source.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = await mkdtemp(join(tmpdir(), 'kkp-bench-read-'));

async function timed(label: string, run: () => Promise<number>): Promise<void> {
  const started = performance.now();
  const count = await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(44)} ${count} rows in ${seconds.toFixed(2)} s = ${Math.round(count / seconds).toLocaleString('en')} rows/s`);
}

try {
  const csv = join(dir, 'charges.csv');
  await writeChargesCsv(csv, chargeRows(rows), { encoding: 'windows-1251', decimalComma: true });

  await timed('openImportFile (CSV cp1251)', async () => {
    const file = await openImportFile(csv);
    let n = 0;
    for await (const _ of eachRecord(file)) n++;
    return n;
  });
  await timed('openImportFile + zod schema (CSV cp1251)', async () => {
    const file = await openImportFile(csv);
    let n = 0;
    for await (const record of eachRecord(file)) if (importRowSchemas.charges.safeParse(record.cells).success) n++;
    return n;
  });
  await timed('CsvParser alone (decode + parse)', async () => {
    const parser = new CsvParser(';');
    const decoder = iconv.getDecoder('windows-1251');
    const out: CsvRecord[] = [];
    let n = 0;
    for await (const chunk of createReadStream(csv, { highWaterMark: 1 << 20 })) {
      parser.push(decoder.write(chunk as Buffer), out);
      n += out.length;
      out.length = 0;
    }
    parser.end(out);
    return n + out.length - 1;
  });
  await timed('csv-parse streaming (decode + parse)', async () => {
    let n = 0;
    const parser = createReadStream(csv, { highWaterMark: 1 << 20 })
      .pipe(iconv.decodeStream('windows-1251'))
      .pipe(parse({ delimiter: ';', relax_quotes: true, skip_empty_lines: true, info: true }));
    for await (const _ of parser) n++;
    return n - 1;
  });

  const small = Math.min(rows, 100_000);
  const xlsx = join(dir, 'charges.xlsx');
  await writeXlsx(xlsx, 'charges', chargeRows(small));
  await timed('openImportFile (XLSX)', async () => {
    let n = 0;
    for await (const _ of eachRecord(await openImportFile(xlsx))) n++;
    return n;
  });
  const dbf = join(dir, 'charges.dbf');
  await writeDbf(dbf, 'charges', chargeRows(small));
  await timed('openImportFile (DBF cp866)', async () => {
    let n = 0;
    for await (const _ of eachRecord(await openImportFile(dbf))) n++;
    return n;
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
