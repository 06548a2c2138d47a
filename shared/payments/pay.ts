// What a payer does: start an online payment (card or СБП), come back from the provider's page
// and see the outcome, try again after the provider did not answer. The payer is a signed-in
// resident or whoever opened the receipt's pay link (Payer in attempts.ts); both go through the
// same steps, and settle.ts credits the attempt to its account whoever started it. A resident's
// payment for several accounts at once (several.ts) opens its attempt here too. Every step
// re-asks the provider; nothing is credited on the word of a redirect. The attempt is written
// before the provider is called, so a timeout loses nothing, and a retry sends the same
// idempotence key.
import { randomUUID } from 'node:crypto';
import { writeAudit } from '../audit/write.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import { currentPeriod, type Period } from '../period.ts';
import { getSetting } from '../settings/settings.ts';
import { PAY_ONLINE_UNAVAILABLE } from '../vocabulary.ts';
import { attemptView, findPayerAttempt, normalizeAttempt, type AttemptRow, type AttemptView, type Payer } from './attempts.ts';
import { activeProvider, providerByName, type PaymentDeps, type ProviderSetup } from './configure.ts';
import { buildReceipt, isReceiptEmail, receiptCustomer, type FiscalReceipt } from './fiscal.ts';
import { ProviderError, type PaymentMethod } from './provider.ts';
import { MAX_PAYMENT_KOPECKS, MIN_PAYMENT_KOPECKS } from './schemas.ts';
import { accountNumberOf, attemptParts, ownAccountNumbers, partsAccountLabel, paymentDescription, type AttemptPart } from './parts.ts';
import { syncAttempt } from './settle.ts';

/** First re-check of a pending payment by the scheduler, in case neither return nor notification comes. */
export const FIRST_CHECK_DELAY_MS = 2 * 60_000;
/** An attempt whose create never reached the provider is given up after this long. */
export const CREATE_GIVE_UP_MS = 60 * 60_000;

export type StartResult =
  | { ok: true; attemptId: string; confirmationUrl: string }
  | { ok: false; attemptId: string; message: string; canRetry: boolean };

export interface StartInput {
  payer: Payer;
  /** For a link payer, the link's own account. */
  accountId: number;
  amountKopecks: number;
  ip?: string | null;
  /** Typed on the pay form when the shop sends 54-ФЗ receipts and the payer has no contact on file for one. */
  receiptEmail?: string | null;
  /** From the pay form; card when absent. */
  method?: PaymentMethod;
}

/** The message on the pay form when a receipt needs an e-mail the resident has not given. */
export const RECEIPT_EMAIL_NEEDED = 'Укажите e-mail: на него придёт кассовый чек об оплате';

/** The shop's 54-ФЗ settings when new payments carry a receipt (ЮKassa with 'payments.fiscal' on). */
async function fiscalFor(deps: PaymentDeps, setup: ProviderSetup) {
  return setup.provider.name === 'yookassa' ? getSetting(deps.db, 'payments.fiscal') : null;
}

/** The payer's contacts on file; a link payer is nobody we know, so none (the form asks). */
async function payerContacts(deps: PaymentDeps, payer: Payer): Promise<{ email: string | null; phone: string | null }> {
  if (!('userId' in payer)) return { email: null, phone: null };
  const user = await deps.db('users').where({ id: payer.userId }).first('email', 'phone');
  return { email: user?.email ?? null, phone: user?.phone ?? null };
}

/** True when the pay form must ask for an e-mail before going to the bank (no contact for the receipt). */
export async function receiptEmailNeeded(deps: PaymentDeps, payer: Payer): Promise<boolean> {
  const setup = await activeProvider(deps);
  const fiscal = setup && (await fiscalFor(deps, setup));
  if (!fiscal) return false;
  return receiptCustomer(fiscal.issuer, await payerContacts(deps, payer)) === null;
}

/** Where the provider sends the payer back: a link payer has no session, so the token comes along. */
function returnPath(payer: Payer, attemptId: string): string {
  return 'userId' in payer ? `/pay/return/${attemptId}` : `/p/${payer.link.token}/return/${attemptId}`;
}

/** The period a payment is for: the latest receipt's, or this month before billing sent any. */
async function paymentPeriod(deps: PaymentDeps, accountId: number): Promise<Period> {
  const latest = await deps.db('balances').where({ account_id: accountId }).orderBy('period', 'desc').first('period');
  return (latest?.period as Period | undefined) ?? currentPeriod(deps.now(), deps.config.timeZone);
}

