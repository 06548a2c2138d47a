// Big canonical charges files for the kill test and the benchmark: accounts × periods × services
// rows, written as a stream (UTF-8, `;`), and the accounts they need, inserted in bulk.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Knex } from 'knex';
import { insertRows, type Row } from '../../db/bulk-insert.ts';

export const accountNumberAt = (i: number) => String(30_000_000 + i).padStart(8, '0');

export const CHARGE_COLUMNS = ['account', 'period', 'service_code', 'volume', 'tariff', 'charged', 'recalculation', 'benefits', 'penalties', 'total'];

/** The typed values the file's row i holds (kopecks, thousandths), for a raw insert of the same rows. */
export function chargeFigures(i: number): { volume: number; tariff: number; charged: number; recalculation: number; total: number } {
  const volume = 1_000 + (i % 9_000); // thousandths
  const tariff = 4_012_345; // thousandths of a kopeck per unit
  const charged = Math.round((volume * tariff) / 1_000_000);
  const recalculation = i % 17 === 0 ? -150 : 0;
  return { volume, tariff, charged, recalculation, total: charged + recalculation };
}

const money = (kopecks: number) => `${kopecks < 0 ? '-' : ''}${Math.floor(Math.abs(kopecks) / 100)},${String(Math.abs(kopecks) % 100).padStart(2, '0')}`;
const milli = (v: number) => `${Math.floor(v / 1000)},${String(v % 1000).padStart(3, '0')}`;
const tariffText = (v: number) => `${Math.floor(v / 100_000)},${String(v % 100_000).padStart(5, '0')}`;

export interface ChargesFileShape {
  accounts: number;
  periods: string[];
  services: string[];
}

/** Row order: period, then account, then service; row i ↔ chargeFigures(i). */
export async function writeChargesCsv(path: string, shape: ChargesFileShape): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  out.write(`${CHARGE_COLUMNS.join(';')}\n`);
  let i = 0;
  let buffer = '';
  for (const period of shape.periods) {
    for (let a = 0; a < shape.accounts; a++) {
      for (const service of shape.services) {
        const f = chargeFigures(i++);
        buffer += `${accountNumberAt(a)};${period};${service};${milli(f.volume)};${tariffText(f.tariff)};${money(f.charged)};${f.recalculation ? money(f.recalculation) : ''};;;${money(f.total)}\n`;
        if (buffer.length > 1 << 20) {
          if (!out.write(buffer)) await once(out, 'drain');
          buffer = '';
        }
      }
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return i;
}

/** Accounts 0…n-1 of the file, in one building; returns number → id. */
export async function insertAccounts(db: Knex, buildingId: number, count: number): Promise<Map<string, number>> {
  const now = Date.now();
  const rows: Row[] = [];
  for (let a = 0; a < count; a++) {
    rows.push({ number: accountNumberAt(a), building_id: buildingId, flat: String(a), address: `кв. ${a}`, total_area_cm2: 5000, residents: 1, owner_name: `Житель ${a}`, status: 'active', created_at: now, updated_at: now });
  }
  for (let start = 0; start < rows.length; start += 5_000) await insertRows(db, 'accounts', rows.slice(start, start + 5_000));
  const ids = new Map<string, number>();
  for (const r of (await db('accounts').select('id', 'number')) as { id: number; number: string }[]) ids.set(r.number, Number(r.id));
  return ids;
}
