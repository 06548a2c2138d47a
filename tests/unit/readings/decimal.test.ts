import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReading, parseReading, toReadingMilli, type ReadingRefusal } from '../../../shared/readings/decimal.ts';

const milli = (text: string, precision = 3) => {
  const r = parseReading(text, precision);
  assert.ok(r.ok, `expected '${text}' to parse, got: ${r.ok ? '' : r.message}`);
  return r.milli;
};
const refusal = (text: string, precision = 3) => {
  const r = parseReading(text, precision);
  assert.ok(!r.ok, `expected '${text}' to be refused, got ${r.ok ? r.milli : ''}`);
  return r.message;
};

describe('parseReading', () => {
  test('whole numbers, comma and point', () => {
    assert.equal(milli('123'), 123_000);
    assert.equal(milli('123,4'), 123_400);
    assert.equal(milli('123.456'), 123_456);
    assert.equal(milli('0,001'), 1);
    assert.equal(milli('0'), 0);
    assert.equal(milli('00123,45'), 123_450);
  });

  test('spaces anywhere are ignored, including no-break spaces', () => {
    assert.equal(milli(' 1 234,5 '), 1_234_500);
    assert.equal(milli('1\u00a0234\u202f567'), 1_234_567_000);
  });

  test('digits after the comma are limited by the meter precision', () => {
    assert.equal(milli('5,12', 2), 5_120);
    assert.match(refusal('5,123', 2), /после запятой не больше двух цифр/);
    assert.match(refusal('5,12', 1), /после запятой не больше одной цифры/);
    assert.match(refusal('5,1234', 3), /после запятой не больше трёх цифр/);
    assert.match(refusal('5,1', 0), /целым числом, без цифр после запятой/);
    assert.equal(milli('5', 0), 5_000);
  });

  test('trailing zeros beyond the precision do not change the value and are accepted', () => {
    assert.equal(milli('123,40', 1), 123_400);
    assert.equal(milli('123,000', 0), 123_000);
  });

  test('negatives are refused with their own message', () => {
    assert.equal(refusal('-5'), 'Показание не может быть отрицательным.');
    assert.equal(refusal('−5'), 'Показание не может быть отрицательным.');
  });

  test('non-numbers are refused', () => {
    for (const text of ['abc', '12a', '1e5', '0x10', '1,2,3', '1.234,5', ',5', '5,', '+5', 'Infinity', 'NaN']) {
      assert.equal(refusal(text), 'Введите показание числом, например 123,45.', text);
    }
    assert.equal(refusal('   '), 'Введите показание.');
  });

  test('values above 99 999 999 are refused', () => {
    assert.equal(milli('99999999'), 99_999_999_000);
    assert.equal(milli('099 999 999,000'), 99_999_999_000);
    assert.match(refusal('99999999,001'), /не может быть больше 99 999 999/);
    assert.match(refusal('100000000'), /не может быть больше 99 999 999/);
    assert.match(refusal('12345678901234567890'), /не может быть больше 99 999 999/);
  });

  test('a precision outside 0–3 is a programming error', () => {
    assert.throws(() => parseReading('1', 4), RangeError);
    assert.throws(() => parseReading('1', 1.5), RangeError);
  });
});

describe('toReadingMilli', () => {
  const refused = (text: string, precision = 3): ReadingRefusal => {
    const r = toReadingMilli(text, precision);
    assert.ok(!r.ok, `expected '${text}' to be refused, got ${r.ok ? r.milli : ''}`);
    return r.refusal;
  };

  test('gives thousandths, as parseReading does', () => {
    for (const [text, precision, milli] of [
      ['123', 3, 123_000], ['123,4', 1, 123_400], ['123.456', 3, 123_456], [' 1 234,5 ', 1, 1_234_500],
      ['1\u00a0234\u202f567', 0, 1_234_567_000], ['00123,450', 2, 123_450], ['123,000', 0, 123_000], ['0', 0, 0], ['99999999,000', 3, 99_999_999_000],
    ] as const) {
      assert.deepEqual(toReadingMilli(text, precision), { ok: true, milli }, text);
    }
  });

  test('says why a text is not a reading, for each caller to word', () => {
    const cases: [text: string, precision: number, refusal: ReadingRefusal][] = [
      ['', 3, 'empty'], [' \u00a0 ', 3, 'empty'],
      ['-5', 3, 'negative'], ['−5', 3, 'negative'], ['–5', 3, 'negative'], ['-0', 3, 'negative'], [' - 1,5', 3, 'negative'],
      ['+5', 3, 'not-a-number'], ['1e5', 3, 'not-a-number'], ['1.234,5', 3, 'not-a-number'], [',5', 3, 'not-a-number'], ['5,', 3, 'not-a-number'], ['abc', 3, 'not-a-number'],
      ['5,1234', 3, 'too-precise'], ['5,12', 1, 'too-precise'], ['5,1', 0, 'too-precise'],
      ['100000000', 3, 'too-large'], ['99999999,001', 3, 'too-large'], ['999999999999999,999', 3, 'too-large'],
    ];
    for (const [text, precision, refusal] of cases) assert.equal(refused(text, precision), refusal, JSON.stringify(text));
  });

  test('parseReading is toReadingMilli in the site’s words', () => {
    for (const text of ['123,45', '', '-5', '+5', '5,1234', '100000000']) {
      const core = toReadingMilli(text, 3);
      const site = parseReading(text, 3);
      assert.equal(site.ok, core.ok, text);
      if (core.ok && site.ok) assert.equal(site.milli, core.milli);
    }
  });

  test('a precision outside 0–3 is a programming error', () => {
    assert.throws(() => toReadingMilli('1', 4), RangeError);
    assert.throws(() => toReadingMilli('1', -1), RangeError);
  });
});

describe('formatReading', () => {
  test('shows the meter precision with a comma', () => {
    assert.equal(formatReading(123_450, 3), '123,450');
    assert.equal(formatReading(123_400, 1), '123,4');
    assert.equal(formatReading(123_000, 0), '123');
    assert.equal(formatReading(5, 3), '0,005');
    assert.equal(formatReading(0, 2), '0,00');
    assert.equal(formatReading(99_999_999_000, 3), '99999999,000');
  });

  test('never hides digits the stored value has', () => {
    assert.equal(formatReading(123_456, 0), '123,456');
    assert.equal(formatReading(123_450, 1), '123,45');
  });

  test('round-trips with parseReading', () => {
    for (const [text, precision] of [['7,25', 2], ['0,001', 3], ['42', 0], ['1,5', 1]] as const) {
      assert.equal(formatReading(milli(text, precision), precision), text);
    }
  });
});