/** The 54-ФЗ receipt for a new payment, one item per account, or null when the shop sends none. */
async function receiptFor(deps: PaymentDeps, setup: ProviderSetup, input: OpenInput): Promise<FiscalReceipt | null> {
  const fiscal = await fiscalFor(deps, setup);
  if (!fiscal) return null;
  const typed = input.receiptEmail?.trim() ?? '';
  const customer = receiptCustomer(fiscal.issuer, await payerContacts(deps, input.payer)) ?? (isReceiptEmail(typed) ? { email: typed } : null);
  if (!customer) {
    throw validationFailed([{ field: 'email', message: typed ? 'Адрес для чека: name@example.ru' : RECEIPT_EMAIL_NEEDED }], 'Нужен адрес для кассового чека');
  }
  const lines = await Promise.all(input.parts.map(async (p) => ({ accountNumber: p.accountNumber, period: await paymentPeriod(deps, p.accountId), amountKopecks: p.amount })));
  return buildReceipt(fiscal, { customer, lines });
}

/** The provider new payments go to, able to take this method; a conflict otherwise. */
export async function providerFor(deps: PaymentDeps, method: PaymentMethod): Promise<ProviderSetup> {
  const setup = await activeProvider(deps);
  if (!setup) throw conflict(PAY_ONLINE_UNAVAILABLE);
  if (!setup.provider.methods.includes(method)) throw conflict('Этот способ оплаты сейчас недоступен. Выберите оплату картой.');
  return setup;
}

/** A payment whose accounts and amounts have been checked, about to be written and sent to the provider. */
export interface OpenInput {
  payer: Payer;
  /** One per account, by account number; amounts in kopecks, each > 0. Several only for a signed-in resident. */
  parts: AttemptPart[];
  method: PaymentMethod;
  description: string;
  receiptEmail?: string | null;
  ip?: string | null;
}

/**
 * Writes the attempt (with its parts when it pays several accounts) and its audit entries, then
 * asks the provider for the payment. The first part's account is the attempt's own.
 */
export async function openAttempt(deps: PaymentDeps, setup: ProviderSetup, input: OpenInput): Promise<StartResult> {
  const { payer, parts, method } = input;
  const [first] = parts;
  if (!first) throw new Error('a payment needs at least one account');
  // A pay link stands for one account: several are a signed-in resident's only.
  if (parts.length > 1 && !('userId' in payer)) throw new Error('only a signed-in resident pays several accounts at once');
  // Before anything is written: a missing e-mail for the receipt sends the resident back to the form.
  const receipt = await receiptFor(deps, setup, input);
  const now = deps.now();
  const attempt: AttemptRow = {
    id: randomUUID(),
    account_id: first.accountId,
    user_id: 'userId' in payer ? payer.userId : null,
    amount: parts.reduce((sum, p) => sum + p.amount, 0),
    description: input.description,
    idempotence_key: randomUUID(),
    provider: setup.provider.name,
    provider_payment_id: null,
    status: 'created',
    confirmation_url: null,
    cancellation_reason: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    last_checked_at: null,
    next_check_at: now + CREATE_GIVE_UP_MS,
    check_attempts: 0,
    credited_payment_id: null,
    receipt: receipt && JSON.stringify(receipt),
    method,
  };
  await deps.db.transaction(async (trx) => {
    await trx('card_payment_attempts').insert(attempt);
    if (parts.length > 1) {
      await trx('card_payment_parts').insert(parts.map((p) => ({ attempt_id: attempt.id, account_id: p.accountId, amount: p.amount })));
    }
    // One entry per account, so each account's log shows its share. A link payer is not a known
    // person: the entry is the system's, with the address it came from.
    for (const part of parts) {
      await writeAudit(trx, {
        ...('userId' in payer
          ? { actorType: 'resident' as const, actorId: payer.userId, action: 'payment.start' }
          : { actorType: 'system' as const, action: 'payment.link_start' }),
        subjectType: 'card_payment', subjectId: attempt.id, accountId: part.accountId, ip: input.ip ?? null,
        details: { amount: part.amount, provider: attempt.provider, method, ...(parts.length > 1 ? { total: attempt.amount } : {}) },
        at: now,
      });
    }
  });
  return createAtProvider(deps, setup, attempt, partsAccountLabel(parts), returnPath(payer, attempt.id));
}

export async function startPayment(deps: PaymentDeps, input: StartInput): Promise<StartResult> {
  if (!Number.isSafeInteger(input.amountKopecks) || input.amountKopecks < MIN_PAYMENT_KOPECKS || input.amountKopecks > MAX_PAYMENT_KOPECKS) {
    throw conflict('Сумма платежа — от 1 до 500 000 ₽');
  }
  const method = input.method ?? 'card';
  const setup = await providerFor(deps, method);
  const { payer } = input;
  const accountNumber = 'userId' in payer
    ? (await ownAccountNumbers(deps.db, payer.userId, [input.accountId])).get(input.accountId)
    : payer.link.accountId === input.accountId ? await accountNumberOf(deps.db, input.accountId) : undefined;
  if (accountNumber === undefined) throw notFound('Лицевой счёт не найден');
  return openAttempt(deps, setup, {
    payer, method, receiptEmail: input.receiptEmail, ip: input.ip,
    parts: [{ accountId: input.accountId, accountNumber, amount: input.amountKopecks }],
    description: paymentDescription([accountNumber]),
  });
}

