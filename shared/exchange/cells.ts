// Normalising cells before the schemas: a billing system's own date order, thousands separators
// and «Ноябрь 2026»-style periods become the forms fields.ts accepts. A cell that does not fit
// is passed through untouched, so the schema reports it with its usual message.
import { columnType } from './columns.ts';
import type { DateFormat } from './mapping.ts';

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
      else y = `${Number(v) < 70 ? '20' : '19'}${v}`;
    });
    return `${y}-${mo}-${d}`;
  };
}

const MONTHS = ['январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];
const MONTH_NAME = /^([а-яё]+)\s+(\d{4})(\s*(г|года?)\.?)?$/i;
const ANY_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$/;

/** Periods written as a date (the 1st of the month, as 1C does) or «Ноябрь 2026 г.» → 'YYYY-MM'. */
export function periodConverter(format: DateFormat | undefined): CellConverter {
  const toIso = dateConverter(format);
  return (text) => {
    const t = text.trim();
    if (t.length < 8) return text; // '11.2026', '2026-11': already a period
    const named = MONTH_NAME.exec(t);
    if (named) {
      const word = named[1]!.toLowerCase();
      const index = MONTHS.findIndex((stem) => (stem === 'ма' ? /^ма[йяе]$/.test(word) : word.startsWith(stem)));
      return index < 0 ? text : `${named[2]}-${String(index + 1).padStart(2, '0')}`;
    }
    const iso = toIso ? toIso(t) : t;
    const m = ANY_DATE.exec(iso.replace(TIME_SUFFIX, ''));
    if (!m) return text;
    return m[3] ? `${m[3]}-${pad2(m[2]!)}` : `${m[4]}-${m[5]}`;
  };
}

const GROUPING = /[\s\u00a0\u202f']/g;

/** Thousands separators out, one decimal point in, following the mapping's decimal separator. */
export function numberConverter(separator: 'auto' | ',' | '.'): CellConverter {
  if (separator === ',') return (text) => text.replace(GROUPING, '').replace(/\./g, '').replace(',', '.');
  if (separator === '.') return (text) => text.replace(GROUPING, '').replace(/,/g, '');
  // auto: fields.ts already takes '1 234,56' and '1234.56'; only both marks need a decision —
  // the last one is the decimal separator ('1,234.56', '1.234,56').
  return (text) => {
    const comma = text.lastIndexOf(',');
    if (comma < 0) return text;
    const point = text.lastIndexOf('.');
    if (point < 0) return text;
    return comma > point ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  };
}

export interface CellOptions {
  dateFormat?: DateFormat;
  decimalSeparator?: 'auto' | ',' | '.';
}

/** The converter a canonical column's text cells go through, or null when they go as they are. */
export function converterFor(column: string, options: CellOptions): CellConverter | null {
  switch (columnType(column)) {
    case 'number':
      return numberConverter(options.decimalSeparator ?? 'auto');
    case 'date':
      return dateConverter(options.dateFormat);
    case 'period':
      return periodConverter(options.dateFormat);
    default:
      return null;
  }
}
