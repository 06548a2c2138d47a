// The meters page's one statement (shared/meters/page.ts) against the same data read plainly
// through knex and put together in JavaScript, for every account of a demo town: meters in
// order, each zone's latest value before the period, this period's values, and the window;
// and latestBefore, which a reading's submission uses, against the same.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Knex } from 'knex';
import { latestBefore, type MeterRow as ListedMeter } from '../../../shared/meters/list.ts';
import { metersPage } from '../../../shared/meters/page.ts';
import { readingsWindowFor } from '../../../shared/meters/readings-window.ts';
import type { Period } from '../../../shared/period.ts';
import { setSetting } from '../../../shared/settings/settings.ts';
import type { IsoDate } from '../../../shared/time.ts';
import { demoTownForSuite } from '../../support/demo-town.ts';
import { forEachEngine } from '../../support/engines.ts';

/** A meter as shared/meters/list.ts reads it, with its service's place on the receipt. */
type MeterRow = ListedMeter & { sort_order: number };

interface ReadingRow {
  meter_id: number;
  zone: number;
  period: string;
  value_milli: number;
  submitted_at: number;
  source: string;
}

/** What the page should show, from plain queries. */
async function expected(db: Knex, accountId: number, period: Period, today: IsoDate) {
  const meters: MeterRow[] = await db('meters as m')
    .join('services as s', 's.id', 'm.service_id')
    .where('m.account_id', accountId)
    .select('m.id', 'm.serial', 's.name as service_name', 's.unit', 'm.zones', 'm.precision', 'm.location', 'm.verification_due',
      'm.archived_at', 'm.archived_reason', 's.sort_order');
  meters.sort((a, b) =>
    Number(a.archived_at !== null) - Number(b.archived_at !== null) || a.sort_order - b.sort_order || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
  const readings: ReadingRow[] = meters.length === 0 ? [] : await db('readings')
    .whereIn('meter_id', meters.map((m) => m.id))
    .select('meter_id', 'zone', 'period', 'value_milli', 'submitted_at', 'source');
  return meters.map((m) => {
    const own = readings.filter((r) => r.meter_id === m.id);
    const zones = [...new Set(own.map((r) => r.zone))].sort((a, b) => a - b);
    const previous = zones.flatMap((zone) => {
      const before = own.filter((r) => r.zone === zone && r.period < period).sort((a, b) => (a.period < b.period ? 1 : -1))[0];
      return before ? [{ zone, valueMilli: Number(before.value_milli), period: before.period }] : [];
    });
    const current = own.filter((r) => r.period === period).sort((a, b) => a.zone - b.zone)
      .map((r) => ({ zone: r.zone, valueMilli: Number(r.value_milli), submittedAt: Number(r.submitted_at), source: r.source }));
    return {
      id: m.id, serial: m.serial, serviceName: m.service_name, unit: m.unit, zones: m.zones, precision: m.precision, location: m.location,
      verificationDue: m.verification_due, verificationExpired: today > m.verification_due,
      archived: m.archived_at !== null, archivedReason: m.archived_reason, previous, current,
    };
  });
}

forEachEngine('the meters page in one statement', (ctx) => {
  const town = demoTownForSuite(ctx, 60);

  it('shows every account what plain queries give, this period and a past one', async () => {
    const db = town.db();
    const accountIds = town.accountIds();
    let archived = 0;
    let twoZones = 0;
    for (const [period, today] of [['2026-11', '2026-11-23'], ['2026-06', '2026-06-24']] as const) {
      for (const accountId of accountIds) {
        const page = await metersPage(db, accountId, period, today);
        const want = await expected(db, accountId, period, today);
        assert.deepEqual(page.meters, want, `account ${accountId}, ${period}`);
        // latestBefore (a reading's submission, one meter's history) gives the same earlier values.
        const earlier = await latestBefore(db, want.map((m) => m.id), period);
        for (const m of want) {
          const got = [...(earlier.get(m.id) ?? [])].sort((a, b) => a.zone - b.zone).map((v) => ({ ...v, valueMilli: Number(v.valueMilli) }));
          assert.deepEqual(got, m.previous, `latestBefore, meter ${m.id}, ${period}`);
        }
        archived += page.meters.filter((m) => m.archived).length;
        twoZones += page.meters.filter((m) => m.zones === 2 && m.previous.length === 2).length;
      }
    }
    assert.deepEqual(await latestBefore(db, [], '2026-11'), new Map(), 'no meters, no values');
    assert.ok(archived > 0, 'the town has replaced (archived) meters');
    assert.ok(twoZones > 0, 'the town has two-zone meters with history in both zones');
  });

  it('takes the building’s own window when it has one, else the company setting', async () => {
    const db = town.db();
    const accountIds = town.accountIds();
    const [first, second] = accountIds as [number, number];
    await setSetting(db, 'readings.window', { startDay: 20, endDay: 26 });
    const { building_id: building } = await db('accounts').where({ id: first }).first('building_id');
    await db('accounts').where({ id: second }).update({ building_id: building });
    await db('buildings').update({ readings_start_day: null, readings_end_day: null });
    assert.deepEqual((await metersPage(db, first, '2026-11', '2026-11-23')).window, { startDay: 20, endDay: 26 });
    await db('buildings').where({ id: building }).update({ readings_start_day: 15, readings_end_day: 19 });
    for (const accountId of [first, second, ...accountIds.slice(2, 6)]) {
      const { window } = await metersPage(db, accountId, '2026-11', '2026-11-23');
      assert.deepEqual(window, await readingsWindowFor(db, accountId), `account ${accountId}`);
    }
    assert.deepEqual((await metersPage(db, first, '2026-11', '2026-11-23')).window, { startDay: 15, endDay: 19 });
    // No setting at all: the default window, as readingsWindowFor gives it.
    await db('settings').where({ key: 'readings.window' }).delete();
    await db('buildings').update({ readings_start_day: null, readings_end_day: null });
    assert.deepEqual((await metersPage(db, first, '2026-11', '2026-11-23')).window, { startDay: 23, endDay: 25 });
    assert.deepEqual(await readingsWindowFor(db, first), { startDay: 23, endDay: 25 });
  });
});
