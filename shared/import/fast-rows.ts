// A faster twin of `importRowSchemas` for the import's hot loop. zod costs ~10 µs a row (10 s
// for a million charges); these plain functions build the same typed row from the same field
// parsers (fields.ts) in about a tenth of that. They only ever say "valid, here is the row" or
// "not sure": anything they do not accept goes to the zod schema, which then gives the row's
// Russian messages, so messages have one source. tests/unit/exchange/fast-rows.test.ts proves
// over many generated rows that whenever a fast parser returns a row, zod returns the same one.
import { toReadingMilli } from '../readings/decimal.ts';
import { parseDateCell, parsePeriodCell, parseScaled } from './fields.ts';
import type { ImportKind, ImportRow } from './rows.ts';

type Cells = Record<string, string | undefined>;
/** A cell's value, or FAIL when the fast path cannot vouch for it. */
type FieldParser = (cell: string | undefined) => unknown;

const FAIL = Symbol('fail');

const ACCOUNT = /^\d{4,20}$/;
const SERVICE_CODE = /^[a-z0-9_.-]{1,40}$/i;
const SHA256 = /^[0-9a-f]{64}$/i;

const trimmed = (cell: string | undefined) => (cell === undefined ? undefined : cell.trim());

const account: FieldParser = (cell) => {
  const t = trimmed(cell);
  return t !== undefined && ACCOUNT.test(t) ? t : FAIL;
};
const serviceCode: FieldParser = (cell) => {
  const t = trimmed(cell);
  return t !== undefined && SERVICE_CODE.test(t) ? t : FAIL;
};
// A file holds a few periods on every row: each spelling's value is kept (a few at most), so
// the rows share one string instead of making one per row, and two regexes are skipped.
const periods = new Map<string, string>();
const period: FieldParser = (cell) => {
  if (cell === undefined) return FAIL;
  const known = periods.get(cell);
  if (known !== undefined) return known;
  const parsed = parsePeriodCell(cell);
  if (parsed === null) return FAIL;
  if (periods.size < 256) periods.set(cell, parsed);
  return parsed;
};
const date: FieldParser = (cell) => (cell === undefined ? FAIL : (parseDateCell(cell) ?? FAIL));
const text = (max: number): FieldParser => (cell) => {
  const t = trimmed(cell);
  return t !== undefined && t.length >= 1 && t.length <= max ? t : FAIL;
};
/** `z.string().trim().max(max).default('')`. */
const plainText = (max: number): FieldParser => (cell) => {
  if (cell === undefined) return '';
  const t = cell.trim();
  return t.length <= max ? t : FAIL;
};
/**
 * `parseScaled` for the plain shape billing files mostly hold (`-123,45`: no spaces, no plus,
 * at most `scale` decimals), reading characters instead of running two regular expressions;
 * anything else goes to `parseScaled` itself. Same arithmetic, so the same result.
 */
function quickScaled(text: string, scale: number): number | null {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  let int = 0;
  const start = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    int = int * 10 + (c - 48);
  }
  const digits = i - start;
  if (digits === 0 || digits > 15) return parseScaled(text, scale);
  let fraction = 0;
  let decimals = 0;
  if (i < n) {
    const sep = text.charCodeAt(i++);
    if (sep !== 44 && sep !== 46) return parseScaled(text, scale);
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57 || decimals === scale) return parseScaled(text, scale);
      fraction = fraction * 10 + (c - 48);
      decimals++;
    }
    if (decimals === 0) return parseScaled(text, scale);
  }
  const value = int * 10 ** scale + fraction * 10 ** (scale - decimals);
  if (!Number.isSafeInteger(value)) return parseScaled(text, scale);
  return start === 1 ? -value : value;
}

