import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256File } from '../../../shared/import/hash.ts';
import { chargeRows, writeChargesCsv } from '../../support/billing-files.ts';
import { tempDir } from './helpers.ts';

const file = tempDir();

test('sha256File streams a multi-megabyte file to the same digest as hashing it whole', async () => {
  await writeChargesCsv(file('a.csv'), chargeRows(30_000));
  await writeChargesCsv(file('b.csv'), chargeRows(30_000, { period: '2026-12' }));
  const whole = createHash('sha256').update(readFileSync(file('a.csv'))).digest('hex');
  assert.equal(await sha256File(file('a.csv')), whole);
  assert.notEqual(await sha256File(file('b.csv')), whole);
});
