// Putting an e-mail in the outbox. Call it inside the transaction that makes the change the
// e-mail reports, so the message exists exactly when the change does; a worker delivers it
// (shared/mail/worker.ts). A worker in this process is woken once the transaction commits.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { insertedId } from '../../db/dialect/inserted-id.ts';

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
  announceAfterCommit(db);
  return insertedId(row);
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Calls `listener` whenever this process has queued mail that is now committed; returns an unsubscribe. */
export function onEmailQueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}

// Waking the worker before the commit would let it look, find nothing, and sleep a whole interval.
function announceAfterCommit(db: Knex): void {
  if (listeners.size === 0) return;
  let trx = db as Knex.Transaction & { parentTransaction?: Knex.Transaction };
  if (!trx.isTransaction) return notify();
  // A savepoint's promise settles at its release; the mail exists only once the outermost commits.
  while (trx.parentTransaction) trx = trx.parentTransaction;
  trx.executionPromise.then(notify, () => undefined);
}
