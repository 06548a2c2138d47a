// The scheduler's side: pending payments nobody came back for and no notification settled are
// re-checked with the provider, at growing intervals (2 min … 1 h), and given up after a few days
// (the provider cancels unpaid payments long before). Attempts whose create never reached the
// provider are marked failed after an hour: nobody saw a payment page, so nobody can have paid.
// Running on several site instances at once is harmless: crediting is idempotent.
import type { Logger } from 'pino';
import { writeAudit } from '../audit/write.ts';
import { startPeriodic } from '../background/periodic.ts';
import { normalizeAttempt, type AttemptRow } from './attempts.ts';
import { providerByName, type PaymentDeps, type ProviderSetup } from './configure.ts';
import { ProviderError } from './provider.ts';
import { syncAttempt } from './settle.ts';

export const RECHECK_BASE_MS = 2 * 60_000;
export const RECHECK_CAP_MS = 60 * 60_000;
export const GIVE_UP_AFTER_MS = 3 * 24 * 3_600_000;

export interface RecheckResult {
  checked: number;
  credited: number;
  canceled: number;
  failed: number;
  errors: number;
}

export function recheckDelayMs(checks: number): number {
  return Math.min(RECHECK_CAP_MS, RECHECK_BASE_MS * 2 ** Math.min(Math.max(0, checks - 1), 20));
}

export async function recheckPending(deps: PaymentDeps & { logger?: Pick<Logger, 'warn'> }, options: { batchSize?: number } = {}): Promise<RecheckResult> {
  const now = deps.now();
  const rows = await deps.db('card_payment_attempts')
    .whereIn('status', ['created', 'pending', 'waiting_for_capture'])
    .whereNull('credited_payment_id')
    .where('next_check_at', '<=', now)
    .orderBy('next_check_at')
    .limit(options.batchSize ?? 20);
  const result: RecheckResult = { checked: 0, credited: 0, canceled: 0, failed: 0, errors: 0 };
  const setups = new Map<string, ProviderSetup | null>();
  for (const raw of rows) {
    const attempt = normalizeAttempt(raw);
    result.checked++;
    if (attempt.status === 'created' || !attempt.provider_payment_id) {
      await markFailed(deps, attempt, 'Платёжная система не ответила на создание платежа');
      result.failed++;
      continue;
    }
    if (!setups.has(attempt.provider)) setups.set(attempt.provider, await providerByName(deps, attempt.provider));
    const setup = setups.get(attempt.provider);
    const checks = attempt.check_attempts + 1;
    try {
      if (!setup) throw new ProviderError('auth', 'Платёжная система не настроена');
      const { outcome } = await syncAttempt(deps, setup.provider, attempt);
      if (outcome === 'credited') result.credited++;
      if (outcome === 'canceled') result.canceled++;
      if (outcome === 'credited' || outcome === 'already_credited' || outcome === 'canceled') continue;
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      result.errors++;
      deps.logger?.warn({ attemptId: attempt.id, kind: err.kind }, 'Перепроверка платежа не удалась; повтор позже');
    }
    if (now - attempt.created_at >= GIVE_UP_AFTER_MS) {
      await giveUp(deps, attempt);
      result.canceled++;
      continue;
    }
    await deps.db('card_payment_attempts').where({ id: attempt.id }).whereNull('credited_payment_id').update({
      check_attempts: checks, next_check_at: now + recheckDelayMs(checks), updated_at: now,
    });
  }
  return result;
}

async function markFailed(deps: PaymentDeps, attempt: AttemptRow, reason: string): Promise<void> {
  await deps.db('card_payment_attempts').where({ id: attempt.id, status: 'created' }).update({
    status: 'failed', last_error: reason, next_check_at: null, updated_at: deps.now(),
  });
}

async function giveUp(deps: PaymentDeps, attempt: AttemptRow): Promise<void> {
  const now = deps.now();
  const changed = await deps.db('card_payment_attempts')
    .where({ id: attempt.id })
    .whereIn('status', ['pending', 'waiting_for_capture'])
    .whereNull('credited_payment_id')
    .update({ status: 'canceled', cancellation_reason: 'expired_on_our_side', next_check_at: null, updated_at: now });
  if (changed) {
    await writeAudit(deps.db, {
      actorType: 'system', action: 'payment.expired', subjectType: 'card_payment', subjectId: attempt.id, accountId: attempt.account_id, at: now,
    });
  }
}

export interface RunningRecheck {
  stop(): Promise<void>;
}

/** Runs recheckPending every intervalMs (default 1 min) until stopped; never keeps the process alive. */
export function startPaymentRecheck(deps: PaymentDeps & { logger: Pick<Logger, 'warn' | 'error'> }, options: { intervalMs?: number; onPass?: (r: RecheckResult) => void } = {}): RunningRecheck {
  const intervalMs = options.intervalMs ?? 60_000;
  return startPeriodic(() => recheckPending(deps), {
    intervalMs, logger: deps.logger, failureMessage: 'Ошибка перепроверки платежей; повтор позже', onPass: options.onPass,
  });
}
