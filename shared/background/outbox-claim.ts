// Claiming and finishing outbox rows, one implementation for the e-mail and SMS outboxes. A pass
// claims due rows under a lease in one short transaction; each claim adds one to `attempts`, so
// (id, attempts) names one claim and a worker whose claim was taken over cannot overwrite the
// newer claim's outcome. Due means: pending and its time has come; or sending, and either its
// lease ran out or its owner is known dead (no fresh heartbeat: shared/background/heartbeat.ts).
import type { Knex } from 'knex';
import { dialectOf } from '../../db/dialect/index.ts';
import { beat, ownerIsDead, type WorkerRole } from './heartbeat.ts';

export interface ClaimOptions {
  table: 'email_outbox' | 'sms_outbox';
  /** Columns to read back besides id, attempts and lease_until. */
  columns: string[];
  at: number;
  limit: number;
  leaseMs: number;
  /** The claiming worker, whose heartbeat is refreshed in the claim; null for a one-off pass,
   *  whose claims only their lease frees. */
  claimer: { workerId: string; role: WorkerRole } | null;
}

export interface ClaimedRow {
  id: number;
  attempts: number;
  lease_until: number;
  [column: string]: unknown;
}

export async function claimOutboxRows(db: Knex, options: ClaimOptions): Promise<ClaimedRow[]> {
  const { table, at, limit, leaseMs, claimer } = options;
  return db.transaction(async (trx) => {
    // First, so a claim never names an owner without a heartbeat (which would count as dead).
    if (claimer) await beat(trx, claimer.workerId, claimer.role, at);
    const due: { id: number }[] = await dialectOf(db).claimRows(
      trx(table)
        .select('id')
        .where((q) => q.where('status', 'pending').andWhere('next_attempt_at', '<=', at))
        .orWhere((q) =>
          q.where('status', 'sending').andWhere((taken) => taken.where('lease_until', '<', at).orWhere(ownerIsDead(`${table}.claimed_by`, at))),
        )
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit),
    );
    if (due.length === 0) return [];
    const ids = due.map((r) => r.id);
    await trx(table)
      .whereIn('id', ids)
      .update({ status: 'sending', lease_until: at + leaseMs, attempts: trx.raw('attempts + 1'), claimed_by: claimer?.workerId ?? null });
    const rows: Record<string, unknown>[] = await trx(table)
      .whereIn('id', ids)
      .orderBy('id')
      .select('id', 'attempts', 'lease_until', ...options.columns);
    return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), lease_until: Number(r.lease_until) }));
  });
}

/** Records an outcome if this claim still holds the row; false when another claim took it over. */
export async function finishClaim(
  db: Knex,
  table: ClaimOptions['table'],
  row: { id: number; attempts: number },
  changes: Record<string, unknown>,
): Promise<boolean> {
  const updated = await db(table)
    .where({ id: row.id, status: 'sending', attempts: row.attempts })
    .update({ ...changes, lease_until: null, claimed_by: null });
  return Number(updated) === 1;
}
