// The card-payment provider seam: what the use-cases need from an acquirer, and nothing more.
// Card data never reaches us: the resident types it on the provider's page (confirmationUrl).
// Nothing a provider *tells* us (a notification, a redirect back) is trusted to credit money;
// only what getPayment() answers, asked with our own credentials, is.
import type { FiscalReceipt } from './fiscal.ts';

export type ProviderName = 'yookassa' | 'sandbox';

/**
 * How the payer pays on the provider's page: by card, or through СБП (the Faster Payments
 * System: a QR code on a desktop, a hand-off to the bank's app on a phone). Either way the money
 * is credited the same (settle.ts).
 */
export type PaymentMethod = 'card' | 'sbp';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['card', 'sbp'];

/** The provider's view of a payment (ЮKassa's statuses; the sandbox uses a subset). */
export type ProviderStatus = 'pending' | 'waiting_for_capture' | 'succeeded' | 'canceled';

export interface CreatePaymentInput {
  amountKopecks: number;
  /** Shown to the payer on the provider's page; ЮKassa allows up to 128 characters. */
  description: string;
  returnUrl: string;
  /** Same key → same payment at the provider; retries after a timeout reuse it. */
  idempotenceKey: string;
  /** Only a method the provider lists in `methods`. */
  method: PaymentMethod;
  metadata: { attemptId: string; account: string };
  /** 54-ФЗ receipt data, when the shop registers receipts through the provider (ЮKassa only). */
  receipt?: FiscalReceipt;
}

export interface CreatedPayment {
  providerPaymentId: string;
  status: ProviderStatus;
  confirmationUrl: string | null;
}

export interface ProviderPayment {
  providerPaymentId: string;
  status: ProviderStatus;
  amountKopecks: number;
  currency: string;
  paid: boolean;
  metadata: Record<string, string>;
  /** When the money was taken (ЮKassa's captured_at), if known. */
  capturedAt: number | null;
  cancellationReason: string | null;
}

export type NotificationEvent = 'payment.succeeded' | 'payment.canceled' | 'payment.waiting_for_capture' | 'refund.succeeded';

export interface PaymentNotice {
  /** For refund events: the refunded payment's id. */
  providerPaymentId: string;
  event: NotificationEvent;
}

export interface PaymentProvider {
  readonly name: ProviderName;
  /** For the resident: «ЮKassa», «Тестовая оплата (без банка)». */
  readonly label: string;
  /** True for the sandbox: every page it touches says that no real money moves. */
  readonly sandbox: boolean;
  /** What the payer may choose on our pay form, card first. */
  readonly methods: readonly PaymentMethod[];
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Null when the provider does not know the id. */
  getPayment(providerPaymentId: string): Promise<ProviderPayment | null>;
  /** Only the id and the event are taken from a notification; null when it is not one. */
  parseNotification(body: unknown): PaymentNotice | null;
}

export type ProviderFailure = 'timeout' | 'network' | 'server' | 'auth' | 'rejected' | 'idempotence' | 'receipt';

/**
 * The provider could not be asked or refused. `retryable`: the same request (same idempotence
 * key) may be sent again later; the outcome of the first one is unknown, not negative.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderFailure,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'server';
  }
}
