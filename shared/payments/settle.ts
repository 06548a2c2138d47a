// Bringing an attempt in line with what the provider says, asked with our own credentials.
// This is the only path to crediting: a notification or a redirect back merely triggers it.
//
//   created ─create─▶ pending ─▶ succeeded (credited once: one `payments` row per account, source 'card')
//      │                  └───▶ canceled
//      └─ provider never reached for an hour ─▶ failed
//
// Crediting inserts one payment per part (parts.ts: one, unless the payment is for several
// accounts), each guarded by unique(provider, provider_payment_id, account_id), and sets the
// attempt's credited_payment_id (unique) in the same transaction; a second credit finds the rows
// already there and changes nothing. The provider's word wins over ours: a payment we gave up
// on (canceled) that the provider reports succeeded and paid is still credited.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { normalizeAttempt, type AttemptRow } from './attempts.ts';
import { attemptParts, type AttemptPart } from './parts.ts';
import type { PaymentProvider, ProviderPayment } from './provider.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export type SyncOutcome = 'credited' | 'already_credited' | 'canceled' | 'pending' | 'mismatch' | 'unknown';

export interface SettleDeps {
  db: Knex;
  now: () => number;
}

/** Re-reads the payment from the provider and records the result. Provider errors propagate. */
export async function syncAttempt(deps: SettleDeps, provider: PaymentProvider, attempt: AttemptRow): Promise<{ attempt: AttemptRow; outcome: SyncOutcome }> {
  if (attempt.credited_payment_id !== null) return { attempt, outcome: 'already_credited' };
  if (!attempt.provider_payment_id) return { attempt, outcome: 'pending' };
  const remote = await provider.getPayment(attempt.provider_payment_id);
  const now = deps.now();
  if (!remote) {
    await touch(deps.db, attempt.id, { last_checked_at: now, last_error: 'Платёжная система не знает этот платёж' });
    return { attempt: await reload(deps.db, attempt.id), outcome: 'unknown' };
  }
  const problem = mismatch(attempt, remote);
  if (problem) {
    // Never credit what does not match what we asked for; leave it for a person to look at.
    await touch(deps.db, attempt.id, { last_checked_at: now, last_error: problem });
    await writeAudit(deps.db, {
      actorType: 'system', action: 'payment.mismatch', subjectType: 'card_payment', subjectId: attempt.id,
      accountId: attempt.account_id, details: { problem, providerPaymentId: remote.providerPaymentId }, at: now,
    });
    return { attempt: await reload(deps.db, attempt.id), outcome: 'mismatch' };
  }
  if (remote.status === 'succeeded' && remote.paid) {
    const credited = await credit(deps, attempt, remote);
    return { attempt: await reload(deps.db, attempt.id), outcome: credited ? 'credited' : 'already_credited' };
  }
  if (remote.status === 'canceled') {
    if (attempt.status !== 'canceled') {
      await touch(deps.db, attempt.id, { status: 'canceled', cancellation_reason: remote.cancellationReason, last_checked_at: now, next_check_at: null });
      await writeAudit(deps.db, {
        actorType: 'system', action: 'payment.canceled', subjectType: 'card_payment', subjectId: attempt.id,
        accountId: attempt.account_id, details: { reason: remote.cancellationReason }, at: now,
      });
    }
    return { attempt: await reload(deps.db, attempt.id), outcome: 'canceled' };
  }
  // Still pending (or waiting for capture, which capture: true makes brief): keep checking.
  const status = attempt.status === 'created' || attempt.status === 'pending' || attempt.status === 'waiting_for_capture' ? remote.status : attempt.status;
  await touch(deps.db, attempt.id, { status, last_checked_at: now, last_error: null });
  return { attempt: await reload(deps.db, attempt.id), outcome: 'pending' };
}

function mismatch(attempt: AttemptRow, remote: ProviderPayment): string | null {
  if (remote.providerPaymentId !== attempt.provider_payment_id) return 'Платёжная система вернула другой платёж';
  if (remote.currency !== 'RUB') return `Валюта платежа ${remote.currency}, ожидались рубли`;
  if (remote.amountKopecks !== attempt.amount) return `Сумма у платёжной системы ${remote.amountKopecks} коп., у нас ${attempt.amount} коп.`;
  if (remote.metadata.attemptId !== attempt.id) return 'Платёж создан не для этой попытки оплаты';
  return null;
}

/** True when this call credited the payment; false when it had already been credited. */
async function credit(deps: SettleDeps, attempt: AttemptRow, remote: ProviderPayment): Promise<boolean> {
  const now = deps.now();
  return deps.db.transaction(async (trx) => {
    const parts = await attemptParts(trx, attempt);
    const credited: { part: AttemptPart; paymentId: number; inserted: boolean }[] = [];
    for (const part of parts) {
      const inserted = await trx('payments')
        .insert({
          account_id: part.accountId,
          amount: part.amount,
          paid_at: remote.capturedAt ?? now,
          period: null, // billing places it in a period when it takes the payment in
          source: 'card',
          status: 'succeeded',
          provider: attempt.provider,
          provider_payment_id: remote.providerPaymentId,
          created_at: now,
        })
        .onConflict(['provider', 'provider_payment_id', 'account_id'])
        .ignore()
        .returning('id');
      const paymentId = inserted.length > 0
        ? insertedId(inserted[0])
        : insertedId(await trx('payments').where({ provider: attempt.provider, provider_payment_id: remote.providerPaymentId, account_id: part.accountId }).first('id'));
      credited.push({ part, paymentId, inserted: inserted.length > 0 });
      // A one-account attempt has no part rows: the update finds nothing, as it should.
      await trx('card_payment_parts').where({ attempt_id: attempt.id, account_id: part.accountId }).whereNull('payment_id').update({ payment_id: paymentId });
    }
    const first = credited[0];
    if (!first) throw new Error(`card payment attempt ${attempt.id} has no account to credit`);
    const updated = await trx('card_payment_attempts')
      .where({ id: attempt.id })
      .whereNull('credited_payment_id')
      .update({ status: 'succeeded', credited_payment_id: first.paymentId, last_checked_at: now, next_check_at: null, last_error: null, updated_at: now });
    const insertedAny = credited.some((c) => c.inserted);
    // New payment rows must belong to this attempt, all of them at once; anything else is rolled back.
    if (insertedAny && (updated === 0 || credited.some((c) => !c.inserted))) {
      throw new Error(`card payment attempt ${attempt.id} is already (partly) credited with other payments`);
    }
    if (!insertedAny) return false;
    for (const { part, paymentId } of credited) {
      await writeAudit(trx, {
        actorType: 'system', action: 'payment.credit', subjectType: 'payment', subjectId: paymentId, accountId: part.accountId,
        details: {
          attemptId: attempt.id, amount: part.amount, provider: attempt.provider, providerPaymentId: remote.providerPaymentId,
          ...(parts.length > 1 ? { total: attempt.amount } : {}),
        },
        at: now,
      });
    }
    return true;
  });
}

async function touch(db: Knex, id: string, fields: Record<string, unknown>): Promise<void> {
  await db('card_payment_attempts').where({ id }).whereNull('credited_payment_id').update({ ...fields, updated_at: fields.last_checked_at ?? Date.now() });
}

async function reload(db: Knex, id: string): Promise<AttemptRow> {
  return normalizeAttempt(await db('card_payment_attempts').where({ id }).first());
}

