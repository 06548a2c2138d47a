// Delivers the e-mail outbox. A pass claims due rows under a lease in one short transaction,
// sends each, then records the outcome only if the lease is still its own:
//
//   pending ──claim──▶ sending ──accepted──▶ sent (final, never claimed again)
//      ▲                  │ ──5xx for this message, or too many 4xx──▶ failed (final)
//      └──── back-off ────┘ (server down, timeout, bad login: retried, nothing lost)
//
// Each claim adds one to `attempts`, so (id, attempts) names one claim: a worker whose claim was
// taken over cannot overwrite the newer claim's outcome (shared/background/outbox-claim.ts). A
// claim is taken over when its worker is known dead (its heartbeat went stale: within a minute of
// a crash) or, failing that, when its lease runs out; then the message goes out again with the
// same Message-ID (the outcome is unknown: the server may have taken it), which lets the
// receiving side spot it. Batches are small and the lease short (a few sends' worth), so a
// stuck worker holds few messages for little time.
import type { Knex } from 'knex';
import type { WorkerRole } from '../background/heartbeat.ts';
import { claimOutboxRows, finishClaim } from '../background/outbox-claim.ts';
import { startOutboxWorker } from '../background/outbox-worker.ts';
import { getSettings } from '../settings/settings.ts';
import { retryDelayMs } from './backoff.ts';
import { classifyFailure, describeFailure } from './failure.ts';
import { onEmailQueued } from './outbox.ts';
import { createTransportCache, type TransportCache } from './transport-cache.ts';
import type { MailLogger, MailMessage, MailTransport } from './transport.ts';

export interface MailWorkerDeps {
  db: Knex;
  logger: MailLogger;
  /** Where .eml files go while no SMTP server is set (AppConfig.mailDir). */
  mailDir: string;
  now?: () => number;
  /** For the back-off jitter; [0, 1). */
  random?: () => number;
  /** Kept between passes by startMailWorker; a pass without one makes its own and closes it. */
  transports?: TransportCache;
  /** Rows claimed per pass (default 5). */
  batchSize?: number;
  /** How long a claim lasts (default 2 min): a batch's sends, each bounded by SMTP_TIMEOUTS. */
  leaseMs?: number;
  /** The running worker that claims (its heartbeat lets others take over its claims if it
   *  dies); without one, a one-off pass whose claims only their lease frees. */
  claimer?: { workerId: string; role: WorkerRole };
  /** Tries before a message the server keeps refusing with 4xx is given up (default 12, about 5 h). */
  maxAttempts?: number;
}

export interface PassResult {
  sent: number;
  retried: number;
  failed: number;
  /** Rows this pass claimed; a full batch means more may be waiting. */
  claimed: number;
}

const DEFAULTS = { batchSize: 5, leaseMs: 2 * 60_000, maxAttempts: 12 };
// A row whose lease is this close to running out is left for the next claim, not sent.
const leaseMarginMs = (leaseMs: number) => Math.min(2 * 60_000, leaseMs / 5);
const FILE_FROM_FALLBACK = 'no-reply@kkp.local';

interface OutboxRow {
  id: number;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  message_id: string;
  created_at: number;
  attempts: number;
  lease_until: number;
}

/** One pass over the outbox: claims up to a batch of due messages and delivers them. */
export async function deliverDueEmails(deps: MailWorkerDeps): Promise<PassResult> {
  const { db, logger } = deps;
  const now = deps.now ?? Date.now;
  const { batchSize, leaseMs } = { ...DEFAULTS, ...definedOnly({ batchSize: deps.batchSize, leaseMs: deps.leaseMs }) };
  const transports = deps.transports ?? createTransportCache({ mailDir: deps.mailDir, logger });
  const result: PassResult = { sent: 0, retried: 0, failed: 0, claimed: 0 };
  try {
    const settings = await getSettings(db, ['mail.smtp', 'support.email']);
    const transport = transports.get({ smtp: settings['mail.smtp'], fileFrom: settings['support.email'] || FILE_FROM_FALLBACK });
    const rows = await claimDue(db, now(), batchSize, leaseMs, deps.claimer ?? null);
    result.claimed = rows.length;
    for (const [index, row] of rows.entries()) {
      if (now() >= row.lease_until - leaseMarginMs(leaseMs)) {
        logger.warn({ outboxId: row.id }, 'Письмо не отправлено: срок захвата истекает, его возьмёт следующий проход');
        continue;
      }
      const { outcome, serverFailure } = await deliverOne(deps, transport, row, now);
      result[outcome] += 1;
      // The server is unreachable or refuses us: the rest of the batch would only wait for the same timeout.
      if (serverFailure) {
        const rest = rows.slice(index + 1);
        for (const other of rest) await scheduleRetry(deps, other, now(), `Не отправлено: ${serverFailure}`);
        result.retried += rest.length;
        break;
      }
    }
  } finally {
    if (!deps.transports) transports.close();
  }
  return result;
}

