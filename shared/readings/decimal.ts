// Meter readings are exact decimals stored as integer thousandths of the unit (`value_milli`);
// text exists only in input fields and on the screen.

export type ParseReadingResult = { ok: true; milli: number } | { ok: false; message: string };

/** The largest value a register can show: eight digits before the comma. */
export const MAX_READING_MILLI = 99_999_999_000;

// Digits, then optionally a comma or a point and more digits. Signs, exponents and
// thousands separators other than spaces are refused.
const READING = /^(\d+)(?:[.,](\d+))?$/;

const DIGITS_AFTER_COMMA = ['', 'одной цифры', 'двух цифр', 'трёх цифр'];

function assertPrecision(precision: number): void {
  if (!Number.isInteger(precision) || precision < 0 || precision > 3) {
    throw new RangeError(`Meter precision must be an integer 0–3, got ${precision}`);
  }
}

/** Why a text is not a reading. Each caller words it its own way (parseReading: the site's). */
export type ReadingRefusal = 'empty' | 'negative' | 'not-a-number' | 'too-precise' | 'too-large';

export type ReadingMilliResult = { ok: true; milli: number } | { ok: false; refusal: ReadingRefusal };

/**
 * The one rule for a reading written as text, whoever wrote it: a resident or a clerk in a form
 * (parseReading), or a billing file (shared/import/fields.ts readingField and its fast twin in
 * fast-rows.ts). '123', '123,4', '123.456', '1 234,5' → thousandths. Spaces anywhere are ignored;
 * a leading minus is a negative value; a plus, exponents and grouping marks other than spaces
 * are not numbers. A value with more digits after the comma than `precision` is refused, except
 * for trailing zeros ('123,40' at precision 1), which do not change the value; so is one above
 * 99 999 999, more than any register shows.
 */
export function toReadingMilli(text: string, precision: number): ReadingMilliResult {
  assertPrecision(precision);
  const compact = text.replace(/\s/g, '');
  if (compact === '') return { ok: false, refusal: 'empty' };
  if (/^[-−–]/.test(compact)) return { ok: false, refusal: 'negative' };

  const match = READING.exec(compact);
  if (!match) return { ok: false, refusal: 'not-a-number' };

  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > precision) return { ok: false, refusal: 'too-precise' };
  if (whole.length > 8) return { ok: false, refusal: 'too-large' };
  const milli = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  if (milli > MAX_READING_MILLI) return { ok: false, refusal: 'too-large' };
  return { ok: true, milli };
}

/** toReadingMilli with the site's words for a refusal, as a resident or a clerk sees them. */
export function parseReading(text: string, precision: number): ParseReadingResult {
  const read = toReadingMilli(text, precision);
  return read.ok ? read : { ok: false, message: readingRefusalMessage(read.refusal, precision) };
}

function readingRefusalMessage(refusal: ReadingRefusal, precision: number): string {
  switch (refusal) {
    case 'empty':
      return 'Введите показание.';
    case 'negative':
      return 'Показание не может быть отрицательным.';
    case 'not-a-number':
      return 'Введите показание числом, например 123,45.';
    case 'too-precise':
      return precision === 0
        ? 'Показание этого счётчика вводится целым числом, без цифр после запятой.'
        : `У этого счётчика после запятой не больше ${DIGITS_AFTER_COMMA[precision]}.`;
    case 'too-large':
      return 'Слишком большое значение: показание не может быть больше 99 999 999.';
  }
}

/**
 * 123450 → '123,450' at precision 3, '123,45' at precision 1 or 2, 123000 → '123' at precision 0.
 * Shows at least `precision` digits after the comma, and more if the stored value has them, so a
 * value entered by billing is never shown rounded. No digit grouping: it reads like the register.
 */
export function formatReading(milli: number, precision: number): string {
  assertPrecision(precision);
  if (!Number.isSafeInteger(milli)) throw new RangeError(`Reading must be an integer of thousandths, got ${milli}`);
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  let fraction = String(abs % 1000).padStart(3, '0');
  while (fraction.length > precision && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const whole = String(Math.floor(abs / 1000));
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole},${fraction}`;
}
