// What a failed delivery means for the message. Only the receiving side's verdict on this very
// message is final; anything about the server or our own settings (down, timeout, wrong
// password, sender refused) is retried until someone fixes it, so an outage loses nothing.
export type FailureKind =
  /** 5xx for this recipient or this message: sending it again cannot succeed. */
  | 'permanent'
  /** 4xx for this recipient or message (mailbox full, greylisting): retried a limited number of times. */
  | 'message'
  /** The server or our settings: retried without limit, at most an hour apart. */
  | 'server';

/** The fields nodemailer puts on its errors (lib/smtp-connection: _formatError). */
interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

// Commands whose reply concerns the message rather than the connection or the sender.
const MESSAGE_COMMANDS = new Set(['RCPT TO', 'DATA']);

export function classifyFailure(error: unknown): FailureKind {
  if (typeof error !== 'object' || error === null) return 'server';
  const { code, responseCode, command } = error as SmtpErrorFields;
  // Refused before talking to the server: no recipient, a malformed address, an empty or oversized message.
  if (command === 'API' && (code === 'EENVELOPE' || code === 'EMESSAGE')) return 'permanent';
  if (typeof responseCode !== 'number' || typeof command !== 'string' || !MESSAGE_COMMANDS.has(command)) return 'server';
  if (responseCode >= 500 && responseCode < 600) return 'permanent';
  if (responseCode >= 400 && responseCode < 500) return 'message';
  return 'server';
}

/** A short, single-line description for email_outbox.last_error (a 1000-character column). */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const { code } = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorFields;
  const line = (typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text).replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 999)}…` : line;
}
