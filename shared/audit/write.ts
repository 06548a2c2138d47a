// Appends to the audit log. The table refuses updates and deletes (see the migration).
import type { Knex } from 'knex';

export type ActorType = 'resident' | 'staff' | 'system';

export interface AuditEntry {
  actorType: ActorType;
  actorId?: number | null;
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  accountId?: number | null;
  ip?: string | null;
  details?: Record<string, unknown>;
  at?: number;
}

export async function writeAudit(db: Knex, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    at: entry.at ?? Date.now(),
    actor_type: entry.actorType,
    actor_id: entry.actorId ?? null,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId === undefined ? null : String(entry.subjectId),
    account_id: entry.accountId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
  });
}
