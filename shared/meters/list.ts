// A resident's meters with their latest readings, and one meter's history. Meters are always
// looked up through the account, so another account's meter id is "not found".
import type { Knex } from 'knex';
import { notFound } from '../errors.ts';
import type { Period } from '../period.ts';
import type { IsoDate } from '../time.ts';

export interface MeterView {
  id: number;
  serial: string;
  serviceName: string;
  unit: string;
  zones: number;
  precision: number;
  location: string | null;
  verificationDue: IsoDate;
  verificationExpired: boolean;
  archived: boolean;
  archivedReason: string | null;
  /** Latest accepted value per zone before the current period. */
  previous: { zone: number; valueMilli: number; period: Period }[];
  /** Values accepted for the current period, if any. */
  current: { zone: number; valueMilli: number; submittedAt: number; source: string }[];
}

export interface MeterRow {
  id: number;
  serial: string;
  service_name: string;
  unit: string;
  zones: number;
  precision: number;
  location: string | null;
  verification_due: string;
  archived_at: number | null;
  archived_reason: string | null;
}

const meterColumns = [
  'm.id', 'm.serial', 's.name as service_name', 's.unit', 'm.zones', 'm.precision', 'm.location',
  'm.verification_due', 'm.archived_at', 'm.archived_reason',
];

export async function findAccountMeter(db: Knex, accountId: number, meterId: number): Promise<MeterRow & { service_id: number }> {
  const meter = await db('meters as m')
    .join('services as s', 's.id', 'm.service_id')
    .where({ 'm.id': meterId, 'm.account_id': accountId })
    .first([...meterColumns, 'm.service_id']);
  if (!meter) throw notFound('Счётчик не найден на этом лицевом счёте');
  return meter;
}

export interface MeterHistory {
  meter: MeterView;
  readings: { period: Period; zone: number; valueMilli: number; takenOn: IsoDate; source: string }[];
}

export async function meterHistory(db: Knex, accountId: number, meterId: number, period: Period, today: IsoDate): Promise<MeterHistory> {
  const row = await findAccountMeter(db, accountId, meterId);
  const [previous, current, readings] = await Promise.all([
    latestBefore(db, [meterId], period),
    readingsIn(db, [meterId], period),
    db('readings')
      .where({ meter_id: meterId })
      .orderBy([{ column: 'period', order: 'desc' }, { column: 'zone' }])
      .select('period', 'zone', 'value_milli', 'taken_on', 'source'),
  ]);
  return {
    meter: toMeterView(row, today, previous.get(meterId) ?? [], current.get(meterId) ?? []),
    readings: readings.map((r) => ({ period: r.period, zone: r.zone, valueMilli: r.value_milli, takenOn: r.taken_on, source: r.source })),
  };
}

/**
 * The rule for a meter's "previous" values, as SQL: for each meter the condition `meters` picks
 * (on `r`, the readings) and each zone, the accepted value of the latest period before `before`
 * (an SQL expression). Columns meter_id, zone, value_milli, period. One pass over the meters'
 * earlier readings, newest first per meter and zone (a max(period) subquery per reading could
 * read a meter's history again for each of its readings). The meters page nests it per meter in
 * its one statement (page.ts); latestBefore runs it for a list of meters.
 */
export function latestBeforeSql(meters: string, before: string): string {
  return `select x.meter_id, x.zone, x.value_milli, x.period
    from (select r.meter_id, r.zone, r.value_milli, r.period,
        row_number() over (partition by r.meter_id, r.zone order by r.period desc) as n
      from readings r where ${meters} and r.period < ${before}) x
    where x.n = 1`;
}

/** For each of the meters and each zone, the accepted value of the latest period before `period`. */
export async function latestBefore(db: Knex, meterIds: number[], period: Period) {
  // No meters, no values: and `in ()` is not SQL.
  const rows: { meter_id: number; zone: number; value_milli: number; period: string }[] = meterIds.length === 0 ? [] : await db
    .from(db.raw(`(${latestBeforeSql(`r.meter_id in (${meterIds.map(() => '?').join(', ')})`, '?')}) as latest`, [...meterIds, period]))
    .select('latest.meter_id', 'latest.zone', 'latest.value_milli', 'latest.period');
  return groupBy(rows, (r) => r.meter_id, (r) => ({ zone: r.zone, valueMilli: r.value_milli, period: r.period }));
}

async function readingsIn(db: Knex, meterIds: number[], period: Period) {
  const rows: { meter_id: number; zone: number; value_milli: number; submitted_at: number; source: string }[] = await db('readings')
    .whereIn('meter_id', meterIds)
    .andWhere({ period })
    .select('meter_id', 'zone', 'value_milli', 'submitted_at', 'source');
  return groupBy(rows, (r) => r.meter_id, (r) => ({ zone: r.zone, valueMilli: r.value_milli, submittedAt: r.submitted_at, source: r.source }));
}

/** A meter row and its values as the pages show it. */
export function toMeterView(m: MeterRow, today: IsoDate, previous: MeterView['previous'], current: MeterView['current']): MeterView {
  return {
    id: m.id,
    serial: m.serial,
    serviceName: m.service_name,
    unit: m.unit,
    zones: m.zones,
    precision: m.precision,
    location: m.location,
    verificationDue: m.verification_due,
    verificationExpired: today > m.verification_due,
    archived: m.archived_at !== null,
    archivedReason: m.archived_reason,
    previous: [...previous].sort((a, b) => a.zone - b.zone),
    current: [...current].sort((a, b) => a.zone - b.zone),
  };
}

function groupBy<R, V>(rows: R[], key: (r: R) => number, value: (r: R) => V): Map<number, V[]> {
  const map = new Map<number, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(value(r));
    else map.set(k, [value(r)]);
  }
  return map;
}
