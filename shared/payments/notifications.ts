// A provider's notification (webhook). It is anyone's POST: its body is used only to learn which
// payment to re-check, and the re-check with the provider decides. Twice, late, out of order or
// forged, the outcome is the same as one honest notification: at most one credit, never a wrong
// one. Only payments we created are re-checked: an id with no attempt of ours is answered at once
// without asking the provider, so a stranger cannot make us call its API once per forged body.
// Nothing honest is lost by that: the attempt stores the provider's id before the payer is given
// the payment page, so no payment can be paid, and no notification of it sent, before we know it;
// a create whose answer was lost left nobody a page to pay on (the re-check gives it up).
import type { Logger } from 'pino';
import { normalizeAttempt, type AttemptRow } from './attempts.ts';
import { providerByName, type PaymentDeps } from './configure.ts';
import { isYookassaNotifier } from './notifier-ip.ts';
import { ProviderError } from './provider.ts';
import { syncAttempt, type SyncOutcome } from './settle.ts';

export interface NotificationResult {
  /** What to answer: 200 handled (or nothing to do), 400 not a notification, 403 not from the
   *  provider's addresses, 404 provider not configured, 503 provider unreachable (it will retry). */
  httpStatus: 200 | 400 | 403 | 404 | 503;
  outcome: SyncOutcome | 'ignored' | 'unknown' | 'rejected';
}

/** Notifications for payment ids we never created, since the process started (a forgery or a
 *  probe: worth watching when it grows). */
let unknownNotifications = 0;
export function unknownNotificationCount(): number {
  return unknownNotifications;
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
    const attempt = await ourAttempt(deps, setup.provider.name, notice.providerPaymentId);
    if (!attempt) {
      unknownNotifications++;
      deps.logger?.warn(
        { providerPaymentId: notice.providerPaymentId.slice(0, 100), event: notice.event, ip: meta.ip, unknownSoFar: unknownNotifications },
        'Уведомление о платеже, которого мы не создавали: пропущено без запроса к платёжной системе',
      );
      // 200: the provider (were it the sender) must not retry a payment that is not ours.
      return { httpStatus: 200, outcome: 'unknown' };
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

/** The attempt that holds this provider payment id, or null: the id is not ours. */
async function ourAttempt(deps: PaymentDeps, provider: string, providerPaymentId: string): Promise<AttemptRow | null> {
  const linked = await deps.db('card_payment_attempts').where({ provider, provider_payment_id: providerPaymentId }).first();
  return linked ? normalizeAttempt(linked) : null;
}
