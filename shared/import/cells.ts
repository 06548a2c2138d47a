// Normalising cells before the schemas: a billing system's own date order, thousands separators,
// period spellings («202609», «Сентябрь 2026 г.»), accounts that lost their leading zeros and
// amounts it writes with the opposite sign become the forms fields.ts accepts. A cell that does
// not fit is passed through untouched, so the schema reports it (quoting it as written) with its
// usual message. A cell fields.ts already reads goes through as the same string: no allocation
// on the hot path, and nothing to keep beside it as "written".
import { columnType } from './columns.ts';
import { parseDateCell } from './fields.ts';
import type { DateFormat, PeriodFormat } from './mapping.ts';

export type CellConverter = (text: string) => string;

const TIME_SUFFIX = /[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function dateRegex(format: DateFormat): { re: RegExp; order: ('D' | 'M' | 'Y' | 'y')[] } {
  const order: ('D' | 'M' | 'Y' | 'y')[] = [];
  const compact = !/[^DMY]/.test(format);
  const source = format.replace(/YYYY|YY|DD|MM|[^DMY]/g, (token) => {
    if (token === 'YYYY') return order.push('Y'), '(\\d{4})';
    if (token === 'YY') return order.push('y'), '(\\d{2})';
    if (token === 'DD') return order.push('D'), compact ? '(\\d{2})' : '(\\d{1,2})';
    if (token === 'MM') return order.push('M'), compact ? '(\\d{2})' : '(\\d{1,2})';
    return `\\${token}`;
  });
  return { re: new RegExp(`^${source}$`), order };
}

const pad2 = (n: string) => (n.length === 1 ? `0${n}` : n);
const century = (yy: string) => `${Number(yy) < 70 ? '20' : '19'}${yy}`;

/** A converter from `format` to ISO 'YYYY-MM-DD' (not checked for a real date: the schema does that). */
export function dateConverter(format: DateFormat | undefined): CellConverter | null {
  if (!format || format === 'DD.MM.YYYY' || format === 'YYYY-MM-DD') return null; // fields.ts reads both
  const { re, order } = dateRegex(format);
  return (text) => {
    const m = re.exec(text.trim().replace(TIME_SUFFIX, ''));
    if (!m) return text;
    let d = '', mo = '', y = '';
    order.forEach((part, i) => {
      const v = m[i + 1]!;
      if (part === 'D') d = pad2(v);
      else if (part === 'M') mo = pad2(v);
      else if (part === 'Y') y = v;
      else y = century(v);
    });
    return `${y}-${mo}-${d}`;
  };
}

// ── Periods ──

/** Each month in its cases: «сентябрь», «сентября», «сентябре»; «март», «марта»; «май», «мая». */
const MONTHS = [
  /^январ[ьяею]$/, /^феврал[ьяею]$/, /^март[ае]?$/, /^апрел[ьяею]$/, /^ма[йяе]$/, /^июн[ьяею]$/,
  /^июл[ьяею]$/, /^август[ае]?$/, /^сентябр[ьяею]$/, /^октябр[ьяею]$/, /^ноябр[ьяею]$/, /^декабр[ьяею]$/,
];
/** «Сентябрь 2026», «СЕНТЯБРЬ 2026 Г.», «сентября 2026 года», «Май, 2026г». */
const MONTH_NAME = /^([а-яё]+),?\s*(\d{4})\s*(?:г|года?)?\.?$/i;
/** What fields.ts reads itself: '11.2026', '1/2026', '2026-11', '2026.1'. */
const READ_AS_IS = /^(?:\d{1,2}[./-]\d{4}|\d{4}[./-]\d{1,2})$/;
const isPeriodMark = (c: number) => c === 46 || c === 47 || c === 45;
const ANY_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$/;
const DIGITS = /^\d+$/;

function monthOf(word: string): number {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  return MONTHS.findIndex((re) => re.test(w)) + 1;
}

/** 'YYYY-MM' when the month and the year are plausible; null otherwise (the cell then goes as written). */
function period(year: string, month: string | number): string | null {
  const m = Number(month);
  const y = Number(year);
  if (!(m >= 1 && m <= 12) || y < 2000 || y > 2100) return null;
  return `${year}-${String(m).padStart(2, '0')}`;
}

/** Digits only: 'YYYYMM' and 'MMYYYY' (one is never the other), 'MMYY'/'YYMM' only when declared. */
function digitsPeriod(t: string, format: PeriodFormat): string | null {
  switch (t.length) {
    case 6:
      return format === 'MMYYYY' ? period(t.slice(2), t.slice(0, 2)) : (period(t.slice(0, 4), t.slice(4)) ?? period(t.slice(2), t.slice(0, 2)));
    case 5: // 'MMYYYY' stored as a number: September's leading zero is gone
      return format === 'YYYYMM' ? null : period(t.slice(1), t.slice(0, 1));
    case 4:
      if (format === 'MMYY') return period(century(t.slice(2)), t.slice(0, 2));
      if (format === 'YYMM') return period(century(t.slice(0, 2)), t.slice(2));
      return null;
    case 3: // 'MMYY' stored as a number
      return format === 'MMYY' ? period(century(t.slice(1)), t.slice(0, 1)) : null;
    default:
      return null;
  }
}

export interface PeriodOptions {
  dateFormat?: DateFormat | undefined;
  periodFormat?: PeriodFormat | undefined;
}

/**
 * Periods as billing systems write them → 'YYYY-MM': 202609, 092026, «Сентябрь 2026 г.», a date
 * in the month (any day; in the mapping's date format or DD.MM.YYYY / YYYY-MM-DD), and the
 * ambiguous 0926 (MMYY) or 2609 (YYMM) when the mapping declares which. MM.YYYY and YYYY-MM go
 * as they are (fields.ts reads them).
 */
export function periodConverter(options: PeriodOptions | DateFormat | undefined): CellConverter {
  const o: PeriodOptions = typeof options === 'string' ? { dateFormat: options } : (options ?? {});
  const format = o.periodFormat ?? 'auto';
  const toIso = dateConverter(o.dateFormat);
  return (text) => {
    // '11.2026', '1.2026', '2026-11' (nearly every cell of a file): no regular expression needed.
    if (text.length <= 7 && (isPeriodMark(text.charCodeAt(2)) || isPeriodMark(text.charCodeAt(4)) || isPeriodMark(text.charCodeAt(1)))) return text;
    const t = text.trim();
    if (READ_AS_IS.test(t)) return text;
    if (DIGITS.test(t)) return digitsPeriod(t, format) ?? text;
    const named = MONTH_NAME.exec(t);
    if (named) {
      const month = monthOf(named[1]!);
      return (month > 0 && period(named[2]!, month)) || text;
    }
    const iso = toIso ? toIso(t) : t;
    const m = ANY_DATE.exec(iso.replace(TIME_SUFFIX, ''));
    if (!m) return text;
    const date = parseDateCell(m[0]);
    return (date && period(date.slice(0, 4), date.slice(5, 7))) || text;
  };
}

// ── Numbers ──

/** Thousands separators that are never a decimal mark: spaces of every width (\s covers NBSP, U+2009, U+202F), apostrophes. */
const SPACING = /[\s'\u2019\u02bc`]/g;
/** Minus signs other than the hyphen: U+2212 (minus), U+2013 (en dash, as some reports print it). */
const MINUS = /^[\u2212\u2013]/;

const isSpace = (c: number) => c === 32 || c === 160 || c === 9 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f;

/**
 * The number as fields.ts reads it without help: an optional minus, digits with spaces of any
 * width between them, at most one decimal mark the mapping allows, digits.
 */
function plain(text: string, comma: boolean, point: boolean): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= n) return false;
  let mark = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || isSpace(c)) continue;
    if (mark || !((comma && c === 44) || (point && c === 46))) return false;
    mark = true;
  }
  return true;
}

