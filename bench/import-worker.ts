// One measured run for bench/import.ts, in a process of its own so its peak memory (maxRSS) is
// the import's alone:  tsx bench/import-worker.ts <raw|import> <database url> <csv file>
// Prints one JSON line: { rows, ms, maxRssBytes }.
import type { Knex } from 'knex';
import { createDb } from '../db/connection.ts';
import { openImportFile, sha256File } from '../shared/exchange/file-opener.ts';
import { runImport } from '../shared/exchange/load.ts';
import { BulkInserter, type BulkCell } from '../shared/exchange/write-bulk.ts';
import { REPLACE_TABLES } from '../shared/exchange/write-replace.ts';
import { accountNumberAt, chargeFigures } from '../tests/support/charges-file.ts';
import { BENCH_SHAPE } from './import-shape.ts';

const [mode, url, file] = process.argv.slice(2);
if ((mode !== 'raw' && mode !== 'import') || !url || !file) {
  console.error('usage: tsx bench/import-worker.ts <raw|import> <database url> <csv file>');
  process.exit(2);
}

const db = createDb(url, { poolMax: 2 });
try {
  const started = performance.now();
  const rows = mode === 'raw' ? await rawInsert(db) : await endToEnd(db, file);
  const ms = performance.now() - started;
  if (process.env.BENCH_MEMORY_DEBUG) console.error(process.memoryUsage());
  console.log(JSON.stringify({ rows, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
} finally {
  await db.destroy();
}

/** The same rows, already typed, straight into `charges` in one transaction: the engine's best. */
async function rawInsert(db: Knex): Promise<number> {
  const accounts = new Map<string, number>();
  for (const r of (await db('accounts').select('id', 'number')) as { id: number; number: string }[]) accounts.set(r.number, Number(r.id));
  const services = new Map<string, number>();
  for (const r of (await db('services').select('id', 'code')) as { id: number; code: string }[]) services.set(r.code, Number(r.id));
  const columns = REPLACE_TABLES.charges.columns;
  let i = 0;
  await db.transaction(async (trx) => {
    const inserter = new BulkInserter(trx);
    let batch: BulkCell[][] = [];
    for (const period of BENCH_SHAPE.periods) {
      for (let a = 0; a < BENCH_SHAPE.accounts; a++) {
        for (const service of BENCH_SHAPE.services) {
          const f = chargeFigures(i++);
          batch.push([accounts.get(accountNumberAt(a)) ?? null, period, services.get(service) ?? null, f.volume, null, f.tariff, f.charged, f.recalculation, null, 0, 0, f.total]);
          if (batch.length === 10_000) {
            await inserter.insert('charges', columns, batch);
            batch = [];
          }
        }
      }
    }
    await inserter.insert('charges', columns, batch);
    await inserter.close();
  });
  return i;
}

async function endToEnd(db: Knex, path: string): Promise<number> {
  const file = await openImportFile(path, { kind: 'charges' });
  const result = await runImport(
    { db, now: Date.now },
    { file, fileName: 'bench.csv', fileSha256: await sha256File(path), dryRun: false, actor: { staffId: null, name: 'bench', origin: 'bench' } },
  );
  if (result.status !== 'done') throw new Error(`import ${result.status}: ${result.error ?? JSON.stringify(result.problems.slice(0, 3))}`);
  return result.counts.rows;
}