/** «Попробовать ещё раз» after the provider did not answer: the same request, the same key. */
export async function retryPayment(deps: PaymentDeps, payer: Payer, attemptId: string): Promise<StartResult> {
  const attempt = await findPayerAttempt(deps.db, payer, attemptId);
  if (!attempt) throw notFound('Платёж не найден');
  if (attempt.status === 'pending' && attempt.confirmation_url) return { ok: true, attemptId, confirmationUrl: attempt.confirmation_url };
  if (attempt.status !== 'created') throw conflict('Этот платёж уже не повторить. Начните оплату заново.');
  const setup = await providerByName(deps, attempt.provider);
  if (!setup) throw conflict(PAY_ONLINE_UNAVAILABLE);
  return createAtProvider(deps, setup, attempt, partsAccountLabel(await attemptParts(deps.db, attempt)), returnPath(payer, attempt.id));
}

async function createAtProvider(deps: PaymentDeps, setup: ProviderSetup, attempt: AttemptRow, accountNumber: string, back: string): Promise<StartResult> {
  try {
    const created = await setup.provider.createPayment({
      amountKopecks: attempt.amount,
      description: attempt.description,
      returnUrl: `${setup.siteUrl}${back}`,
      idempotenceKey: attempt.idempotence_key,
      method: attempt.method,
      metadata: { attemptId: attempt.id, account: accountNumber },
      // The stored receipt, so a retry sends the very same request under the same key.
      ...(attempt.receipt ? { receipt: JSON.parse(attempt.receipt) as FiscalReceipt } : {}),
    });
    const now = deps.now();
    if (!created.confirmationUrl || !/^(https?:\/\/|\/(?![/\\]))/.test(created.confirmationUrl)) {
      await deps.db('card_payment_attempts').where({ id: attempt.id, status: 'created' }).update({
        status: 'failed', provider_payment_id: created.providerPaymentId, last_error: 'Нет адреса страницы оплаты', updated_at: now, next_check_at: null,
      });
      return { ok: false, attemptId: attempt.id, message: 'Платёжная система не дала адрес страницы оплаты. Попробуйте позже.', canRetry: false };
    }
    await deps.db('card_payment_attempts').where({ id: attempt.id }).whereNull('credited_payment_id').update({
      provider_payment_id: created.providerPaymentId,
      status: created.status,
      confirmation_url: created.confirmationUrl,
      last_error: null,
      updated_at: now,
      next_check_at: now + FIRST_CHECK_DELAY_MS,
    });
    return { ok: true, attemptId: attempt.id, confirmationUrl: created.confirmationUrl };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    const final = !err.retryable;
    await deps.db('card_payment_attempts').where({ id: attempt.id, status: 'created' }).update({
      last_error: `${err.kind}: ${err.detail ?? err.message}`.slice(0, 500),
      updated_at: deps.now(),
      ...(final ? { status: 'failed', next_check_at: null } : {}),
    });
    return { ok: false, attemptId: attempt.id, message: err.message, canRetry: !final };
  }
}

export interface ReturnOutcome {
  attempt: AttemptView;
  accountNumber: string;
  /** Each account's share; more than one when the payment was for several accounts. */
  parts: AttemptPart[];
  /** Set when the provider could not be asked just now; the page still shows what we know. */
  checkError: string | null;
}

/** The payer is back from the provider's page: ask the provider, credit if paid, show the outcome. */
export async function handleReturn(deps: PaymentDeps, payer: Payer, attemptId: string): Promise<ReturnOutcome> {
  let attempt = await findPayerAttempt(deps.db, payer, attemptId);
  if (!attempt) throw notFound('Платёж не найден');
  let checkError: string | null = null;
  if (attempt.credited_payment_id === null && attempt.provider_payment_id && attempt.status !== 'failed') {
    const setup = await providerByName(deps, attempt.provider);
    if (setup) {
      try {
        attempt = (await syncAttempt(deps, setup.provider, attempt)).attempt;
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        checkError = err.message;
      }
    }
  }
  const parts = await attemptParts(deps.db, attempt);
  const own = parts.find((p) => p.accountId === attempt.account_id);
  return { attempt: attemptView(normalizeAttempt({ ...attempt })), accountNumber: own?.accountNumber ?? '', parts, checkError };
}

/** An attempt this payer may see, as it stands (no provider call). */
export async function payerAttempt(deps: Pick<PaymentDeps, 'db'>, payer: Payer, attemptId: string): Promise<AttemptView> {
  const attempt = await findPayerAttempt(deps.db, payer, attemptId);
  if (!attempt) throw notFound('Платёж не найден');
  return attemptView(attempt);
}
