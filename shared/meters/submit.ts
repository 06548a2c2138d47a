// A resident submits readings for one meter of one of their accounts — or a clerk takes them for
// the resident, at the counter or on the phone (`taker`). The rules are the pure
// validateSubmission, the same either way; this command loads what it needs, and writes the
// values and the audit row in one transaction. A correction within the window replaces the
// period's earlier value. What the period already holds is read again inside that transaction,
// after taking the meter's turn: of two identical submits racing (a double click, a retried
// request), the second finds the first's values and changes nothing, so the audit tells one
// submission, not two.
import type { Knex } from 'knex';
import { engineOf } from '../../db/dialect/index.ts';
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

export type SubmitReadingResult = ValidationResult & {
  period: Period;
  /** The period already held exactly these values from the same source: nothing was written or audited. */
  unchanged?: boolean;
};

export async function submitReading(db: Knex, input: SubmitReadingInput): Promise<SubmitReadingResult> {
  const meter = await findAccountMeter(db, input.accountId, input.submission.meterId);
  const today = localDate(input.now, input.timeZone);
  const period = currentPeriod(input.now, input.timeZone);
  const [window, previousByMeter, existing, typicalMonthlyMilli] = await Promise.all([
    readingsWindowFor(db, input.accountId),
    latestBefore(db, [meter.id], period),
    // For the rules only; whether this is a submission, a correction or a repeat is decided by
    // the read inside the write's transaction below.
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

  const source = input.taker?.channel ?? 'resident';
  const written = await db.transaction(async (trx) => {
    // Submits for one meter take turns. SQLite's transactions already do (BEGIN IMMEDIATE:
    // one writer at a time); on PostgreSQL the meter's row lock makes the second wait for the
    // first to commit, so its read below sees the first's values.
    if (engineOf(trx) === 'postgres') await trx('meters').where({ id: meter.id }).forUpdate().first('id');
    const stored: { zone: number; value_milli: number | string; source: string }[] = await trx('readings')
      .where({ meter_id: meter.id, period })
      .select('zone', 'value_milli', 'source');
    if (sameReading(stored, result.values, source)) return 'unchanged' as const;
    const correction = stored.length > 0;
    for (const v of result.values) {
      await trx('readings')
        .insert({
          meter_id: meter.id, period, zone: v.zone, value_milli: v.valueMilli, taken_on: today,
          submitted_at: input.now, source, user_id: input.userId,
        })
        .onConflict(['meter_id', 'period', 'zone'])
        .merge(['value_milli', 'taken_on', 'submitted_at', 'source', 'user_id']);
    }
    await writeAudit(trx, {
      ...(input.taker ? { actorType: 'staff' as const, actorId: input.taker.staffId } : { actorType: 'resident' as const, actorId: input.userId }),
      action: correction ? 'reading.correct' : 'reading.submit',
      subjectType: 'meter', subjectId: meter.id, accountId: input.accountId, ip: input.ip, at: input.now,
      details: { period, values: result.values, ...(input.taker ? { source: input.taker.channel } : {}) },
    });
    return correction ? ('correction' as const) : ('submission' as const);
  });
  // The transaction's read decides, not the one before it: a racing twin may have written since.
  return written === 'unchanged'
    ? { ...result, correction: false, unchanged: true, period }
    : { ...result, correction: written === 'correction', period };
}

/** The period holds exactly these zone values, all from the same source (a repeat, not a correction). */
function sameReading(stored: { zone: number; value_milli: number | string; source: string }[], values: readonly { zone: number; valueMilli: number }[], source: string): boolean {
  if (stored.length !== values.length) return false;
  return values.every((v) => stored.some((s) => Number(s.zone) === v.zone && Number(s.value_milli) === v.valueMilli && s.source === source));
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
