// Tariff zones of multi-tariff electricity meters: one register, and one reading, per zone.

export const MAX_ZONES = 3;

const ZONE_NAMES: Record<number, readonly string[]> = {
  2: ['день (Т1)', 'ночь (Т2)'],
  3: ['пик (Т1)', 'полупик (Т2)', 'ночь (Т3)'],
};

/** «ночь (Т2)»; null for a single-tariff meter, whose one register has no name. */
export function zoneName(zones: number, zone: number): string | null {
  if (zones <= 1) return null;
  return ZONE_NAMES[zones]?.[zone - 1] ?? `Т${zone}`;
}

/** [1, 2] for a two-zone meter. */
export function zoneNumbers(zones: number): number[] {
  return Array.from({ length: zones }, (_, i) => i + 1);
}
