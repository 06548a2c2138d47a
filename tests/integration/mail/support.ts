// Shared by the mail suites: a logger that keeps its lines, and a message to queue.
import type { Knex } from 'knex';
import { enqueueEmail } from '../../../shared/mail/outbox.ts';
import type { MailLogger } from '../../../shared/mail/transport.ts';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  details: object;
  message: string;
}

export function recordingLogger(): MailLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (details: object, message: string) => void lines.push({ level, details, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Queues `count` messages to resident1@…, resident2@…, returning their outbox ids. */
export async function queueMessages(db: Knex, count: number, at: number, to = (i: number) => `resident${i}@example.test`): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= count; i++) {
    ids.push(
      await enqueueEmail(
        db,
        { kind: 'test.notice', to: to(i), subject: `Уведомление № ${i}`, text: `Текст уведомления № ${i}`, html: `<p>Текст уведомления № ${i}</p>` },
        at,
      ),
    );
  }
  return ids;
}

export interface OutboxRow {
  id: number;
  to_address: string;
  message_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  sent_at: number | null;
  last_error: string | null;
}

export async function outboxRows(db: Knex): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = await db('email_outbox')
    .orderBy('id')
    .select('id', 'to_address', 'message_id', 'status', 'attempts', 'next_attempt_at', 'lease_until', 'sent_at', 'last_error');
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    attempts: Number(r.attempts),
    next_attempt_at: Number(r.next_attempt_at),
    lease_until: r.lease_until === null ? null : Number(r.lease_until),
    sent_at: r.sent_at === null ? null : Number(r.sent_at),
  }));
}
