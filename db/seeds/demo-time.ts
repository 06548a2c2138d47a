// Calendar helpers for the seed: wall-clock times in the company's zone turned into instants.
import type { IsoDate } from '../../shared/time.ts';

/** The instant when the clock in `timeZone` shows `date` at `minuteOfDay` (minutes after midnight). */
export function instantAt(date: IsoDate, minuteOfDay: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const asIfUtc = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  // The zone's offset at noon that day: seed times are in daytime, far from DST switches.
  // Cached per day, as Intl is slow and the seed asks for some 40 000 instants.
  const key = `${timeZone}|${date}`;
  let offset = offsetsByDay.get(key);
  if (offset === undefined) {
    offset = zoneOffsetMs(Date.UTC(y, m - 1, d, 12), timeZone);
    offsetsByDay.set(key, offset);
  }
  return asIfUtc - offset;
}

const offsetsByDay = new Map<string, number>();

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMs(instant: number, timeZone: string): number {
  let fmt = partsFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    partsFormatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return wallClock - Math.floor(instant / 60_000) * 60_000;
}

export function addYears(date: IsoDate, years: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** 'YYYY-MM' plus a day number → 'YYYY-MM-DD'. */
export const dayOf = (period: string, day: number): IsoDate => `${period}-${String(day).padStart(2, '0')}`;
