// Delivers the SMS outbox, the way shared/mail/worker.ts delivers e-mail: a pass claims due rows
// under a lease in one short transaction, sends each, and records the outcome only if the lease
// is still its own ((id, attempts) names one claim).
//
//   pending ──claim──▶ sending ──accepted (code 100)──▶ sent
//      ▲                  │ ──bad number, no route, stop list, or too many per-number refusals──▶ failed
//      └──── back-off ────┘ (gateway down, 5xx, auth, balance: retried, nothing lost)
//
// Which gateway: the 'sms.gateway' setting (read every pass, so an edit in the console takes
// effect without a restart) with SMS_RU_API_ID winning; neither: the log transport of the demo.
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import { dialectOf } from '../../db/dialect/index.ts';
import { startPeriodic } from '../background/periodic.ts';
import { retryDelayMs } from '../mail/backoff.ts';
import { getSetting } from '../settings/settings.ts';
import { createLogSmsTransport } from './log-transport.ts';
import { onSmsQueued } from './outbox.ts';
import { createSmsRuTransport } from './smsru.ts';
import { classifySmsFailure, describeSmsFailure, type SmsLogger, type SmsMessage, type SmsTransport } from './transport.ts';

export interface SmsWorkerDeps {
  db: Knex;
  logger: SmsLogger;
  /** Where the log transport writes (smsDirFor(config): var/sms beside var/mail). */
  smsDir: string;
  /** AppConfig.smsRuApiId. */
  smsRuApiId?: string;
  now?: () => number;
  random?: () => number;
  /** Rows claimed per pass (default 20). */
  batchSize?: number;
  /** How long a claim lasts (default 10 min). */
  leaseMs?: number;
  /** Tries before a message refused for this number is given up (default 8, about 1 h). */
  maxAttempts?: number;
  /** For tests: the gateway's timeout and fetch. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface SmsPassResult {
  sent: number;
  retried: number;
  failed: number;
  claimed: number;
}

const DEFAULTS = { batchSize: 20, leaseMs: 10 * 60_000, maxAttempts: 8 };
const leaseMarginMs = (leaseMs: number) => Math.min(2 * 60_000, leaseMs / 5);

/** var/sms beside the mail folder (MAIL_DIR, default var/mail). */
export function smsDirFor(config: { mailDir: string }): string {
  return join(dirname(config.mailDir), 'sms');
}

interface OutboxRow {
  id: number;
  kind: string;
  to_phone: string;
  text: string;
  message_key: string;
  created_at: number;
  attempts: number;
  lease_until: number;
}

/** The transport for the current settings. */
export async function currentSmsTransport(deps: Pick<SmsWorkerDeps, 'db' | 'logger' | 'smsDir' | 'smsRuApiId' | 'timeoutMs' | 'fetch'>): Promise<SmsTransport> {
  const settings = await getSetting(deps.db, 'sms.gateway');
  const apiId = deps.smsRuApiId ?? settings?.apiId;
  if (!apiId) return createLogSmsTransport({ dir: deps.smsDir, logger: deps.logger });
  return createSmsRuTransport({ apiId, sender: settings?.sender, baseUrl: settings?.baseUrl, timeoutMs: deps.timeoutMs, fetch: deps.fetch });
}

/** One pass over the outbox: claims up to a batch of due SMS and sends them. */
export async function deliverDueSms(deps: SmsWorkerDeps): Promise<SmsPassResult> {
  const now = deps.now ?? Date.now;
  const batchSize = deps.batchSize ?? DEFAULTS.batchSize;
  const leaseMs = deps.leaseMs ?? DEFAULTS.leaseMs;
  const result: SmsPassResult = { sent: 0, retried: 0, failed: 0, claimed: 0 };
  const transport = await currentSmsTransport(deps);
  const rows = await claimDue(deps.db, now(), batchSize, leaseMs);
  result.claimed = rows.length;
  for (const [index, row] of rows.entries()) {
    if (now() >= row.lease_until - leaseMarginMs(leaseMs)) {
      deps.logger.warn({ smsOutboxId: row.id }, 'SMS не отправлено: срок захвата истекает, его возьмёт следующий проход');
      continue;
    }
    const { outcome, serverFailure } = await deliverOne(deps, transport, row, now);
    result[outcome] += 1;
    // The gateway is down or refuses us: the rest of the batch would only meet the same answer.
    if (serverFailure) {
      const rest = rows.slice(index + 1);
      for (const other of rest) await scheduleRetry(deps, other, now(), `Не отправлено: ${serverFailure}`);
      result.retried += rest.length;
      break;
    }
  }
  return result;
}

async function deliverOne(
  deps: SmsWorkerDeps,
  transport: SmsTransport,
  row: OutboxRow,
  now: () => number,
): Promise<{ outcome: 'sent' | 'retried' | 'failed'; serverFailure?: string }> {
  let providerMessageId: string | null;
  try {
    ({ providerMessageId } = await transport.send(toMessage(row)));
  } catch (error) {
    const kind = classifySmsFailure(error);
    const reason = describeSmsFailure(error);
    const maxAttempts = deps.maxAttempts ?? DEFAULTS.maxAttempts;
    if (kind === 'permanent' || (kind === 'message' && row.attempts >= maxAttempts)) {
      await finish(deps.db, row, { status: 'failed', last_error: reason });
      deps.logger.error({ smsOutboxId: row.id, kind: row.kind, attempts: row.attempts, error: reason }, 'SMS не доставлено и больше не отправляется');
      return { outcome: 'failed' };
    }
    await scheduleRetry(deps, row, now(), reason);
    return kind === 'server' ? { outcome: 'retried', serverFailure: reason } : { outcome: 'retried' };
  }
  const recorded = await finish(deps.db, row, { status: 'sent', sent_at: now(), last_error: null, provider_message_id: providerMessageId });
  if (!recorded) deps.logger.warn({ smsOutboxId: row.id }, 'SMS отправлено, но его захват уже перехватил другой обработчик');
  return { outcome: 'sent' };
}

async function scheduleRetry(deps: SmsWorkerDeps, row: OutboxRow, at: number, reason: string): Promise<void> {
  const nextAttemptAt = at + retryDelayMs(row.attempts, deps.random);
  await finish(deps.db, row, { status: 'pending', next_attempt_at: nextAttemptAt, last_error: reason });
  deps.logger.warn({ smsOutboxId: row.id, kind: row.kind, attempts: row.attempts, nextAttemptAt, error: reason }, 'SMS не отправлено, будет новая попытка');
}

async function finish(db: Knex, row: OutboxRow, changes: Record<string, unknown>): Promise<boolean> {
  const updated = await db('sms_outbox').where({ id: row.id, status: 'sending', attempts: row.attempts }).update({ ...changes, lease_until: null });
  return Number(updated) === 1;
}

async function claimDue(db: Knex, at: number, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  return db.transaction(async (trx) => {
    const due: { id: number }[] = await dialectOf(db).claimRows(
      trx('sms_outbox')
        .select('id')
        .where((q) => q.where('status', 'pending').andWhere('next_attempt_at', '<=', at))
        .orWhere((q) => q.where('status', 'sending').andWhere('lease_until', '<', at))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit),
    );
    if (due.length === 0) return [];
    const ids = due.map((r) => r.id);
    await trx('sms_outbox').whereIn('id', ids).update({ status: 'sending', lease_until: at + leaseMs, attempts: trx.raw('attempts + 1') });
    const rows: OutboxRow[] = await trx('sms_outbox')
      .whereIn('id', ids)
      .orderBy('id')
      .select('id', 'kind', 'to_phone', 'text', 'message_key', 'created_at', 'attempts', 'lease_until');
    return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), lease_until: Number(r.lease_until), created_at: Number(r.created_at) }));
  });
}

