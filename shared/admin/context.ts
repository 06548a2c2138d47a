// What the console's use-cases need from a command's context: the database, the clock, the
// configuration, and who is acting from where (for the audit log).
import type { Knex } from 'knex';
import { writeAudit, type AuditEntry } from '../audit/write.ts';
import type { StaffContext } from '../console/command.ts';

export type AdminContext = Pick<StaffContext, 'db' | 'config' | 'now' | 'staff' | 'origin'>;

/** One audit row for the acting staff member, written in `db` (pass the transaction). */
export function auditStaffAction(
  db: Knex,
  ctx: AdminContext,
  entry: Omit<AuditEntry, 'actorType' | 'actorId' | 'ip' | 'at'>,
): Promise<void> {
  return writeAudit(db, { ...entry, actorType: 'staff', actorId: ctx.staff.id, ip: ctx.origin, at: ctx.now() });
}