const GROUPED = { ',': /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/, '.': /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/ } as const;

/**
 * Thousands separators out, the decimal mark as a point, following the mapping's decimal
 * separator: with ',' dots group thousands, with '.' commas do; with 'auto' a number with both
 * marks takes the last as the decimal one ('1,234.56', '1.234,56') and one mark written several
 * times groups ('1.234.567'). Dot or comma grouping must be in threes, or the cell goes as written.
 */
export function numberConverter(separator: 'auto' | ',' | '.'): CellConverter {
  const comma = separator !== '.';
  const point = separator !== ',';
  return (text) => {
    if (plain(text, comma, point)) return text;
    const t = text.replace(SPACING, '').replace(MINUS, '-');
    const commas = t.split(',').length - 1;
    const points = t.split('.').length - 1;
    let decimal: ',' | '.' | null;
    if (separator !== 'auto') decimal = separator;
    else if (commas > 0 && points > 0) decimal = t.lastIndexOf(',') > t.lastIndexOf('.') ? ',' : '.';
    else if (commas === 1) decimal = ',';
    else if (points === 1) decimal = '.';
    else decimal = commas > 1 ? '.' : points > 1 ? ',' : null; // several of one mark: it groups
    const grouping = decimal === ',' ? '.' : ',';
    if (t.includes(grouping)) {
      if (!GROUPED[grouping].test(t)) return text;
      return decimal === ',' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
    }
    return t === '' ? text : t;
  };
}

