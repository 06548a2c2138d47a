// Console commands: the queue of applications for access (shared/access/applications.ts reads
// it, decide-application.ts decides). The commands only name who may call and what they take.
import { z } from 'zod';
import { applicationDetail, applicationListSchema, listApplications, viewApplication } from '../../access/applications.ts';
import { approveApplication as approve, rejectApplication as reject } from '../../access/decide-application.ts';
import { staffCommand } from '../command.ts';
import type { ApplicationDetail } from '../views.ts';

const id = z.number({ error: 'Не указана заявка' }).int().positive();

export const applicationsCommands = {
  listApplications: staffCommand({
    access: 'staff',
    input: applicationListSchema,
    run: listApplications,
  }),

  getApplication: staffCommand({
    access: 'staff',
    input: z.object({ id }),
    run: (ctx, input): Promise<ApplicationDetail> => viewApplication(ctx, input.id),
  }),

  approveApplication: staffCommand({
    access: 'staff',
    input: z.object({
      id, accountId: z.number({ error: 'Выберите лицевой счёт' }).int().positive('Выберите лицевой счёт'),
      /** The clerk read what does not match and approves all the same. */
      confirmMismatch: z.boolean().optional(),
    }),
    async run(ctx, input): Promise<ApplicationDetail> {
      await approve(ctx.db, {
        applicationId: input.id, accountId: input.accountId, staffId: ctx.staff.id, origin: ctx.origin, now: ctx.now(), siteUrl: ctx.config.publicUrl,
        ...(input.confirmMismatch ? { confirmMismatch: true } : {}),
      });
      return applicationDetail(ctx, input.id);
    },
  }),

  rejectApplication: staffCommand({
    access: 'staff',
    input: z.object({
      id,
      reason: z.string({ error: 'Укажите причину отказа' }).trim().min(5, 'Укажите причину отказа — не короче 5 символов').max(1000, 'Причина слишком длинная'),
    }),
    async run(ctx, input): Promise<ApplicationDetail> {
      await reject(ctx.db, { applicationId: input.id, reason: input.reason, staffId: ctx.staff.id, origin: ctx.origin, now: ctx.now(), siteUrl: ctx.config.publicUrl });
      return applicationDetail(ctx, input.id);
    },
  }),
} as const;
