// Putting SMS in the outbox, inside the transaction of the change they report (as for e-mail:
// shared/mail/outbox.ts). A worker delivers them (shared/sms/worker.ts); one in this process is
// woken once the transaction commits.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { insertRows } from '../../db/bulk-insert.ts';

export interface OutgoingSms {
  /** What the message is about, e.g. 'notice.outage'; for logs and the console. */
  kind: string;
  /** +7XXXXXXXXXX (shared/sms/phone.ts toGsmPhone). */
  to: string;
  text: string;
}

/** Queues one SMS and returns its outbox id. */
export async function enqueueSms(db: Knex, sms: OutgoingSms, now = Date.now()): Promise<number> {
  const [id] = await enqueueSmsBatch(db, [sms], now);
  return id as number;
}

/** Queues many with a few statements; the ids come back in the order of `messages`. */
export async function enqueueSmsBatch(db: Knex, messages: readonly OutgoingSms[], now = Date.now()): Promise<number[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((m) => ({
    created_at: now, kind: m.kind, to_phone: m.to, text: m.text, message_key: randomUUID(),
    status: 'pending', attempts: 0, next_attempt_at: now,
  }));
  await insertRows(db, 'sms_outbox', rows);
  const ids = new Map<string, number>();
  for (let start = 0; start < rows.length; start += 500) {
    const keys = rows.slice(start, start + 500).map((r) => r.message_key);
    const found: { id: number | string; message_key: string }[] = await db('sms_outbox').whereIn('message_key', keys).select('id', 'message_key');
    for (const row of found) ids.set(row.message_key, Number(row.id));
  }
  announceAfterCommit(db);
  return rows.map((r) => ids.get(r.message_key) as number);
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Calls `listener` whenever this process has queued SMS that are now committed; returns an unsubscribe. */
export function onSmsQueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}

function announceAfterCommit(db: Knex): void {
  if (listeners.size === 0) return;
  let trx = db as Knex.Transaction & { parentTransaction?: Knex.Transaction };
  if (!trx.isTransaction) return notify();
  while (trx.parentTransaction) trx = trx.parentTransaction;
  trx.executionPromise.then(notify, () => undefined);
}
