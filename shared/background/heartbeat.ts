// A background worker's sign of life in the database (worker_heartbeats): written when it starts,
// every HEARTBEAT_INTERVAL_MS while it runs, and at each claim; deleted when it stops cleanly.
// The outboxes use it to tell a claim of a process that died mid-send (its heartbeat went stale)
// from one still being worked on: the first is taken over within HEARTBEAT_STALE_MS, instead of
// waiting for the claim's lease, so a password-reset letter is not held for minutes by a crash.
// The beat runs on its own timer, beside the passes, so a long send does not look like a death.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { startPeriodic } from './periodic.ts';

export const HEARTBEAT_INTERVAL_MS = 10_000;
/** Three missed beats: a live process does not stall this long, so a claim is taken over only
 *  from one that is gone, and still well within a minute of its death. */
export const HEARTBEAT_STALE_MS = 30_000;
/** Rows of workers gone this long are deleted (their claims count as dead either way). */
const FORGET_AFTER_MS = 24 * 3_600_000;

export type WorkerRole = 'mail' | 'sms';

/** A new id for a worker: unique per start, readable in the outbox (which host, which pid). */
export function newWorkerId(role: WorkerRole): string {
  return `${role}:${hostname().slice(0, 40)}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Writes (or refreshes) the worker's heartbeat; may run inside the claim's transaction. */
export async function beat(db: Knex | Knex.Transaction, workerId: string, role: WorkerRole, at: number): Promise<void> {
  await db('worker_heartbeats')
    .insert({ worker_id: workerId, role, started_at: at, beat_at: at })
    .onConflict('worker_id')
    .merge({ beat_at: at });
}

/**
 * A condition on `column` (an outbox's claimed_by): the claim's owner is known dead, i.e. it has
 * no heartbeat newer than HEARTBEAT_STALE_MS (stale, or deleted). A claim without an owner (made
 * by a one-off pass) is never matched: only its lease frees it.
 */
export function ownerIsDead(column: string, at: number, staleMs = HEARTBEAT_STALE_MS) {
  return (q: Knex.QueryBuilder) =>
    q.whereNotNull(column).whereNotExists(function alive(this: Knex.QueryBuilder) {
      this.select(1).from('worker_heartbeats as h').whereRaw('h.worker_id = ??', [column]).andWhere('h.beat_at', '>=', at - staleMs);
    });
}

export interface RunningHeartbeat {
  readonly workerId: string;
  /** Stops beating and deletes the row (call after the worker's last pass has ended). */
  stop(): Promise<void>;
}

export function startHeartbeat(deps: {
  db: Knex;
  role: WorkerRole;
  logger: { error(details: object, message: string): void };
  now?: () => number;
  workerId?: string;
  intervalMs?: number;
}): RunningHeartbeat {
  const now = deps.now ?? Date.now;
  const workerId = deps.workerId ?? newWorkerId(deps.role);
  const loop = startPeriodic(
    async () => {
      const at = now();
      await beat(deps.db, workerId, deps.role, at);
      await deps.db('worker_heartbeats').where('beat_at', '<', at - FORGET_AFTER_MS).delete();
    },
    {
      intervalMs: deps.intervalMs ?? HEARTBEAT_INTERVAL_MS,
      logger: deps.logger,
      failureMessage: 'Не удалось отметить, что обработчик очереди работает; повтор позже',
      failureDetails: (error) => ({ error: error instanceof Error ? error.message : String(error) }),
    },
  );
  return {
    workerId,
    async stop() {
      await loop.stop();
      try {
        await deps.db('worker_heartbeats').where({ worker_id: workerId }).delete();
      } catch (error) {
        // The row then goes stale by itself; nothing of ours is claimed any more.
        deps.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'Не удалось убрать отметку обработчика очереди');
      }
    },
  };
}
