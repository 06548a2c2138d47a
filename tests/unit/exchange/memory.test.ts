import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openImportFile } from '../../../shared/import/open.ts';
import { chargeRows, writeChargesCsv } from '../../support/billing-files.ts';
import { tempDir } from './helpers.ts';
import { eachRecord } from '../../../shared/import/source.ts';

const file = tempDir();

// A memory bound, not a timing: reading must not keep what it has read. 200,000 rows are ~25 MB
// of text and well over 100 MB as objects, so holding them would break the bound.
test('reading a 200,000-row CSV keeps the heap flat', async () => {
  await writeChargesCsv(file('big.csv'), chargeRows(200_000), { encoding: 'windows-1251', decimalComma: true });
  const opened = await openImportFile(file('big.csv'));
  // A collection before each sample, so the figure is what reading keeps, not garbage the
  // collector has not reached yet (that depends on the machine's load, not on the reader).
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  let count = 0;
  let peak = before;
  for await (const record of eachRecord(opened)) {
    count++;
    if (record.cells.account === '') assert.fail('empty account');
    if (count % 20_000 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  assert.equal(count, 200_000);
  const growth = (Math.max(peak, after) - before) / 1024 / 1024;
  assert.ok(growth < 50, `heap grew by ${growth.toFixed(1)} MB`);
});
