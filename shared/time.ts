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

function dateTimeFormatter(timeZone: string): Intl.DateTimeFormat {
  let fmt = dateTimeFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('ru-RU', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    dateTimeFormatters.set(timeZone, fmt);
  }
  return fmt;
}

/** An instant shown in the company's zone: 'DD.MM.YYYY HH:MM'. */
export function formatDateTimeRu(instant: number, timeZone: string): string {
  const offset = zoneOffsetMs(instant, timeZone);
  if (offset === undefined) return dateTimeFormatter(timeZone).format(new Date(instant)).replace(',', '');
  const d = new Date(instant + offset);
  return `${pad2(d.getUTCDate())}.${pad2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// A zone's offset from UTC, by the hour: Intl answers each hour once, at both of its ends, and
// the hour is remembered only when the two agree (no transition inside it; tz transitions are
// always further apart than that). Hours with a transition, and instants outside the years
// Date handles with whole hours, go to Intl every time.
const HOUR_MS = 3_600_000;
const MAX_REMEMBERED_HOURS = 50_000;
const zoneHours = new Map<string, Map<number, number>>();

function zoneOffsetMs(instant: number, timeZone: string): number | undefined {
  if (!Number.isSafeInteger(instant) || instant < 0) return undefined;
  const hour = Math.floor(instant / HOUR_MS);
  let hours = zoneHours.get(timeZone);
  if (!hours) {
    hours = new Map();
    zoneHours.set(timeZone, hours);
  }
  const known = hours.get(hour);
  if (known !== undefined) return known;
  const start = offsetAt(hour * HOUR_MS, timeZone);
  if (start !== offsetAt(hour * HOUR_MS + HOUR_MS - 1, timeZone)) return undefined;
  if (hours.size >= MAX_REMEMBERED_HOURS) hours.clear();
  hours.set(hour, start);
  return start;
}

/** The zone's offset at an instant, from Intl's local wall-clock reading of it. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = offsetFormatter(timeZone).formatToParts(new Date(instant));
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return wall - (instant - (instant % 1000));
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  return fmt;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
