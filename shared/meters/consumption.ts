// Monthly consumption from accepted readings: the difference between a month's reading and the
// previous month's, per zone, summed. A month without both readings has no figure (billing
// charged it by average or normative), and a drop (a replaced meter) is not consumption.
import { addMonths, type Period } from '../period.ts';

export interface ReadingPoint {
  period: Period;
  zone: number;
  valueMilli: number;
}

export interface MonthConsumption {
  period: Period;
  /** Thousandths of the unit per zone (index 0 = zone 1); null when it cannot be known. */
  zones: (number | null)[];
  /** The zones' sum; null when any zone is unknown. */
  totalMilli: number | null;
}

/** The `months` periods ending with `last`, oldest first. */
export function monthlyConsumption(readings: readonly ReadingPoint[], zones: number, last: Period, months = 13): MonthConsumption[] {
  const value = new Map<string, number>();
  for (const r of readings) value.set(`${r.period}|${r.zone}`, r.valueMilli);
  const out: MonthConsumption[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const period = addMonths(last, -i);
    const previous = addMonths(period, -1);
    const perZone = Array.from({ length: zones }, (_, z) => {
      const now = value.get(`${period}|${z + 1}`);
      const before = value.get(`${previous}|${z + 1}`);
      if (now === undefined || before === undefined || now < before) return null;
      return now - before;
    });
    const known = perZone.every((v) => v !== null);
    out.push({ period, zones: perZone, totalMilli: known ? perZone.reduce<number>((s, v) => s + (v ?? 0), 0) : null });
  }
  return out;
}