/** For fields the source writes with the opposite sign (benefits as «-150,00»): the absolute value; a positive one goes as it is. */
export function absoluteConverter(inner: CellConverter | null): CellConverter {
  return (text) => {
    const t = inner ? inner(text) : text;
    const s = t.trimStart();
    return s.charCodeAt(0) === 45 ? s.slice(1) : t;
  };
}

// ── Accounts ──

const ACCOUNT_NUMBER = /^\s*(\d+)(?:[.,]0+)?\s*$/;

/**
 * Account numbers that were stored as numbers (a DBF N field, an Excel numeric cell): a trailing
 * '.0' or ',00' goes, and with `length` the leading zeros the number lost come back.
 */
export function accountConverter(length: number | undefined): CellConverter {
  return (text) => {
    const m = ACCOUNT_NUMBER.exec(text);
    if (!m) return text;
    const digits = m[1]!;
    if (length !== undefined && digits.length < length) return digits.padStart(length, '0');
    return digits.length === text.length ? text : digits;
  };
}

// ── Per column ──

export interface CellOptions extends PeriodOptions {
  decimalSeparator?: 'auto' | ',' | '.';
  accountLength?: number | undefined;
  negativeFields?: readonly string[];
}

/** The converter a canonical column's text cells go through, or null when they go as they are. */
export function converterFor(column: string, options: CellOptions): CellConverter | null {
  if (column === 'account') return options.accountLength === undefined ? null : accountConverter(options.accountLength);
  switch (columnType(column)) {
    case 'number': {
      const number = numberConverter(options.decimalSeparator ?? 'auto');
      return options.negativeFields?.includes(column) ? absoluteConverter(number) : number;
    }
    case 'date':
      return dateConverter(options.dateFormat);
    case 'period':
      return periodConverter(options);
    default:
      return null;
  }
}

/**
 * The converter for a cell a reader got as a number (an XLSX numeric cell, a DBF N or F field),
 * already written as canonical text with a point ('1234567', '202609', '-150.5'): an account
 * gets its zeros back, a period its form read, a negated field its sign; or null.
 */
export function typedConverterFor(column: string, options: CellOptions): CellConverter | null {
  if (column === 'account') return accountConverter(options.accountLength);
  switch (columnType(column)) {
    case 'number':
      return options.negativeFields?.includes(column) ? absoluteConverter(null) : null;
    case 'period':
      return periodConverter(options);
    default:
      return null;
  }
}
