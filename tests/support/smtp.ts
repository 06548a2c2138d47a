// A real SMTP server on 127.0.0.1 for tests (smtp-server): no TLS, login optional, every message
// kept and parsed. It can be stopped and started again on the same port, to play an outage; the
// received messages survive the restart.
//
//   const smtp = await startTestSmtp({ reject: ['nobody@example.test'] }); // 550 at RCPT TO
//   await setSetting(db, 'mail.smtp', smtp.settings());
//   … deliver …
//   const [message] = await smtp.waitForMessages(1);
//   await smtp.stop();    // connections now refused
//   await smtp.start();   // same port again
//   await smtp.close();
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { SmtpSettings } from '../../shared/settings/settings.ts';

export interface ReceivedMessage {
  envelopeFrom: string;
  envelopeTo: string[];
  /** Header values, decoded (RFC 2047 encoded words); lower-case names. */
  headers: Map<string, string>;
  subject: string;
  messageId: string;
  /** The text/plain and text/html parts, decoded; null when absent. */
  text: string | null;
  html: string | null;
  raw: string;
}

export interface TestSmtpOptions {
  /** 0 (default) picks a free port on first start; restarts keep it. */
  port?: number;
  /** Recipients refused at RCPT TO with 550 (a permanent failure). */
  reject?: string[];
  /** Recipients refused at RCPT TO with 450 (try later). */
  defer?: string[];
}

export interface TestSmtp {
  readonly port: number;
  readonly messages: readonly ReceivedMessage[];
  /** 'mail.smtp' settings pointing at this server. */
  settings(overrides?: Partial<SmtpSettings>): SmtpSettings;
  /** Resolves once at least `count` messages arrived in total; rejects after `timeoutMs` (default 10 s). */
  waitForMessages(count: number, options?: { timeoutMs?: number }): Promise<readonly ReceivedMessage[]>;
  /** Resolves with the first message (received so far or later) that `match` accepts; rejects after `timeoutMs` (default 10 s). */
  waitForMessage(match: (message: ReceivedMessage) => boolean, options?: { timeoutMs?: number; description?: string }): Promise<ReceivedMessage>;
  /** Stops listening (a client then gets "connection refused"); messages are kept. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const messages: ReceivedMessage[] = [];
  const rejected = new Set((options.reject ?? []).map((a) => a.toLowerCase()));
  const deferred = new Set((options.defer ?? []).map((a) => a.toLowerCase()));
  const waiters = new Set<() => void>();
  let port = options.port ?? 0;
  let server: SMTPServer | null = null;

  const makeServer = () =>
    new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onAuth(_auth, _session, callback) {
        callback(null, { user: 'test' });
      },
      onRcptTo(address, _session, callback) {
        if (rejected.has(address.address.toLowerCase())) {
          callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        if (deferred.has(address.address.toLowerCase())) {
          callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 450 }));
          return;
        }
        callback();
      },
      onData(stream: SMTPServerDataStream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          // Kept before the 250 reply, so a client's send resolves only after the message is here.
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          messages.push(parseMessage(raw, envelopeFrom, session.envelope.rcptTo.map((r) => r.address)));
          for (const wake of waiters) wake();
          callback();
        });
      },
    });

  const start = async () => {
    if (server) return;
    const next = makeServer();
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });
    port = (next.server.address() as AddressInfo).port;
    server = next;
  };
  const stop = async () => {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await start();
  return {
    get port() {
      return port;
    },
    messages,
    settings: (overrides = {}) => ({
      host: '127.0.0.1',
      port,
      secure: false,
      user: '',
      password: '',
      from: 'МУП «Тест» <noreply@kkp.test>',
      ...overrides,
    }),
    waitForMessages(count, { timeoutMs = 10_000 } = {}) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Expected ${count} e-mail message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        function check() {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        }
        waiters.add(check);
      });
    },
    waitForMessage(match, { timeoutMs = 10_000, description = 'a matching e-mail message' } = {}) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `${m.envelopeTo.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`Expected ${description} within ${timeoutMs} ms; received: ${seen}`));
        }, timeoutMs);
        function check() {
          const message = messages.find(match);
          if (!message) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(message);
        }
        waiters.add(check);
      });
    },
    stop,
    start,
    close: stop,
  };
}

/** How many times each Message-ID arrived. */
export function countByMessageId(messages: readonly ReceivedMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
  return counts;
}

// A small MIME reader: enough for what nodemailer writes (multipart/alternative of text and
// HTML, quoted-printable or base64, UTF-8), not a general parser.
export function parseMessage(raw: string, envelopeFrom: string, envelopeTo: string[]): ReceivedMessage {
  const { headers, body } = splitHeaders(raw);
  const parts = collectTextParts(headers, body);
  return {
    envelopeFrom,
    envelopeTo,
    headers,
    subject: headers.get('subject') ?? '',
    messageId: headers.get('message-id') ?? '',
    text: parts.text,
    html: parts.html,
    raw,
  };
}

function splitHeaders(entity: string): { headers: Map<string, string>; body: string } {
  const end = entity.search(/\r?\n\r?\n/);
  const head = end === -1 ? entity : entity.slice(0, end);
  const body = end === -1 ? '' : entity.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function collectTextParts(headers: Map<string, string>, body: string): { text: string | null; html: string | null } {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const found: { text: string | null; html: string | null } = { text: null, html: null };
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const part = splitHeaders(section.replace(/^\r?\n/, ''));
      const inner = collectTextParts(part.headers, part.body.replace(/\r?\n$/, ''));
      found.text ??= inner.text;
      found.html ??= inner.html;
    }
    return found;
  }
  const decoded = decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit');
  if (type.startsWith('text/html')) return { text: null, html: decoded };
  if (type.startsWith('text/plain')) return { text: decoded, html: null };
  return { text: null, html: null };
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\r?\n/g, ''));
    default:
      return body;
  }
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// =?UTF-8?B?…?= and =?UTF-8?Q?…?=; whitespace between adjacent encoded words is dropped (RFC 2047 §6.2).
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, mode: string, data: string) =>
      mode.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