function toMessage(row: OutboxRow): SmsMessage {
  return { outboxId: row.id, kind: row.kind, messageKey: row.message_key, createdAt: row.created_at, to: row.to_phone, text: row.text };
}

export interface RunningSmsWorker {
  wake(): void;
  stop(): Promise<void>;
}

/** Delivers the SMS outbox in the background: every `intervalMs` (default 10 s), at once after SMS are queued here. */
export function startSmsWorker(deps: SmsWorkerDeps, options: { intervalMs?: number; onPass?: (r: SmsPassResult) => void } = {}): RunningSmsWorker {
  const batchSize = deps.batchSize ?? DEFAULTS.batchSize;
  const worker = startPeriodic(() => deliverDueSms(deps), {
    intervalMs: options.intervalMs ?? 10_000,
    logger: deps.logger,
    failureMessage: 'Ошибка обработки очереди SMS; повтор позже',
    failureDetails: (error) => ({ error: describeSmsFailure(error) }),
    onPass: options.onPass,
    // A full batch means more is due: no pause between batches.
    again: (result) => result.claimed >= batchSize,
  });
  const unsubscribe = onSmsQueued(worker.wake);
  return {
    wake: worker.wake,
    async stop() {
      unsubscribe();
      await worker.stop();
    },
  };
}
