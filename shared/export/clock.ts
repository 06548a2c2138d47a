// Instants shown as wall-clock time in the company's zone, fast enough for hundreds of thousands
// of rows: Intl is asked for the zone's offset once per quarter hour of UTC time (zone offsets
// only change on quarter-hour boundaries), the rest is integer arithmetic.
const QUARTER_HOUR_MS = 900_000;

export interface ZonedClock {
  /** 'YYYY-MM-DD HH:MM:SS' */
  dateTime(instant: number): string;
  /** 'YYYY-MM-DD' */
  date(instant: number): string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function zonedClock(timeZone: string): ZonedClock {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const offsets = new Map<number, number>();
  const offsetAt = (instant: number): number => {
    const bucket = Math.floor(instant / QUARTER_HOUR_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      const at = bucket * QUARTER_HOUR_MS;
      const parts = Object.fromEntries(fmt.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
      offset = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - at;
      offsets.set(bucket, offset);
    }
    return offset;
  };
  const wall = (instant: number) => new Date(instant + offsetAt(instant));
  const day = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return {
    dateTime(instant) {
      const d = wall(instant);
      return `${day(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    },
    date: (instant) => day(wall(instant)),
  };
}
