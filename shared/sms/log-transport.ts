// SMS for the demo: nothing leaves the machine. Each message is written to the log and to a
// text file under var/sms/, named so files sort by queue time and a repeat replaces its file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SmsLogger, SmsMessage, SmsTransport } from './transport.ts';

export function createLogSmsTransport(options: { dir: string; logger: SmsLogger }): SmsTransport {
  return {
    description: `журнал и файлы в ${options.dir}`,
    async send(message) {
      const file = join(options.dir, smsFileName(message));
      await mkdir(options.dir, { recursive: true });
      const partial = `${file}.partial`;
      await writeFile(partial, `Кому: ${message.to}\nВид: ${message.kind}\n\n${message.text}\n`);
      await rename(partial, file);
      options.logger.info({ outboxId: message.outboxId, kind: message.kind, to: message.to, file, text: message.text }, `SMS записано в файл: ${file}`);
      return { providerMessageId: null };
    },
  };
}

export function smsFileName(message: Pick<SmsMessage, 'createdAt' | 'kind' | 'messageKey'>): string {
  const stamp = new Date(message.createdAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return `${stamp}-${safe(message.kind)}-${safe(message.messageKey)}.txt`;
}
