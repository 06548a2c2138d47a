// The instant a calendar day starts in the company's time zone, for filters by date: an audit
// row of «22.11.2026» is one made between that day's local midnight and the next one.
import { addDays, type IsoDate } from '../time.ts';

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (Moscow: +3 h). */
function offsetMs(instant: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Epoch ms of 00:00 local time on `date` in `timeZone`. */
export function startOfDay(date: IsoDate, timeZone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // Two passes: the offset at the guess may differ from the offset at the answer (DST change).
  const guess = utcMidnight - offsetMs(utcMidnight, timeZone);
  return utcMidnight - offsetMs(guess, timeZone);
}

/** [start, end) of the days from `from` to `to` inclusive; either side may be open. */
export function dayRange(from: IsoDate | undefined, to: IsoDate | undefined, timeZone: string): { start?: number; end?: number } {
  return {
    start: from ? startOfDay(from, timeZone) : undefined,
    end: to ? startOfDay(addDays(to, 1), timeZone) : undefined,
  };
}
