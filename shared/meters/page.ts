// The meters page's data in one prepared statement: the account's meters with their service,
// each meter's latest accepted values before the period and this period's values, and the
// readings window (the building's own, else the company setting: readings-window.ts). The page
// is the busiest one during the readings window; through knex it took six statements and about
// 1.4 ms of CPU.
import type { Knex } from 'knex';
import { prepared, runPrepared } from '../../db/prepared.ts';
import type { Period } from '../period.ts';
import type { ReadingsWindow } from '../readings/window.ts';
import { parseJson } from '../residents/sessions.ts';
import type { IsoDate } from '../time.ts';
import { latestBeforeSql, toMeterView, type MeterView } from './list.ts';
import { windowOf, windowSourceColumns } from './readings-window.ts';

export interface MetersPage {
  meters: MeterView[];
  window: ReadingsWindow;
}

type MeterTuple = [
  id: number, serial: string, serviceName: string, unit: string, zones: number, precision: number, location: string | null,
  verificationDue: IsoDate, archivedAt: number | null, archivedReason: string | null,
  previous: [zone: number, valueMilli: number, period: Period][],
  current: [zone: number, valueMilli: number, submittedAt: number, source: string][],
];

type PageTuple = [meters: MeterTuple[], startDay: number | null, endDay: number | null, setting: string | null];

// Parameters: account, period. Live meters first, then by the service's place on the receipt
// and serial; values by zone. "Previous" is, per zone, the value of the latest period before
// this one: latestBeforeSql, the rule latestBefore runs too (shared/meters/list.ts).
const METERS_PAGE = prepared('meters_page', (json) => {
  const previous = json.nested(`select ${json.arrayAgg(json.array('p.zone', 'p.value_milli', 'p.period'), 'p.zone')}
    from (${latestBeforeSql('r.meter_id = m.id', 'cur.period')}) p`);
  const current = json.nested(`select ${json.arrayAgg(json.array('r.zone', 'r.value_milli', 'r.submitted_at', 'r.source'), 'r.zone')}
    from readings r where r.meter_id = m.id and r.period = cur.period`);
  const meter = json.array(
    'm.id', 'm.serial', 's.name', 's.unit', 'm.zones', 'm."precision"', 'm.location', 'm.verification_due', 'm.archived_at', 'm.archived_reason',
    previous, current,
  );
  return `
with cur as (select cast(? as integer) as account_id, ${json.param('text')} as period)
select ${json.array(
    json.nested(`select ${json.arrayAgg(meter, 'case when m.archived_at is null then 0 else 1 end, s.sort_order, m.serial')}
      from meters m join services s on s.id = m.service_id where m.account_id = cur.account_id`),
    ...windowSourceColumns('cur.account_id'),
  )} as j
from cur`;
});

export async function metersPage(db: Knex, accountId: number, period: Period, today: IsoDate): Promise<MetersPage> {
  const [row] = await runPrepared<{ j: unknown }>(db, METERS_PAGE, [accountId, period]);
  if (!row) throw new Error('meters page query returned no row');
  const [meters, startDay, endDay, setting] = parseJson<PageTuple>(row.j);
  return {
    meters: meters.map((m) =>
      toMeterView(
        {
          id: m[0], serial: m[1], service_name: m[2], unit: m[3], zones: m[4], precision: m[5], location: m[6],
          verification_due: m[7], archived_at: m[8], archived_reason: m[9],
        },
        today,
        m[10].map(([zone, valueMilli, p]) => ({ zone, valueMilli, period: p })),
        m[11].map(([zone, valueMilli, submittedAt, source]) => ({ zone, valueMilli, submittedAt, source })),
      ),
    ),
    window: windowOf({ startDay, endDay, setting }),
  };
}
