// The running half of an outbox (e-mail, SMS): a heartbeat that tells other processes this worker
// is alive (so its claims are not taken over), and a periodic pass that delivers what is due —
// at once when this process queues a message, back to back while batches come full. Stopping
// finishes the pass under way, then removes the heartbeat: nothing of ours stays claimed.
import type { Knex } from 'knex';
import { startHeartbeat, type WorkerRole } from './heartbeat.ts';
import { startPeriodic } from './periodic.ts';

export interface RunningOutboxWorker {
  workerId: string;
  /** Run a pass now, or right after the one under way. */
  wake(): void;
  stop(): Promise<void>;
}

export function startOutboxWorker<R extends { claimed: number }>(o: {
  db: Knex;
  role: WorkerRole;
  logger: { error(details: object, message: string): void };
  now?: (() => number) | undefined;
  /** One pass over the outbox, claiming at most `batchSize` rows as `claimer`. */
  deliver: (claimer: { workerId: string; role: WorkerRole }) => Promise<R>;
  batchSize: number;
  /** Subscribes to messages queued in this process; returns the unsubscribe. */
  onQueued: (wake: () => void) => () => void;
  failureMessage: string;
  failureDetails: (error: unknown) => object;
  intervalMs?: number | undefined;
  heartbeatIntervalMs?: number | undefined;
  onPass?: ((result: R) => void) | undefined;
  /** After the heartbeat is gone (the mail worker closes its SMTP connections). */
  afterStop?: () => void;
}): RunningOutboxWorker {
  const heartbeat = startHeartbeat({ db: o.db, role: o.role, logger: o.logger, now: o.now, intervalMs: o.heartbeatIntervalMs });
  const claimer = { workerId: heartbeat.workerId, role: o.role };
  const worker = startPeriodic(() => o.deliver(claimer), {
    intervalMs: o.intervalMs ?? 10_000,
    logger: o.logger,
    failureMessage: o.failureMessage,
    failureDetails: o.failureDetails,
    onPass: o.onPass,
    // A full batch means more is due: no pause between batches.
    again: (result) => result.claimed >= o.batchSize,
  });
  const unsubscribe = o.onQueued(worker.wake);
  return {
    workerId: heartbeat.workerId,
    wake: worker.wake,
    async stop() {
      unsubscribe();
      await worker.stop();
      // After the last pass: nothing of ours is claimed any more.
      await heartbeat.stop();
      o.afterStop?.();
    },
  };
}
