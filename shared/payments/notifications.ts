// A provider's notification (webhook). It is anyone's POST: its body is used only to learn which
// payment to re-check, and the re-check with the provider decides. Twice, late, out of order or
// forged, the outcome is the same as one honest notification: at most one credit, never a wrong
// one. A notification for a payment we have not linked yet (it raced our own create) is matched
// by the metadata the provider returns for it, never by the body.
import type { Logger } from 'pino';
import { findAttempt, normalizeAttempt, type AttemptRow } from './attempts.ts';
import { providerByName, type PaymentDeps } from './configure.ts';
import { isYookassaNotifier } from './notifier-ip.ts';
import { ProviderError } from './provider.ts';
import { syncAttempt, type SyncOutcome } from './settle.ts';

export interface NotificationResult {
  /** What to answer: 200 handled (or nothing to do), 400 not a notification, 403 not from the
   *  provider's addresses, 404 provider not configured, 503 provider unreachable (it will retry). */
  httpStatus: 200 | 400 | 403 | 404 | 503;
  outcome: SyncOutcome | 'ignored' | 'rejected';
}

export async function handleNotification(
  deps: PaymentDeps & { logger?: Pick<Logger, 'info' | 'warn'> },
  providerName: string,
  body: unknown,
  meta: { ip: string },
): Promise<NotificationResult> {
  const setup = await providerByName(deps, providerName);
  if (!setup) return { httpStatus: 404, outcome: 'rejected' };
  if (setup.checkNotifierIp && !isYookassaNotifier(meta.ip)) {
    deps.logger?.warn({ ip: meta.ip }, 'Уведомление о платеже не с адреса платёжной системы: отклонено');
    return { httpStatus: 403, outcome: 'rejected' };
  }
  const notice = setup.provider.parseNotification(body);
  if (!notice) return { httpStatus: 400, outcome: 'rejected' };
  if (notice.event === 'refund.succeeded') {
    // Refunds are made by staff in the provider's dashboard and reach billing from there.
    deps.logger?.info({ providerPaymentId: notice.providerPaymentId }, 'Уведомление о возврате платежа');
    return { httpStatus: 200, outcome: 'ignored' };
  }
  try {
    const attempt = await attemptFor(deps, setup.provider.name, notice.providerPaymentId, setup);
    if (!attempt) {
      deps.logger?.warn({ providerPaymentId: notice.providerPaymentId, event: notice.event }, 'Уведомление о неизвестном платеже: пропущено');
      return { httpStatus: 200, outcome: 'ignored' };
    }
    const { outcome } = await syncAttempt(deps, setup.provider, attempt);
    deps.logger?.info({ attemptId: attempt.id, event: notice.event, outcome }, 'Уведомление о платеже обработано');
    return { httpStatus: 200, outcome };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    deps.logger?.warn({ kind: err.kind, detail: err.detail }, 'Не удалось перепроверить платёж по уведомлению; платёжная система повторит');
    return { httpStatus: 503, outcome: 'pending' };
  }
}

async function attemptFor(
  deps: PaymentDeps,
  provider: string,
  providerPaymentId: string,
  setup: NonNullable<Awaited<ReturnType<typeof providerByName>>>,
): Promise<AttemptRow | null> {
  const linked = await deps.db('card_payment_attempts').where({ provider, provider_payment_id: providerPaymentId }).first();
  if (linked) return normalizeAttempt(linked);
  const remote = await setup.provider.getPayment(providerPaymentId);
  const attemptId = remote?.metadata.attemptId;
  if (!remote || !attemptId) return null;
  const attempt = await findAttempt(deps.db, attemptId);
  if (!attempt || attempt.provider !== provider || attempt.provider_payment_id !== null) return null;
  const linkedNow = await deps.db('card_payment_attempts')
    .where({ id: attempt.id })
    .whereNull('provider_payment_id')
    .update({ provider_payment_id: providerPaymentId, status: 'pending', updated_at: deps.now() });
  return linkedNow ? findAttempt(deps.db, attempt.id) : null;
}
