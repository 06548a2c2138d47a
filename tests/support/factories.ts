// Factories: a resident with an account, meters, charges, balances and payments in one call.
// Values are small and round so tests can assert exact sums.
import type { Knex } from 'knex';
import { hashPassword } from '../../shared/auth/password.ts';
import { addMonths, type Period } from '../../shared/period.ts';

const NOW = () => Date.now();

export interface World {
  companyId: number;
  buildingId: number;
  services: Record<'cold_water' | 'hot_water' | 'electricity' | 'maintenance', number>;
}

/** The company, settings, a building and services; call once per database. */
export async function createWorld(db: Knex): Promise<World> {
  const now = NOW();
  const [company] = await db('companies')
    .insert({
      name: 'Муниципальное унитарное предприятие «Тестовое»', short_name: 'МУП «Тест»', is_operator: true,
      inn: '6724000000', kpp: '672401001', bank_name: 'ПАО Тестбанк', bic: '044525000',
      settlement_account: '40702810000000000001', correspondent_account: '30101810000000000000',
      created_at: now, updated_at: now,
    })
    .returning('id');
  const companyId = idOf(company);
  await db('settings').insert([
    { key: 'company.operatorId', value: JSON.stringify(companyId), updated_at: now },
    { key: 'readings.window', value: JSON.stringify({ startDay: 23, endDay: 25 }), updated_at: now },
    { key: 'support.phone', value: JSON.stringify('+7 (48153) 0-00-00'), updated_at: now },
    { key: 'emergency.phone', value: JSON.stringify('+7 (48153) 0-00-01'), updated_at: now },
  ]);
  const [building] = await db('buildings')
    .insert({ city: 'Десногорск', street: '1-й микрорайон', house: '1', block: '', created_at: now })
    .returning('id');
  const serviceRows = [
    { code: 'cold_water', name: 'Холодное водоснабжение', unit: 'м³', metered: true, sort_order: 1 },
    { code: 'hot_water', name: 'Горячее водоснабжение', unit: 'м³', metered: true, sort_order: 2 },
    { code: 'electricity', name: 'Электроснабжение', unit: 'кВт·ч', metered: true, sort_order: 3 },
    { code: 'maintenance', name: 'Содержание жилого помещения', unit: 'м²', metered: false, sort_order: 4 },
  ];
  const services = {} as World['services'];
  for (const s of serviceRows) {
    const [row] = await db('services').insert({ ...s, provider_company_id: companyId }).returning('id');
    services[s.code as keyof World['services']] = idOf(row);
  }
  return { companyId, buildingId: idOf(building), services };
}

export interface ResidentFixture {
  userId: number;
  login: string;
  password: string;
  accountId: number;
  accountNumber: string;
  meters: { coldWater: number; electricity: number };
  periods: Period[];
}

export interface ResidentOptions {
  accountNumber: string;
  password?: string;
  /** The last billed period; two periods are billed: this one and the one before. */
  lastPeriod?: Period;
  verificationDue?: string;
  email?: string;
}

/**
 * A resident with one account: two billed periods of 1 000 ₽ charges (cold water 300, electricity
 * 200, maintenance 500), an opening debt of 500 ₽, one 1 000 ₽ payment in the first period, so the
 * balance is 500 + 1000 − 1000 = 500 after the first and 500 + 1000 = 1 500 ₽ after the second.
 * A cold-water meter (precision 3) read at 100,000 then 110,000; a two-zone electricity meter
 * (precision 1) read at 1000,0/500,0 then 1100,0/540,0.
 */
