// A billing file's reading goes through the same rule as a resident's form (toReadingMilli in
// shared/readings/decimal.ts) at three digits after the comma: the import's field, its fast row
// path and the site accept the same texts with the same value, and the import words a refusal
// as it words every other number of a file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readingField } from '../../../shared/import/fields.ts';
import { fastRowParser } from '../../../shared/import/fast-rows.ts';
import { importRowSchemas } from '../../../shared/import/rows.ts';
import { parseReading } from '../../../shared/readings/decimal.ts';

const TEXTS = [
  '0', '123', '123,4', '123.456', '0,001', '00123,450', '1 234,5', '1\u00a0234\u202f567', '99999999', '99999999,000', '12,3000',
  '', ' ', '-5', '-0', '−5', '+5', '1e5', '0x10', '1,2,3', '1.234,5', ',5', '5,', 'abc', '0,0001', '5,1234',
  '100000000', '99999999,001', '999999999999999,999',
];

const row = (value: string) => ({
  account: '00010001', service_code: 'cold_water', serial: 'ХВ-1', period: '2026-11', zone: '1', value, taken_on: '2026-11-23',
});

describe('a reading in a billing file', () => {
  test('is accepted by the import field, the fast row path and the site alike, with the same value', () => {
    const fast = fastRowParser('readings');
    for (const text of TEXTS) {
      const site = parseReading(text, 3);
      const field = readingField().safeParse(text);
      const schema = importRowSchemas.readings.safeParse(row(text));
      const quick = fast(row(text));
      const want = site.ok ? site.milli : undefined;
      assert.equal(field.success ? field.data : undefined, want, `field, ${JSON.stringify(text)}`);
      assert.equal(schema.success ? schema.data.value : undefined, want, `row schema, ${JSON.stringify(text)}`);
      assert.equal(quick?.value, want, `fast row, ${JSON.stringify(text)}`);
    }
  });

  test('is refused in the words the import uses for every number', () => {
    const message = (text: string) => {
      const parsed = readingField('Показание').safeParse(text);
      assert.ok(!parsed.success, `expected ${JSON.stringify(text)} to be refused`);
      return parsed.error.issues.map((i) => i.message).join('; ');
    };
    for (const text of ['', 'abc', '+5', '5,1234']) assert.equal(message(text), 'Показание: ожидается число (не больше 3 знаков после запятой)', text);
    assert.equal(message('-5'), 'Показание: не может быть отрицательным (если биллинг пишет это поле с минусом, укажите его в negativeFields сопоставления)');
    assert.equal(message('100000000'), 'Показание: не может быть больше 99 999 999');
  });
});
