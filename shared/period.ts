// Billing periods: 'YYYY-MM'. A period is a calendar month in the company's time zone.
import { z } from 'zod';
import { localDate } from './time.ts';

export type Period = string & { readonly __brand?: 'Period' };

export const periodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Период указывается как ГГГГ-ММ');

const MONTHS_NOMINATIVE = [
  'январь', 'февраль', 'март', 'апрель', 'май', 'июнь',
  'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь',
];

export function isPeriod(value: string): value is Period {
  return periodSchema.safeParse(value).success;
}

export function periodOf(date: string): Period {
  return date.slice(0, 7);
}

/** The period an instant falls in, in the given time zone. */
export function currentPeriod(now: Date | number, timeZone: string): Period {
  return periodOf(localDate(now, timeZone));
}

export function addMonths(period: Period, months: number): Period {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** «сентябрь 2026» */
export function formatPeriodRu(period: Period): string {
  return `${MONTHS_NOMINATIVE[Number(period.slice(5, 7)) - 1]} ${Number(period.slice(0, 4))}`;
}

/** «09.2026», the form of the payment QR's PaymPeriod. */
export function formatPeriodNumeric(period: Period): string {
  return `${period.slice(5, 7)}.${period.slice(0, 4)}`;
}

/** Days in the period's month. */
export function daysInPeriod(period: Period): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
