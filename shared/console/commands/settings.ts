// Console commands: company settings, for administrators only (bank details go on every
// receipt; SMTP and the registration mode change how the whole portal behaves).
import { z } from 'zod';
import { getCompanySettings, settingsUpdateSchema, updateCompanySettings } from '../../admin/company-settings.ts';
import { staffCommand } from '../command.ts';

export const settingsCommands = {
  getSettings: staffCommand({ access: 'administrator', input: z.object({}), run: (ctx) => getCompanySettings(ctx.db) }),
  updateSettings: staffCommand({ access: 'administrator', input: settingsUpdateSchema, run: updateCompanySettings }),
} as const;
