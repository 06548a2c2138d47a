// The transport for the current 'mail.smtp' setting, made once per distinct setting: an edit in
// the console takes effect at the worker's next pass, without a restart.
import type { SmtpSettings } from '../settings/settings.ts';
import { createFileTransport, createSmtpTransport, type MailLogger, type MailTransport } from './transport.ts';

export interface TransportChoice {
  /** The 'mail.smtp' setting; null writes files. */
  smtp: SmtpSettings | null;
  /** The From of files written while no SMTP server is set. */
  fileFrom: string;
}

export interface TransportCache {
  get(choice: TransportChoice): MailTransport;
  close(): void;
}

export function createTransportCache(options: { mailDir: string; logger: MailLogger }): TransportCache {
  let current: { key: string; transport: MailTransport } | null = null;
  return {
    get(choice) {
      const key = JSON.stringify(choice.smtp ?? { dir: options.mailDir, from: choice.fileFrom });
      if (current?.key === key) return current.transport;
      current?.transport.close();
      const transport = choice.smtp
        ? createSmtpTransport(choice.smtp)
        : createFileTransport({ dir: options.mailDir, from: choice.fileFrom, logger: options.logger });
      current = { key, transport };
      if (choice.smtp) {
        options.logger.info({ mail: transport.description }, `Почта отправляется через ${transport.description}`);
      } else {
        options.logger.info(
          { mailDir: options.mailDir },
          `SMTP-сервер не настроен: письма записываются в файлы .eml в ${options.mailDir} (настройка «mail.smtp» в консоли)`,
        );
      }
      return transport;
    },
    close() {
      current?.transport.close();
      current = null;
    },
  };
}