export async function createResident(db: Knex, world: World, o: ResidentOptions): Promise<ResidentFixture> {
  const now = NOW();
  const password = o.password ?? `Pass-${o.accountNumber}`;
  const last = o.lastPeriod ?? '2026-10';
  const first = addMonths(last, -1);
  const [account] = await db('accounts')
    .insert({
      number: o.accountNumber, building_id: world.buildingId, flat: o.accountNumber.slice(-2),
      address: `г. Десногорск, 1-й микрорайон, д. 1, кв. ${Number(o.accountNumber.slice(-2))}`,
      total_area_cm2: 5230, residents: 2, owner_name: `Иванов Иван ${o.accountNumber}`, created_at: now, updated_at: now,
    })
    .returning('id');
  const accountId = idOf(account);
  const [user] = await db('users')
    .insert({ login: o.accountNumber, password_hash: await hashPassword(password), email: o.email ?? null, created_at: now, updated_at: now })
    .returning('id');
  const userId = idOf(user);
  await db('user_accounts').insert({ user_id: userId, account_id: accountId, created_at: now });

  for (const period of [first, last]) {
    await db('charges').insert([
      charge(accountId, period, world.services.cold_water, { volume_milli: 10_000, tariff_mkop: 3_000_000, total: 30_000 }),
      charge(accountId, period, world.services.electricity, { volume_milli: 40_000, tariff_mkop: 500_000, total: 20_000 }),
      charge(accountId, period, world.services.maintenance, { volume_milli: 52_300, tariff_mkop: 956_023, total: 50_000 }),
    ]);
  }
  await db('balances').insert([
    { account_id: accountId, period: first, opening_balance: 50_000, charged: 100_000, paid: 100_000, penalties: 0, total_due: 50_000, due_date: `${addMonths(first, 1)}-10` },
    { account_id: accountId, period: last, opening_balance: 50_000, charged: 100_000, paid: 0, penalties: 0, total_due: 150_000, due_date: `${addMonths(last, 1)}-10` },
  ]);
  await db('payments').insert({
    account_id: accountId, amount: 100_000, paid_at: Date.parse(`${first}-15T09:00:00Z`), period: first,
    source: 'billing', status: 'succeeded', external_id: `pay-${o.accountNumber}-1`, created_at: now,
  });

  const due = o.verificationDue ?? '2030-01-01';
  const [cold] = await db('meters')
    .insert({ account_id: accountId, service_id: world.services.cold_water, serial: `CW-${o.accountNumber}`, zones: 1, precision: 3, location: 'кухня', verification_due: due, created_at: now })
    .returning('id');
  const [elec] = await db('meters')
    .insert({ account_id: accountId, service_id: world.services.electricity, serial: `EL-${o.accountNumber}`, zones: 2, precision: 1, verification_due: due, created_at: now })
    .returning('id');
  const coldWater = idOf(cold);
  const electricity = idOf(elec);
  const reading = (meterId: number, period: Period, zone: number, value: number) => ({
    meter_id: meterId, period, zone, value_milli: value, taken_on: `${period}-24`, submitted_at: Date.parse(`${period}-24T10:00:00Z`), source: 'billing',
  });
  await db('readings').insert([
    reading(coldWater, first, 1, 100_000), reading(coldWater, last, 1, 110_000),
    reading(electricity, first, 1, 1_000_000), reading(electricity, first, 2, 500_000),
    reading(electricity, last, 1, 1_100_000), reading(electricity, last, 2, 540_000),
  ]);
  return { userId, login: o.accountNumber, password, accountId, accountNumber: o.accountNumber, meters: { coldWater, electricity }, periods: [first, last] };
}

/** Links one more account to an existing user (a second flat). */
export async function linkAccount(db: Knex, userId: number, accountId: number): Promise<void> {
  await db('user_accounts').insert({ user_id: userId, account_id: accountId, created_at: NOW() });
}

function charge(accountId: number, period: Period, serviceId: number, v: { volume_milli: number; tariff_mkop: number; total: number }) {
  return { account_id: accountId, period, service_id: serviceId, ...v, charged: v.total, recalculation: 0, benefits: 0, penalties: 0 };
}

/** knex returns `[{ id }]` on PostgreSQL and `[id]` on SQLite. */
export function idOf(row: unknown): number {
  return typeof row === 'object' && row !== null ? Number((row as { id: number }).id) : Number(row);
}
