// Reference data the loader resolves file values against, loaded once per import in pages so
// a large company's accounts never come back in one result set (services: service-values.ts).
import type { Knex } from 'knex';

const PAGE = 20_000;

/** Account number → id, for every account. */
export async function loadAccountIds(db: Knex): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  let after = 0;
  for (;;) {
    const rows: { id: number; number: string }[] = await db('accounts').where('id', '>', after).orderBy('id').limit(PAGE).select('id', 'number');
    for (const r of rows) ids.set(String(r.number), Number(r.id));
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return ids;
    after = Number(last.id);
  }
}

export interface MeterRef {
  id: number;
  zones: number;
}

/** `accountId|serviceId|serial` → meter. */
export async function loadMeters(db: Knex): Promise<Map<string, MeterRef>> {
  const meters = new Map<string, MeterRef>();
  let after = 0;
  for (;;) {
    const rows: { id: number; account_id: number; service_id: number; serial: string; zones: number }[] = await db('meters')
      .where('id', '>', after).orderBy('id').limit(PAGE).select('id', 'account_id', 'service_id', 'serial', 'zones');
    for (const r of rows) meters.set(meterKey(Number(r.account_id), Number(r.service_id), r.serial), { id: Number(r.id), zones: Number(r.zones) });
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return meters;
    after = Number(last.id);
  }
}

export const meterKey = (accountId: number, serviceId: number, serial: string) => `${accountId}|${serviceId}|${serial}`;

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;

/**
 * 'YYYY-MM' → months since 2000-01, a small integer for compact keys (periods are 2000–2100).
 * Read digit by digit: called twice a row, two slices and two Number() were 2 % of an import.
 */
export function periodIndex(period: string): number {
  const year = digit(period, 0) * 1000 + digit(period, 1) * 100 + digit(period, 2) * 10 + digit(period, 3);
  return (year - 2000) * 12 + digit(period, 5) * 10 + digit(period, 6) - 1;
}
