// Every console command by name. The IPC handlers, the HTTP bridge and the API type read this;
// a name defined in two groups throws when this module loads (registry.ts).
import { commandRegistry } from '../registry.ts';
import { accountsCommands } from './accounts.ts';
import { applicationsCommands } from './applications.ts';
import { auditCommands } from './audit.ts';
import { requestsCommands } from './requests.ts';
import { exportsCommands } from './exports.ts';
import { listExportCommands } from './list-exports.ts';
import { receiptsCommands } from './receipts.ts';
import { exchangeCommands } from './exchange.ts';
import { mappingSourceCommands } from './mapping-sources.ts';
import { dashboardCommands } from './dashboard.ts';
import { noticesCommands } from './notices.ts';
import { residentsCommands } from './residents.ts';
import { settingsCommands } from './settings.ts';
import { staffCommands } from './staff.ts';

export const commands = commandRegistry(
  staffCommands,
  applicationsCommands,
  residentsCommands,
  accountsCommands,
  auditCommands,
  settingsCommands,
  requestsCommands,
  exportsCommands,
  listExportCommands,
  receiptsCommands,
  exchangeCommands,
  mappingSourceCommands,
  noticesCommands,
  dashboardCommands,
);
