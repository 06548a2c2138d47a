// What the staff use-cases need: the database, the clock, the configuration, and who is acting
// from where for the audit log — the domain's ActorContext, which a console command's context has.
import type { Knex } from 'knex';
import type { ActorContext } from '../actor.ts';
import { writeAudit, type AuditEntry } from '../audit/write.ts';

export type AdminContext = ActorContext;

/** One audit row for the acting staff member, written in `db` (pass the transaction). */
export function auditStaffAction(
  db: Knex,
  ctx: AdminContext,
  entry: Omit<AuditEntry, 'actorType' | 'actorId' | 'ip' | 'at'>,
): Promise<void> {
  return writeAudit(db, { ...entry, actorType: 'staff', actorId: ctx.staff.id, ip: ctx.origin, at: ctx.now() });
}
