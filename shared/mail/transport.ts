// How a queued message leaves the process: over SMTP (nodemailer), or, while no SMTP server is
// set, into an .eml file under var/mail/ that any mail program opens.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { SmtpSettings } from '../settings/settings.ts';

export interface MailMessage {
  /** The email_outbox row, for logs. */
  outboxId: number;
  kind: string;
  /** `<uuid@kkp.local>`, fixed when queued: a repeat after an unknown outcome carries the same id. */
  messageId: string;
  /** When it was queued (epoch ms). */
  createdAt: number;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface MailTransport {
  /** «SMTP smtp.example.ru:587» or «файлы в /srv/kkp/var/mail», for logs. */
  readonly description: string;
  /** Resolves once the server accepted the message (or the file is written); rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** What is used of the pino logger (shared/logger.ts), so tests can pass a plain object. */
export interface MailLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

// A dead or black-holed server must fail within seconds, not nodemailer's default minutes, so a
// pass over the outbox stays well inside its lease (shared/mail/worker.ts).
export const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  dnsTimeout: 10_000,
} as const;

export function createSmtpTransport(settings: SmtpSettings): MailTransport {
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
    ...SMTP_TIMEOUTS,
    // Our messages have no attachments; refuse to read files or URLs even if asked to.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    description: `SMTP ${settings.host}:${settings.port}`,
    async send(message) {
      await transporter.sendMail(compose(message, settings.from));
    },
    close: () => transporter.close(),
  };
}

export interface FileTransportOptions {
  dir: string;
  from: string;
  logger: MailLogger;
}

export function createFileTransport({ dir, from, logger }: FileTransportOptions): MailTransport {
  // RFC 822 wants CRLF line ends; mail programs open such files as they are.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    description: `файлы в ${dir}`,
    async send(message) {
      const info = await composer.sendMail(compose(message, from));
      const file = join(dir, emlFileName(message));
      await mkdir(dir, { recursive: true });
      // Written aside and renamed: a reader never sees half a message, and a repeat replaces the file.
      const partial = `${file}.partial`;
      await writeFile(partial, info.message as Buffer);
      await rename(partial, file);
      logger.info({ outboxId: message.outboxId, kind: message.kind, to: message.to, file }, `Письмо записано в файл: ${file}`);
    },
    close: () => composer.close(),
  };
}

/** `20261123-101500-application.approved-<uuid>.eml`: sorted by queue time, the same name on a repeat. */
export function emlFileName(message: Pick<MailMessage, 'createdAt' | 'kind' | 'messageId'>): string {
  const stamp = new Date(message.createdAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const id = message.messageId.replace(/^<|@.*$|>$/g, '');
  return `${stamp}-${safe(message.kind)}-${safe(id)}.eml`;
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
}

function compose(message: MailMessage, from: string): SendMailOptions {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html ?? undefined,
    messageId: message.messageId,
  };
}