const scaled = (scale: number, allowNegative: boolean, positive = false): FieldParser => (cell) => {
  if (cell === undefined) return FAIL;
  const v = quickScaled(cell, scale);
  if (v === null || (!allowNegative && v < 0) || (positive && v <= 0)) return FAIL;
  return v;
};
/** `readingField`: the one reading rule (toReadingMilli), so the fast path cannot differ from it. */
const reading: FieldParser = (cell) => {
  if (cell === undefined) return FAIL;
  const read = toReadingMilli(cell, 3);
  return read.ok ? read.milli : FAIL;
};
const integer = (min: number, max: number): FieldParser => (cell) => {
  if (cell === undefined) return FAIL;
  const v = quickScaled(cell, 0);
  return v === null || v < min || v > max ? FAIL : v;
};
/** `optional(inner).default(null)`: absent or blank → null. */
const opt = (inner: FieldParser): FieldParser => (cell) => (cell === undefined || cell.trim() === '' ? null : inner(cell));
const oneOf = (values: readonly string[], fallback: string): FieldParser => (cell) =>
  cell === undefined ? fallback : values.includes(cell) ? cell : FAIL;
const sha256: FieldParser = (cell) => {
  const t = trimmed(cell);
  return t !== undefined && SHA256.test(t) ? t : FAIL;
};

const FIELDS: { [K in ImportKind]: Record<keyof ImportRow<K> & string, FieldParser> } = {
  accounts: {
    account, city: text(100), street: text(200), house: text(20), block: plainText(20), flat: plainText(20),
    address: text(500), total_area: scaled(2, false), living_area: opt(scaled(2, false)), residents: integer(0, 100),
    owner_name: text(300), passport_hash: opt(sha256), status: oneOf(['active', 'closed'], 'active'),
  },
  charges: {
    account, period, service_code: serviceCode, service_name: opt(text(200)), unit: opt(text(20)),
    volume: opt(scaled(3, false)), volume_common: opt(scaled(3, false)), tariff: opt(scaled(5, false)),
    charged: scaled(2, false), recalculation: opt(scaled(2, true)), recalculation_reason: plainText(500),
    benefits: opt(scaled(2, false)), penalties: opt(scaled(2, false)), total: scaled(2, true),
  },
  balances: {
    account, period, opening_balance: scaled(2, true), charged: scaled(2, true), paid: scaled(2, false),
    penalties: opt(scaled(2, false)), total_due: scaled(2, true), paid_until: opt(date), due_date: opt(date),
  },
  payments: {
    account, paid_on: date, amount: scaled(2, false, true), period: opt(period), external_id: text(100),
    source: oneOf(['billing', 'bank', 'cashier'], 'billing'),
  },
  meters: {
    account, service_code: serviceCode, serial: text(50), zones: integer(1, 3), precision: opt(integer(0, 3)),
    location: plainText(100), installed_on: opt(date), verified_on: opt(date), verification_due: date, archived_on: opt(date),
  },
  readings: {
    account, service_code: serviceCode, serial: text(50), period, zone: integer(1, 3), value: reading, taken_on: date,
  },
};

export type FastRowParser<K extends ImportKind> = (cells: Cells) => ImportRow<K> | undefined;

/**
 * The row when every cell is plainly valid; undefined means "ask the zod schema".
 *
 * Built as source text, once per kind: named reads of the cells and one object literal for the
 * row let V8 give every access a fixed place, where a loop over the names read and wrote by key
 * (`cells[name]`, `row[name]`) and went through V8's slowest property lookup 28 times a row —
 * about 0.4 µs, 15 % of reading and checking a charges file (development VM). The names are this
 * module's own (FIELDS), never a file's, and each is written as a JSON string.
 */
export function fastRowParser<K extends ImportKind>(kind: K): FastRowParser<K> {
  const fields = FIELDS[kind] as Record<string, FieldParser>;
  const names = Object.keys(fields);
  const parsers = names.map((name) => fields[name]!);
  const body = [
    ...names.map((name, i) => `const v${i} = parsers[${i}](cells[${JSON.stringify(name)}]); if (v${i} === FAIL) return undefined;`),
    `return { ${names.map((name, i) => `${JSON.stringify(name)}: v${i}`).join(', ')} };`,
  ].join('\n');
  const make = new Function('parsers', 'FAIL', `return (cells) => {\n${body}\n};`) as (p: FieldParser[], fail: typeof FAIL) => FastRowParser<K>;
  return make(parsers, FAIL);
}
