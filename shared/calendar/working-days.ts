// Working days by the Russian production calendar: deadlines such as «three working days» for an
// application. A date in a year without a shipped calendar is an error, never a silent guess.
import { addDays, isIsoDate, type IsoDate } from '../time.ts';
import { SHIPPED_CALENDARS, isWeekend, type YearCalendar } from './calendar-data.ts';

/** A date outside the years whose production calendar the program carries. */
export class CalendarYearMissingError extends Error {
  constructor(readonly year: number, readonly shippedYears: number[]) {
    super(
      `Производственный календарь на ${year} год не загружен (есть на ${shippedYears.join(', ') || 'ни один год'}). ` +
        `Добавьте файл shared/calendar/data/${year}.json по постановлению Правительства о переносе выходных дней (см. shared/calendar/README.md).`,
    );
    this.name = 'CalendarYearMissingError';
  }
}

export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** The n-th working day after `date` (n ≥ 1); counting starts the day after `date`. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** Shipped years, ascending. */
  years(): number[];
}

/** A calendar over the given years; tests pass their own, the program uses the shipped files. */
export function workingDayCalendar(calendars: ReadonlyMap<number, YearCalendar>): WorkingDayCalendar {
  const years = () => [...calendars.keys()].sort((a, b) => a - b);
  const yearOf = (date: IsoDate): YearCalendar => {
    if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
    const year = Number(date.slice(0, 4));
    const calendar = calendars.get(year);
    if (!calendar) throw new CalendarYearMissingError(year, years());
    return calendar;
  };
  const isWorkingDay = (date: IsoDate): boolean => {
    const c = yearOf(date);
    if (c.workingWeekends.has(date)) return true;
    if (c.nonWorkingWeekdays.has(date)) return false;
    return !isWeekend(date);
  };
  const addWorkingDays = (date: IsoDate, n: number): IsoDate => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkingDays: n must be a positive integer, got ${n}`);
    yearOf(date); // the start itself must be a known year, even if the count would not reach it
    let day = date;
    for (let counted = 0; counted < n; ) {
      day = addDays(day, 1);
      if (isWorkingDay(day)) counted++;
    }
    return day;
  };
  return { isWorkingDay, addWorkingDays, years };
}

const shipped = workingDayCalendar(SHIPPED_CALENDARS);

/** Whether a date is a working day by the shipped production calendar. */
export const isWorkingDay = (date: IsoDate): boolean => shipped.isWorkingDay(date);

/** The n-th working day after `date` by the shipped calendar: the deadline of «n working days». */
export const addWorkingDays = (date: IsoDate, n: number): IsoDate => shipped.addWorkingDays(date, n);

/** Years the shipped calendar covers. */
export const calendarYears = (): number[] => shipped.years();
