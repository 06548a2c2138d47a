// Data for the receipts benchmark: the demo town's companies and services, then N accounts with
// one billed period each, like a real receipt (8 service lines, a recalculation now and then,
// three meters with a two-zone one, penalties for some). No users: receipts need none, and
// hashing thousands of passwords would take minutes.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { insertRows, type Row } from '../db/bulk-insert.ts';
import type { EngineName } from '../db/dialect/index.ts';
import { withPgClient } from '../db/pg-admin.ts';
import { COMPANIES, SERVICES, type CompanyKey } from '../db/seeds/demo-catalog.ts';
import { addMonths, type Period } from '../shared/period.ts';

export interface ReceiptsBenchData {
  period: Period;
  accountIds: number[];
}

const FIRST_NAMES = ['Иван', 'Мария', 'Пётр', 'Анна', 'Сергей', 'Ольга', 'Алексей', 'Татьяна'];
const LAST_NAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов'];

/** An empty database: a file in `dir` on SQLite, a new database in the cluster on PostgreSQL. */
export async function emptyBenchDatabase(engine: EngineName, baseUrl: string | undefined, dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (engine === 'sqlite') return { url: `sqlite:${join(dir, 'receipts.sqlite')}`, drop: async () => {} };
  if (!baseUrl) throw new Error('PostgreSQL needs DATABASE_URL=postgres://…');
  const name = `kkp_bench_receipts_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withPgClient(baseUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withPgClient(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) };
}

export async function seedReceiptsBench(db: Knex, accounts: number, period: Period): Promise<ReceiptsBenchData> {
  const now = Date.now();
  const previous = addMonths(period, -1);
  await insertRows(db, 'companies', COMPANIES.map(({ key: _key, ...c }) => ({ ...c, created_at: now, updated_at: now })));
  const companies = new Map<string, number>((await db('companies').select('id', 'inn')).map((c) => [c.inn, c.id]));
  const companyId = (key: CompanyKey) => companies.get(COMPANIES.find((c) => c.key === key)?.inn ?? '') ?? null;
  await insertRows(db, 'settings', [
    { key: 'company.operatorId', value: JSON.stringify(companyId('operator')), updated_at: now },
    { key: 'support.phone', value: JSON.stringify('+7 (48153) 7-00-00'), updated_at: now },
    { key: 'emergency.phone', value: JSON.stringify('+7 (48153) 7-00-04'), updated_at: now },
  ]);
  await insertRows(db, 'services', SERVICES.map(({ provider, ...s }) => ({ ...s, provider_company_id: companyId(provider) })));
  const services = new Map<string, number>((await db('services').select('id', 'code')).map((s) => [s.code, s.id]));
  const service = (code: string) => services.get(code) as number;

  const buildings = 50;
  await insertRows(db, 'buildings', Array.from({ length: buildings }, (_, i) => ({
    city: 'Десногорск', street: `${1 + (i % 4)}-й микрорайон`, house: String(1 + Math.floor(i / 4)), block: '', created_at: now,
  })));
  const buildingIds: number[] = await db('buildings').orderBy('id').pluck('id');

  const accountRows: Row[] = Array.from({ length: accounts }, (_, i) => {
    const building = i % buildings;
    const flat = 1 + Math.floor(i / buildings);
    return {
      number: String(10_000_000 + i + 1).padStart(8, '0'), building_id: buildingIds[building] as number, flat: String(flat),
      address: `216400, Смоленская обл., г. Десногорск, ${1 + (building % 4)}-й микрорайон, д. ${1 + Math.floor(building / 4)}, кв. ${flat}`,
      total_area_cm2: 3_000 + (i % 60) * 100, living_area_cm2: 2_000 + (i % 40) * 100, residents: 1 + (i % 4),
      owner_name: `${LAST_NAMES[i % 8]} ${FIRST_NAMES[(i >> 3) % 8]} ${['Иванович', 'Петрович', 'Сергеевич'][i % 3]}`,
      created_at: now, updated_at: now,
    };
  });
  await insertRows(db, 'accounts', accountRows);
  const accountIds: number[] = await db('accounts').orderBy('number').pluck('id');

  const charges: Row[] = [];
  const balances: Row[] = [];
  const meters: Row[] = [];
  accountIds.forEach((accountId, i) => {
    const lines = [
      ['maintenance', 52_300, 2_850_000], ['cold_water', 4_200 + i % 900, 4_655_000], ['hot_water', 2_100 + i % 700, 24_980_000],
      ['water_disposal', 6_300 + i % 1_600, 3_320_000], ['heating', 1_100 + i % 300, 283_540_000],
      ['electricity_t1', 120_000 + i % 9_000, 648_000], ['electricity_t2', 60_000 + i % 5_000, 352_000], ['capital_repair', 52_300, 1_100_000],
    ] as const;
    let charged = 0;
    for (const [code, volume, tariff] of lines) {
      const amount = Math.round((volume * tariff) / 1e6);
      const recalculation = code === 'hot_water' && i % 7 === 0 ? -Math.round(amount * 0.15) : 0;
      const penalties = code === 'maintenance' && i % 11 === 0 ? 1_234 + i % 500 : 0;
      const total = amount + recalculation + penalties;
      charged += total;
      charges.push({
        account_id: accountId, period, service_id: service(code), volume_milli: volume, volume_common_milli: null, tariff_mkop: tariff,
        charged: amount, recalculation, recalculation_reason: recalculation ? 'Перерасчёт за перерыв в подаче горячей воды сверх допустимой продолжительности' : null,
        benefits: 0, penalties, total,
      });
    }
    const opening = i % 11 === 0 ? 1_500_000 + i : i % 5 === 0 ? -200_000 : 500_000 + i;
    const paid = i % 11 === 0 ? 0 : 500_000;
    balances.push({
      account_id: accountId, period, opening_balance: opening, charged, paid, penalties: 0, total_due: opening + charged - paid,
      paid_until: `${period}-28`, due_date: `${addMonths(period, 1)}-10`,
    });
    for (const [code, zones, precision] of [['cold_water', 1, 3], ['hot_water', 1, 3], ['electricity', 2, 1]] as const) {
      meters.push({
        account_id: accountId, service_id: service(code), serial: `${code.slice(0, 2).toUpperCase()}-${accountRows[i]?.number}`, zones, precision,
        location: code === 'electricity' ? null : 'ванная', verification_due: '2030-01-01', created_at: now,
      });
    }
  });
  await insertRows(db, 'charges', charges);
  await insertRows(db, 'balances', balances);
  await insertRows(db, 'meters', meters);
  const meterRows: { id: number; zones: number }[] = await db('meters').select('id', 'zones');
  const readings: Row[] = [];
  for (const m of meterRows) {
    for (let zone = 1; zone <= m.zones; zone++) {
      for (const [p, value] of [[previous, 100_000 * zone + m.id], [period, 110_000 * zone + m.id]] as const) {
        readings.push({ meter_id: m.id, period: p, zone, value_milli: value, taken_on: `${p}-24`, submitted_at: now, source: 'billing' });
      }
    }
  }
  await insertRows(db, 'readings', readings);
  return { period, accountIds };
}
