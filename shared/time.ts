// Calendar arithmetic in the company's time zone. Times are stored as UTC epoch milliseconds;
// calendar dates as 'YYYY-MM-DD' strings, so no engine or driver shifts them.

export type IsoDate = string; // YYYY-MM-DD

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(instant: Date | number, timeZone: string): IsoDate {
  let fmt = dateFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, fmt);
  }
  return fmt.format(typeof instant === 'number' ? new Date(instant) : instant);
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** 'YYYY-MM-DD' → 'DD.MM.YYYY', the form Russian documents use. */
export function formatDateRu(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** An instant shown in the company's zone: 'DD.MM.YYYY HH:MM'. */
export function formatDateTimeRu(instant: number, timeZone: string): string {
  let fmt = dateTimeFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('ru-RU', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    dateTimeFormatters.set(timeZone, fmt);
  }
  return fmt.format(new Date(instant)).replace(',', '');
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
