// When a reading rises so much that it is more likely a typo (an extra digit, a lost comma) than
// consumption, the resident is asked to confirm it rather than refused.
import type { Period } from '../period.ts';

/** A rise above this many typical months of consumption asks for confirmation. */
export const JUMP_TYPICAL_MONTHS = 10;

/**
 * The smallest monthly rise that asks for confirmation, in whole units, whatever the typical
 * consumption: it keeps small consumers from being asked every month, and is the whole check
 * when the typical consumption is not known yet. 100 units is far above a flat's monthly water
 * (5–15 m³), gas for cooking or heat (1–3 Gcal), yet well below the rise a typo makes. Electricity
 * runs 150–400 kWh a month (more with electric heating), so its floor is 1000 kWh.
 */
export const JUMP_FLOOR_UNITS_DEFAULT = 100;
const JUMP_FLOOR_UNITS: Record<string, number> = {
  'квт·ч': 1000,
  'квт*ч': 1000,
  'квтч': 1000,
  'kwh': 1000,
};

function floorUnits(unit: string | undefined): number {
  const key = (unit ?? '').toLowerCase().replace(/[\s.]/g, '');
  return JUMP_FLOOR_UNITS[key] ?? JUMP_FLOOR_UNITS_DEFAULT;
}

/** Whole months from one period to a later one: '2026-09' → '2026-11' is 2. */
export function monthsBetween(from: Period, to: Period): number {
  const index = (p: Period) => {
    const [y, m] = p.split('-').map(Number) as [number, number];
    return y * 12 + m;
  };
  return index(to) - index(from);
}

export interface JumpCheck {
  /** The service's unit, e.g. 'м³', 'кВт·ч', 'Гкал'. */
  unit?: string;
  typicalMonthlyMilli?: number;
  /** Months since the previous accepted reading (at least 1): the allowance grows with the gap. */
  months: number;
}

/** The largest rise, in thousandths, accepted without confirmation. */
export function jumpThresholdMilli({ unit, typicalMonthlyMilli, months }: JumpCheck): number {
  const perMonth = Math.max(JUMP_TYPICAL_MONTHS * Math.max(typicalMonthlyMilli ?? 0, 0), floorUnits(unit) * 1000);
  return perMonth * Math.max(months, 1);
}
