// Console commands: company settings, for administrators only (bank details go on every
// receipt; SMTP, the registration mode and the payment provider change how the whole portal
// behaves; the ЮKassa key and the SMS api_id are secrets).
import { z } from 'zod';
import { getCompanySettings, settingsUpdateSchema, updateCompanySettings } from '../../admin/company-settings.ts';
import { auditStaffAction } from '../../admin/context.ts';
import { consoleServiceView } from '../../ops/console-certificate.ts';
import { answerTemplatesSchema, type AnswerTemplates } from '../../settings/answer-templates.ts';
import { getSetting, setSetting } from '../../settings/settings.ts';
import { staffCommand } from '../command.ts';

export const settingsCommands = {
  getSettings: staffCommand({ access: 'administrator', input: z.object({}), run: (ctx) => getCompanySettings(ctx.db, ctx.config) }),
  // How desks reach the console service and the fingerprint they confirm on first contact:
  // any clerk may read it (it is no secret) to compare with what their console shows.
  getConsoleService: staffCommand({ access: 'staff', input: z.object({}), run: (ctx) => consoleServiceView(ctx.config) }),
  updateSettings: staffCommand({ access: 'administrator', input: settingsUpdateSchema, run: updateCompanySettings }),
  // Ready-made answers: every clerk picks from them; the administrator edits them.
  listAnswerTemplates: staffCommand({ access: 'staff', input: z.object({}), run: (ctx): Promise<AnswerTemplates> => getSetting(ctx.db, 'answers.templates') }),
  saveAnswerTemplates: staffCommand({
    access: 'administrator',
    input: answerTemplatesSchema,
    async run(ctx, input): Promise<AnswerTemplates> {
      await ctx.db.transaction(async (trx) => {
        await setSetting(trx, 'answers.templates', input, ctx.now());
        await auditStaffAction(trx, ctx, { action: 'settings.templates', subjectType: 'settings', details: { reply: input.reply.length, reject: input.reject.length } });
      });
      return input;
    },
  }),
} as const;
