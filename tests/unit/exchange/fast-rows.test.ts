// The loader's fast row parsers agree with the zod schemas: over many generated rows of every
// kind (valid cells, blanks, spaces, wrong numbers, absent columns) a fast parser accepts a row
// exactly when zod does, and builds the same typed row. The import relies on this to skip zod
// for plainly valid rows while zod still gives every message.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fastRowParser } from '../../../shared/import/fast-rows.ts';
import { canonicalColumns, IMPORT_KINDS, importRowSchemas } from '../../../shared/import/rows.ts';

// Cells a billing file may hold, good and bad, for every type of column.
const CELLS: Record<string, (string | undefined)[]> = {
  account: ['00010001', ' 1234 ', '123', '1234567890123456789012', 'A1234', '', undefined],
  period: ['11.2026', '2026-11', '2026.1', '1/2026', '13.2026', '1999-12', '2101-01', 'ноябрь', '', ' 11.2026 ', undefined],
  date: ['05.11.2026', '2026-11-05', '2026-11-05 10:30', '31.02.2026', '5.1.2026', '2026/11/05', '', undefined],
  money: ['1 234,56', '0', '-0', '1234.5', '-15,50', '+3', '1,234', '1,2300', '12,30', '12,', ',5', '-', 'сто', '', ' ', '1e3', '007,10',
    '999999999999999', '9999999999999999', '99999999999999,99', ' 12,30', '12,30 ', undefined],
  milli: ['10,5', '0,001', '0,0001', '-1', '12 345,678', '999999999999999,999', '', undefined],
  tariff: ['40,12345', '40,123456', '40,123450', '999999999999,5', '0', '-1', '', undefined],
  integer: ['1', '0', '2', '3', '4', '100', '101', '-1', '1,5', '2,0', '', undefined],
  code: ['cold_water', 'hot.water-2', 'ХВС', 'a b', 'x'.repeat(41), '', undefined],
  text: ['Иванов Иван', '  с пробелами  ', 'x'.repeat(60), 'x'.repeat(210), 'x'.repeat(600), '', '   ', undefined],
  status: ['active', 'closed', 'billing', 'Active', ' active', '', undefined],
  source: ['billing', 'bank', 'cashier', 'active', 'Bank', ' bank', '', undefined],
  sha: ['a'.repeat(64), 'A'.repeat(64), 'g'.repeat(64), 'a'.repeat(63), '', undefined],
};

const TYPE_OF: Record<string, string> = {
  account: 'account', period: 'period', paid_until: 'date', due_date: 'date', paid_on: 'date', installed_on: 'date', verified_on: 'date',
  verification_due: 'date', archived_on: 'date', taken_on: 'date', total_area: 'money', living_area: 'money', charged: 'money',
  recalculation: 'money', benefits: 'money', penalties: 'money', total: 'money', opening_balance: 'money', paid: 'money',
  total_due: 'money', amount: 'money', volume: 'milli', volume_common: 'milli', value: 'milli', tariff: 'tariff', residents: 'integer',
  zones: 'integer', precision: 'integer', zone: 'integer', service_code: 'code', status: 'status', source: 'source', passport_hash: 'sha',
};

// A small deterministic generator, so a failure can be reproduced.
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

it('fast parsers accept exactly the rows zod accepts, with the same output, for every kind', () => {
  const next = random(42);
  for (const kind of IMPORT_KINDS) {
    const fast = fastRowParser(kind);
    const schema = importRowSchemas[kind];
    const columns = canonicalColumns(kind);
    let accepted = 0;
    for (let n = 0; n < 8_000; n++) {
      // Mostly-valid rows: each cell is the type's first (valid) value unless a die says otherwise.
      const cells: Record<string, string> = {};
      for (const column of columns) {
        const pool = CELLS[TYPE_OF[column] ?? 'text'] as (string | undefined)[];
        const value = next() < 0.75 ? pool[0] : pool[Math.floor(next() * pool.length)];
        if (value !== undefined) cells[column] = value;
      }
      const expected = schema.safeParse(cells);
      const got = fast(cells);
      assert.equal(got !== undefined, expected.success, `${kind}: ${JSON.stringify(cells)}`);
      if (got !== undefined && expected.success) {
        assert.deepEqual(got, expected.data, `${kind}: ${JSON.stringify(cells)}`);
        accepted++;
      }
    }
    assert.ok(accepted > 500 && accepted < 8_000, `${kind}: ${accepted} accepted — the generator must make both valid and invalid rows`);
  }
});
