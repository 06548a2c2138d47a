// Putting an e-mail in the outbox. Call it inside the transaction that makes the change the
// e-mail reports, so the message exists exactly when the change does; a worker delivers it.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface OutgoingEmail {
  /** What the message is about, e.g. 'application.approved'; for logs and the console. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Queues one message and returns its outbox id. */
export async function enqueueEmail(db: Knex, email: OutgoingEmail, now = Date.now()): Promise<number> {
  const [row] = await db('email_outbox')
    .insert({
      created_at: now,
      kind: email.kind,
      to_address: email.to,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html ?? null,
      message_id: `<${randomUUID()}@kkp.local>`,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}
