// Delivers the SMS outbox, the way shared/mail/worker.ts delivers e-mail: a pass claims due rows
// under a lease in one short transaction, sends each, and records the outcome only if the claim
// is still its own ((id, attempts) names one claim); the claims of a worker known dead (stale
// heartbeat) are taken over at once (shared/background/outbox-claim.ts).
//
//   pending ──claim──▶ sending ──accepted (code 100)──▶ sent
//      ▲                  │ ──bad number, no route, stop list, or too many per-number refusals──▶ failed
//      └──── back-off ────┘ (gateway down, 5xx, auth, balance: retried, nothing lost)
//
// Which gateway: the 'sms.gateway' setting (read every pass, so an edit in the console takes
// effect without a restart) with SMS_RU_API_ID winning; neither: the log transport of the demo.
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import type { WorkerRole } from '../background/heartbeat.ts';
import { claimOutboxRows, finishClaim } from '../background/outbox-claim.ts';
import { startOutboxWorker } from '../background/outbox-worker.ts';
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
  /** Rows claimed per pass (default 10). */
  batchSize?: number;
  /** How long a claim lasts (default 2 min): a batch's sends, each bounded by the gateway timeout. */
  leaseMs?: number;
  /** The running worker that claims (see MailWorkerDeps.claimer); none for a one-off pass. */
  claimer?: { workerId: string; role: WorkerRole };
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

const DEFAULTS = { batchSize: 10, leaseMs: 2 * 60_000, maxAttempts: 8 };
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
  const rows = await claimDue(deps.db, now(), batchSize, leaseMs, deps.claimer ?? null);
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

function finish(db: Knex, row: OutboxRow, changes: Record<string, unknown>): Promise<boolean> {
  return finishClaim(db, 'sms_outbox', row, changes);
}

async function claimDue(db: Knex, at: number, limit: number, leaseMs: number, claimer: NonNullable<SmsWorkerDeps['claimer']> | null): Promise<OutboxRow[]> {
  const rows = await claimOutboxRows(db, {
    table: 'sms_outbox', at, limit, leaseMs, claimer,
    columns: ['kind', 'to_phone', 'text', 'message_key', 'created_at'],
  });
  return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }) as OutboxRow);
}

function toMessage(row: OutboxRow): SmsMessage {
  return { outboxId: row.id, kind: row.kind, messageKey: row.message_key, createdAt: row.created_at, to: row.to_phone, text: row.text };
}

export interface RunningSmsWorker {
  /** Names this worker's claims (sms_outbox.claimed_by) and its heartbeat row. */
  readonly workerId: string;
  wake(): void;
  stop(): Promise<void>;
}

/** Delivers the SMS outbox in the background: every `intervalMs` (default 10 s), at once after SMS are queued here. */
export function startSmsWorker(
  deps: Omit<SmsWorkerDeps, 'claimer'>,
  options: { intervalMs?: number; onPass?: (r: SmsPassResult) => void; heartbeatIntervalMs?: number } = {},
): RunningSmsWorker {
  const batchSize = deps.batchSize ?? DEFAULTS.batchSize;
  return startOutboxWorker({
    db: deps.db, role: 'sms', logger: deps.logger, now: deps.now, batchSize,
    deliver: (claimer) => deliverDueSms({ ...deps, claimer }),
    onQueued: onSmsQueued,
    failureMessage: 'Ошибка обработки очереди SMS; повтор позже',
    failureDetails: (error) => ({ error: describeSmsFailure(error) }),
    intervalMs: options.intervalMs, heartbeatIntervalMs: options.heartbeatIntervalMs, onPass: options.onPass,
  });
}
