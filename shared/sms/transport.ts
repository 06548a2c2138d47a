// How a queued SMS leaves the process: through an HTTP gateway (shared/sms/smsru.ts) or, for
// the demo, into the log and a text file (shared/sms/log-transport.ts).
import type { MailLogger } from '../mail/transport.ts';

export type SmsLogger = MailLogger;

export interface SmsMessage {
  /** The sms_outbox row, for logs. */
  outboxId: number;
  kind: string;
  /** Fixed when queued; names the message in files and logs. */
  messageKey: string;
  createdAt: number;
  /** +7XXXXXXXXXX */
  to: string;
  text: string;
}

export interface SmsTransport {
  /** «sms.ru (https://sms.ru)» or «журнал и файлы в /srv/kkp/var/sms», for logs. */
  readonly description: string;
  /** Resolves once the gateway accepted the message, with its id there; throws SmsSendError otherwise. */
  send(message: SmsMessage): Promise<{ providerMessageId: string | null }>;
}

/**
 * What a failure means for the message, as for e-mail (shared/mail/failure.ts):
 * - permanent: the gateway refused this very message (bad number, no route, stop list): final;
 * - message: refused for now for this number (per-number limits): retried a limited number of times;
 * - server: the gateway is down or refuses us (auth, balance, sender name, 5xx): retried until fixed.
 */
export type SmsFailureKind = 'permanent' | 'message' | 'server';

export class SmsSendError extends Error {
  constructor(
    readonly kind: SmsFailureKind,
    message: string,
    /** The gateway's status code, when it gave one. */
    readonly code: number | null = null,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

export function classifySmsFailure(error: unknown): SmsFailureKind {
  return error instanceof SmsSendError ? error.kind : 'server';
}

/** A short, single-line description for sms_outbox.last_error. */
export function describeSmsFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 999)}…` : line;
}
