// Writes the simulated town in one transaction with multi-row INSERTs. Parents are inserted
// first and their generated ids read back by natural keys (account number, login, serial…),
// which works alike on both engines without relying on the order of RETURNING rows.
import type { Knex } from 'knex';
import { insertRows } from '../bulk-insert.ts';
import type { DemoBalance, DemoCharge, DemoPayment } from './demo-billing.ts';
import { COMPANIES, SERVICES, SETTINGS, CITY, POSTCODE, type CompanyKey } from './demo-catalog.ts';
import type { DemoMeter } from './demo-meters.ts';
import type { DemoAccount, DemoBuilding } from './demo-town.ts';
import type { DemoUser } from './demo-users.ts';

export interface DemoTown {
  buildings: readonly DemoBuilding[];
  accounts: readonly DemoAccount[];
  meters: readonly DemoMeter[];
  charges: readonly DemoCharge[];
  balances: readonly DemoBalance[];
  payments: readonly DemoPayment[];
  users: readonly DemoUser[];
  passwordHashes: readonly string[];
}

async function idsBy(db: Knex, table: string, key: (row: Record<string, unknown>) => string, columns: string[]): Promise<Map<string, number>> {
  const rows: Record<string, unknown>[] = await db(table).select('id', ...columns);
  return new Map(rows.map((r) => [key(r), Number(r.id)]));
}

function required<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`demo seed: no id for ${what} ${String(key)}`);
  return value;
}

/** Writes the town; returns the accounts' ids, in the town's order. */
export async function writeTown(trx: Knex, town: DemoTown, now: number): Promise<number[]> {
  const companyIds = await writeCompanies(trx, now);
  const serviceIds = await writeServices(trx, companyIds);
  const buildingIds = await writeBuildings(trx, town.buildings, now);
  const accountIds = await writeAccounts(trx, town.accounts, buildingIds, now);
  await writeUsers(trx, town, accountIds, now);
  const meterIds = await writeMeters(trx, town.meters, { accountIds, serviceIds, now });
  await writeReadings(trx, town.meters, meterIds);
  await writeBilling(trx, town, { accountIds, serviceIds, now });
  return accountIds;
}

async function writeCompanies(trx: Knex, now: number): Promise<Map<CompanyKey, number>> {
  await insertRows(trx, 'companies', COMPANIES.map(({ key: _key, ...company }) => ({ ...company, created_at: now, updated_at: now })));
  const byInn = await idsBy(trx, 'companies', (r) => String(r.inn), ['inn']);
  const ids = new Map(COMPANIES.map((c) => [c.key, required(byInn, c.inn, 'company')]));
  const settings = { ...SETTINGS, 'company.operatorId': required(ids, 'operator', 'company') };
  await insertRows(trx, 'settings', Object.entries(settings).map(([key, value]) => ({ key, value: JSON.stringify(value), updated_at: now })));
  return ids;
}

async function writeServices(trx: Knex, companyIds: Map<CompanyKey, number>): Promise<Map<string, number>> {
  await insertRows(
    trx,
    'services',
    SERVICES.map(({ provider, ...s }) => ({ ...s, provider_company_id: required(companyIds, provider, 'company') })),
  );
  return idsBy(trx, 'services', (r) => String(r.code), ['code']);
}

const buildingKey = (street: string, house: string, block: string) => `${street}|${house}|${block}`;

async function writeBuildings(trx: Knex, buildings: readonly DemoBuilding[], now: number): Promise<Map<DemoBuilding, number>> {
  await insertRows(
    trx,
    'buildings',
    buildings.map((b) => ({
      city: CITY,
      street: b.street,
      house: b.house,
      block: b.block,
      postcode: POSTCODE,
      readings_start_day: b.readingsWindow?.startDay ?? null,
      readings_end_day: b.readingsWindow?.endDay ?? null,
      created_at: now,
    })),
  );
  const ids = await idsBy(trx, 'buildings', (r) => buildingKey(String(r.street), String(r.house), String(r.block)), ['street', 'house', 'block']);
  return new Map(buildings.map((b) => [b, required(ids, buildingKey(b.street, b.house, b.block), 'building')]));
}

