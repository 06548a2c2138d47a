// A resident submits readings for one meter of one of their accounts — or a clerk takes them for
// the resident, at the counter or on the phone (`taker`). The rules are the pure
// validateSubmission, the same either way; this command loads what it needs, and writes the
// values and the audit row in one transaction. A correction within the window replaces the
// period's earlier value.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { currentPeriod, type Period } from '../period.ts';
import { monthsBetween } from '../readings/jump.ts';
import type { ReadingSubmission } from '../readings/schema.ts';
import { validateSubmission, type ValidationResult } from '../readings/validate.ts';
import { localDate } from '../time.ts';
import { findAccountMeter, latestBefore } from './list.ts';
import { readingsWindowFor } from './readings-window.ts';

/** Where a clerk took the readings: the reading's `source`, as the export to billing shows it. */
export type TakenBy = { staffId: number; channel: 'office' | 'phone' };

export interface SubmitReadingInput {
  /** The resident who submits; null when a clerk takes the readings (`taker`). */
  userId: number | null;
  taker?: TakenBy;
  accountId: number;
  submission: ReadingSubmission;
  now: number;
  timeZone: string;
  ip?: string;
}

export type SubmitReadingResult = ValidationResult & { period: Period };

export async function submitReading(db: Knex, input: SubmitReadingInput): Promise<SubmitReadingResult> {
  const meter = await findAccountMeter(db, input.accountId, input.submission.meterId);
  const today = localDate(input.now, input.timeZone);
  const period = currentPeriod(input.now, input.timeZone);
  const [window, previousByMeter, existing, typicalMonthlyMilli] = await Promise.all([
    readingsWindowFor(db, input.accountId),
    latestBefore(db, [meter.id], period),
    db('readings').where({ meter_id: meter.id, period }).first('id'),
    typicalMonthlyConsumption(db, meter.id, period),
  ]);

  const result = validateSubmission({
    meter: {
      id: meter.id,
      serial: meter.serial,
      serviceName: meter.service_name,
      unit: meter.unit,
      zones: meter.zones,
      precision: meter.precision,
      verificationDue: meter.verification_due,
      archived: meter.archived_at !== null,
    },
    today,
    window,
    values: input.submission.values,
    previous: previousByMeter.get(meter.id) ?? [],
    existingThisPeriod: Boolean(existing),
    confirmedJump: input.submission.confirmJump,
    typicalMonthlyMilli,
  });
  if (!result.ok) return { ...result, period };

  await db.transaction(async (trx) => {
    for (const v of result.values) {
      await trx('readings')
        .insert({
          meter_id: meter.id, period, zone: v.zone, value_milli: v.valueMilli, taken_on: today,
          submitted_at: input.now, source: input.taker?.channel ?? 'resident', user_id: input.userId,
        })
        .onConflict(['meter_id', 'period', 'zone'])
        .merge(['value_milli', 'taken_on', 'submitted_at', 'source', 'user_id']);
    }
    await writeAudit(trx, {
      ...(input.taker ? { actorType: 'staff' as const, actorId: input.taker.staffId } : { actorType: 'resident' as const, actorId: input.userId }),
      action: result.correction ? 'reading.correct' : 'reading.submit',
      subjectType: 'meter', subjectId: meter.id, accountId: input.accountId, ip: input.ip, at: input.now,
      details: { period, values: result.values, ...(input.taker ? { source: input.taker.channel } : {}) },
    });
  });
  return { ...result, period };
}

/** Average monthly rise over the last accepted readings (largest zone), for the jump check. */
async function typicalMonthlyConsumption(db: Knex, meterId: number, period: Period): Promise<number | undefined> {
  const rows: { zone: number; period: string; value_milli: number }[] = await db('readings')
    .where({ meter_id: meterId })
    .andWhere('period', '<', period)
    .orderBy('period', 'desc')
    .limit(7 * 3)
    .select('zone', 'period', 'value_milli');
  let typical: number | undefined;
  for (const zone of new Set(rows.map((r) => r.zone))) {
    const series = rows.filter((r) => r.zone === zone).slice(0, 7);
    const newest = series[0];
    const oldest = series[series.length - 1];
    if (!newest || !oldest || newest === oldest) continue;
    const months = monthsBetween(oldest.period, newest.period);
    const perMonth = (newest.value_milli - oldest.value_milli) / Math.max(months, 1);
    typical = Math.max(typical ?? 0, Math.round(perMonth));
  }
  return typical;
}
