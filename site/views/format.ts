// Display helpers shared by the pages.
export { formatRubles } from '../../shared/money.ts';
export { formatPeriodRu } from '../../shared/period.ts';
export { formatDateRu, formatDateTimeRu } from '../../shared/time.ts';

/** 5230 (cm² ×…) → '52,3 м²' */
export function formatArea(cm2: number): string {
  return `${(cm2 / 100).toLocaleString('ru-RU', { maximumFractionDigits: 2 })}\u00a0м²`;
}

/** Thousandths of a unit → '12,345' (trailing zeros kept to the given digits). */
export function formatMilli(milli: number | null, digits = 3): string {
  if (milli === null) return '—';
  return (milli / 1000).toLocaleString('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Tariff in thousandths of a kopeck → '45,67 ₽' */
export function formatTariff(mkop: number | null): string {
  if (mkop === null) return '—';
  return `${(mkop / 100_000).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}\u00a0₽`;
}