interface Delivery {
  outcome: 'sent' | 'retried' | 'failed';
  /** Why, when the server (not this message) was the problem. */
  serverFailure?: string;
}

async function deliverOne(deps: MailWorkerDeps, transport: MailTransport, row: OutboxRow, now: () => number): Promise<Delivery> {
  try {
    await transport.send(toMessage(row));
  } catch (error) {
    const kind = classifyFailure(error);
    const reason = describeFailure(error);
    const maxAttempts = deps.maxAttempts ?? DEFAULTS.maxAttempts;
    if (kind === 'permanent' || (kind === 'message' && row.attempts >= maxAttempts)) {
      await finish(deps.db, row, { status: 'failed', last_error: reason });
      deps.logger.error({ outboxId: row.id, kind: row.kind, to: row.to_address, attempts: row.attempts, error: reason }, 'Письмо не доставлено и больше не отправляется');
      return { outcome: 'failed' };
    }
    await scheduleRetry(deps, row, now(), reason);
    return kind === 'server' ? { outcome: 'retried', serverFailure: reason } : { outcome: 'retried' };
  }
  const recorded = await finish(deps.db, row, { status: 'sent', sent_at: now(), last_error: null });
  if (!recorded) deps.logger.warn({ outboxId: row.id }, 'Письмо отправлено, но его захват уже перехватил другой обработчик');
  return { outcome: 'sent' };
}

async function scheduleRetry(deps: MailWorkerDeps, row: OutboxRow, at: number, reason: string): Promise<void> {
  const nextAttemptAt = at + retryDelayMs(row.attempts, deps.random);
  await finish(deps.db, row, { status: 'pending', next_attempt_at: nextAttemptAt, last_error: reason });
  deps.logger.warn(
    { outboxId: row.id, kind: row.kind, attempts: row.attempts, nextAttemptAt, error: reason },
    'Письмо не отправлено, будет новая попытка',
  );
}

/** Records an outcome if this claim still holds the row; false when another claim took it over. */
function finish(db: Knex, row: OutboxRow, changes: Record<string, unknown>): Promise<boolean> {
  return finishClaim(db, 'email_outbox', row, changes);
}

/** Claims due rows: pending ones whose time has come, and ones whose worker died or whose lease ran out. */
async function claimDue(db: Knex, at: number, limit: number, leaseMs: number, claimer: NonNullable<MailWorkerDeps['claimer']> | null): Promise<OutboxRow[]> {
  const rows = await claimOutboxRows(db, {
    table: 'email_outbox', at, limit, leaseMs, claimer,
    columns: ['kind', 'to_address', 'subject', 'text_body', 'html_body', 'message_id', 'created_at'],
  });
  return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }) as OutboxRow);
}

function toMessage(row: OutboxRow): MailMessage {
  return {
    outboxId: row.id,
    kind: row.kind,
    messageId: row.message_id,
    createdAt: row.created_at,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
  };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface RunningMailWorker {
  /** Names this worker's claims (email_outbox.claimed_by) and its heartbeat row. */
  readonly workerId: string;
  /** Run a pass now (mail queued in this process wakes it by itself once committed). */
  wake(): void;
  /** Finishes the pass under way, then stops; closes the SMTP connection. */
  stop(): Promise<void>;
}

/**
 * Delivers the outbox in the background: a pass at start, then every `intervalMs` (default 10 s),
 * at once after mail is queued in this process, and back to back while batches come full.
 * The site's `npm start` runs one; the console may run another on the same database.
 */
export interface MailWorkerOptions {
  intervalMs?: number;
  /** Called after every pass (for tests and metrics). */
  onPass?: (result: PassResult) => void;
  /** Between heartbeats (default HEARTBEAT_INTERVAL_MS); tests shorten it. */
  heartbeatIntervalMs?: number;
}

export function startMailWorker(deps: Omit<MailWorkerDeps, 'transports' | 'claimer'>, options: MailWorkerOptions = {}): RunningMailWorker {
  const batchSize = deps.batchSize ?? DEFAULTS.batchSize;
  const transports = createTransportCache({ mailDir: deps.mailDir, logger: deps.logger });
  return startOutboxWorker({
    db: deps.db, role: 'mail', logger: deps.logger, now: deps.now, batchSize,
    deliver: (claimer) => deliverDueEmails({ ...deps, transports, claimer }),
    onQueued: onEmailQueued,
    failureMessage: 'Ошибка обработки очереди писем; повтор позже',
    failureDetails: (error) => ({ error: describeFailure(error) }),
    intervalMs: options.intervalMs, heartbeatIntervalMs: options.heartbeatIntervalMs, onPass: options.onPass,
    afterStop: () => transports.close(),
  });
}
