// Console commands: audit. Reading the log is for administrators only: it gathers every
// resident's personal data and every clerk's actions in one place, and is how the operators'
// own work is checked. Nothing here or anywhere writes to the log except by appending.
import { listAudit } from '../../admin/audit-log.ts';
import { auditQuerySchema } from '../../admin/schemas.ts';
import { staffCommand } from '../command.ts';

export const auditCommands = {
  listAudit: staffCommand({ access: 'administrator', input: auditQuerySchema, run: listAudit }),
} as const;
