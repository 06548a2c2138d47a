// The readings window: the days of each month, in the company's time zone, on which residents
// may submit readings (ПП № 354: by default the 23rd–25th). The setting is per company and may be
// overridden per building; callers pass whichever applies.
import { z } from 'zod';
import { addMonths, daysInPeriod, periodOf, type Period } from '../period.ts';
import { formatDateRu, type IsoDate } from '../time.ts';

const dayOfMonth = (what: string) => {
  const message = `${what}: укажите число от 1 до 31`;
  return z.number({ error: message }).int(message).min(1, message).max(31, message);
};

export const readingsWindowSchema = z
  .object({
    startDay: dayOfMonth('Первый день приёма показаний'),
    endDay: dayOfMonth('Последний день приёма показаний'),
  })
  .refine((w) => w.startDay <= w.endDay, {
    message: 'Последний день приёма показаний не может быть раньше первого',
    path: ['endDay'],
  });

export type ReadingsWindow = z.infer<typeof readingsWindowSchema>;

export const DEFAULT_READINGS_WINDOW: Readonly<ReadingsWindow> = Object.freeze({ startDay: 23, endDay: 25 });

export interface WindowDates {
  start: IsoDate;
  end: IsoDate;
}

/**
 * The window's dates in a given month. Days past the month's end mean its last day, so 25–31
 * is 25–28 in February; a start past the end of the month is moved there too (30–31 → 28–28).
 */
export function windowInPeriod(period: Period, window: ReadingsWindow): WindowDates {
  const last = daysInPeriod(period);
  const day = (d: number) => `${period}-${String(Math.min(d, last)).padStart(2, '0')}`;
  return { start: day(window.startDay), end: day(window.endDay) };
}

export function isWindowOpen(today: IsoDate, window: ReadingsWindow): boolean {
  const { start, end } = windowInPeriod(periodOf(today), window);
  return today >= start && today <= end;
}

/** The window open today, else the next one: later this month or in the next month. */
export function nextWindow(today: IsoDate, window: ReadingsWindow): WindowDates {
  const period = periodOf(today);
  const current = windowInPeriod(period, window);
  return today <= current.end ? current : windowInPeriod(addMonths(period, 1), window);
}

/** «Показания принимаются с 23 по 25 число месяца.» */
export function describeReadingsWindow(window: ReadingsWindow): string {
  const { startDay, endDay } = window;
  if (endDay === 31) {
    if (startDay === 1) return 'Показания принимаются в любой день месяца.';
    if (startDay === 31) return 'Показания принимаются в последний день месяца.';
    return `Показания принимаются с ${startDay} числа до конца месяца.`;
  }
  if (startDay === endDay) return `Показания принимаются ${startDay} числа каждого месяца.`;
  return `Показания принимаются с ${startDay} по ${endDay} число месяца.`;
}

/** «Показания принимаются с 23 по 25 число месяца. Следующий приём: с 23.12.2026 по 25.12.2026.» */
export function windowClosedMessage(today: IsoDate, window: ReadingsWindow): string {
  const { start, end } = nextWindow(today, window);
  const next = start === end ? formatDateRu(start) : `с ${formatDateRu(start)} по ${formatDateRu(end)}`;
  return `${describeReadingsWindow(window)} Следующий приём: ${next}.`;
}
