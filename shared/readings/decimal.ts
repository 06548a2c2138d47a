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

/**
 * '123', '123,4', '123.456', '1 234,5' → thousandths. A value with more digits after the comma
 * than the meter shows is refused, except for trailing zeros ('123,40' on a one-digit meter),
 * which do not change the value.
 */
export function parseReading(text: string, precision: number): ParseReadingResult {
  assertPrecision(precision);
  const compact = text.replace(/\s/g, '');
  if (compact === '') return { ok: false, message: 'Введите показание.' };
  if (/^[-−–]/.test(compact)) return { ok: false, message: 'Показание не может быть отрицательным.' };

  const match = READING.exec(compact);
  if (!match) return { ok: false, message: 'Введите показание числом, например 123,45.' };

  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > precision) {
    return {
      ok: false,
      message:
        precision === 0
          ? 'Показание этого счётчика вводится целым числом, без цифр после запятой.'
          : `У этого счётчика после запятой не больше ${DIGITS_AFTER_COMMA[precision]}.`,
    };
  }

  const tooLarge = { ok: false, message: 'Слишком большое значение: показание не может быть больше 99 999 999.' } as const;
  if (whole.length > 8) return tooLarge;
  const milli = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  if (milli > MAX_READING_MILLI) return tooLarge;
  return { ok: true, milli };
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