async function writeAccounts(trx: Knex, accounts: readonly DemoAccount[], buildingIds: Map<DemoBuilding, number>, now: number): Promise<number[]> {
  await insertRows(
    trx,
    'accounts',
    accounts.map((a) => ({
      number: a.number,
      building_id: required(buildingIds, a.building, 'building'),
      flat: a.flat,
      address: a.address,
      total_area_cm2: a.totalAreaCm2,
      living_area_cm2: a.livingAreaCm2,
      residents: a.residents,
      owner_name: a.ownerName,
      status: 'active',
      opened_on: a.openedOn,
      created_at: now,
      updated_at: now,
    })),
  );
  const byNumber = await idsBy(trx, 'accounts', (r) => String(r.number), ['number']);
  return accounts.map((a) => required(byNumber, a.number, 'account'));
}

async function writeUsers(trx: Knex, town: DemoTown, accountIds: number[], now: number): Promise<void> {
  await insertRows(
    trx,
    'users',
    town.users.map((u, i) => ({
      login: u.login.toLowerCase(),
      password_hash: town.passwordHashes[i] ?? null,
      full_name: u.fullName,
      email: u.email,
      email_verified_at: u.email ? now : null,
      phone: u.phone,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })),
  );
  const byLogin = await idsBy(trx, 'users', (r) => String(r.login), ['login']);
  const links = town.users.flatMap((u) =>
    u.accountIndexes.map((index) => ({
      user_id: required(byLogin, u.login.toLowerCase(), 'user'),
      account_id: accountIds[index] ?? null,
      created_at: now,
    })),
  );
  await insertRows(trx, 'user_accounts', links);
}

interface Ids {
  accountIds: number[];
  serviceIds: Map<string, number>;
  now: number;
}

async function writeMeters(trx: Knex, meters: readonly DemoMeter[], ids: Ids): Promise<Map<string, number>> {
  await insertRows(
    trx,
    'meters',
    meters.map((m) => ({
      account_id: ids.accountIds[m.accountIndex] ?? null,
      service_id: required(ids.serviceIds, m.service, 'service'),
      serial: m.serial,
      zones: m.zones,
      precision: m.precision,
      location: m.location,
      installed_on: m.installedOn,
      verified_on: m.verifiedOn,
      verification_due: m.verificationDue,
      archived_at: m.archivedAt,
      archived_reason: m.archivedReason,
      created_at: ids.now,
    })),
  );
  return idsBy(trx, 'meters', (r) => String(r.serial), ['serial']);
}

async function writeReadings(trx: Knex, meters: readonly DemoMeter[], meterIds: Map<string, number>): Promise<void> {
  const rows = meters.flatMap((m) =>
    m.readings.map((r) => ({
      meter_id: required(meterIds, m.serial, 'meter'),
      period: r.period,
      zone: r.zone,
      value_milli: r.valueMilli,
      taken_on: r.takenOn,
      submitted_at: r.submittedAt,
      source: 'billing',
    })),
  );
  await insertRows(trx, 'readings', rows);
}

async function writeBilling(trx: Knex, town: DemoTown, ids: Ids): Promise<void> {
  const account = (index: number) => ids.accountIds[index] ?? null;
  await insertRows(
    trx,
    'charges',
    town.charges.map((c) => ({
      account_id: account(c.accountIndex),
      period: c.period,
      service_id: required(ids.serviceIds, c.service, 'service'),
      volume_milli: c.volumeMilli,
      tariff_mkop: c.tariffMkop,
      charged: c.charged,
      recalculation: c.recalculation,
      recalculation_reason: c.recalculationReason,
      benefits: c.benefits,
      penalties: c.penalties,
      total: c.total,
    })),
  );
  await insertRows(
    trx,
    'balances',
    town.balances.map((b) => ({
      account_id: account(b.accountIndex),
      period: b.period,
      opening_balance: b.openingBalance,
      charged: b.charged,
      paid: b.paid,
      penalties: b.penalties,
      total_due: b.totalDue,
      paid_until: b.paidUntil,
      due_date: b.dueDate,
    })),
  );
  await insertRows(
    trx,
    'payments',
    town.payments.map((p) => ({
      account_id: account(p.accountIndex),
      amount: p.amount,
      paid_at: p.paidAt,
      period: p.period,
      source: p.source,
      status: 'succeeded',
      external_id: p.externalId,
      created_at: ids.now,
    })),
  );
}
