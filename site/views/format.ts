// Display helpers shared by the pages.
import { formatHundredths } from '../../shared/digits.ts';
export { formatRubles } from '../../shared/money.ts';
export { formatPeriodRu } from '../../shared/period.ts';
export { formatDateRu, formatDateTimeRu } from '../../shared/time.ts';

// Formatters are built once: constructing Intl objects per call costs tens of microseconds.
const areaFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });
const milliFormats = new Map<number, Intl.NumberFormat>();
const tariffFormat = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** 5230 (m² × 100) → '52,3 м²' */
export function formatArea(cm2: number): string {
  return `${formatHundredths(cm2, false) ?? areaFormat.format(cm2 / 100)}\u00a0м²`;
}

/** Thousandths of a unit → '12,345' (trailing zeros kept to the given digits). */
export function formatMilli(milli: number | null, digits = 3): string {
  if (milli === null) return '—';
  let format = milliFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    milliFormats.set(digits, format);
  }
  return format.format(milli / 1000);
}

/** Tariff in thousandths of a kopeck → '45,67 ₽' */
export function formatTariff(mkop: number | null): string {
  if (mkop === null) return '—';
  return `${tariffFormat.format(mkop / 100_000)}\u00a0₽`;
}
