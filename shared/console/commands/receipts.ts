// Console commands: printing a period's receipts as one PDF (all accounts or one building's)
// in the background, its progress, and the buildings to choose from. Open to operators: printing
// receipts is the front office's monthly work; each print is in the audit log.
import { z } from 'zod';
import { auditStaffAction } from '../../admin/context.ts';
import { notFound } from '../../errors.ts';
import { payLinkUrl } from '../../payments/pay-link.ts';
import { periodSchema } from '../../period.ts';
import { latestBilledPeriod } from '../../receipts/billed-period.ts';
import { findBuilding, listBuildings } from '../../receipts/buildings.ts';
import { cancelPrintJob, printProgress, startPrintJob } from '../../receipts/print-jobs.ts';
import { staffCommand } from '../command.ts';

export const printReceiptsSchema = z.object({
  period: periodSchema,
  buildingId: z.number().int().positive().nullable().optional(),
});

export const printJobSchema = z.object({ jobId: z.string().regex(/^[0-9a-f]{24}$/, 'Неверный номер задания') });

export const receiptsCommands = {
  printReceipts: staffCommand({
    access: 'staff',
    input: printReceiptsSchema,
    async run(ctx, input) {
      const building = input.buildingId ? await findBuilding(ctx.db, input.buildingId) : null;
      if (input.buildingId && !building) throw notFound('Дом не найден');
      const job = await startPrintJob(
        ctx.db,
        { period: input.period, buildingId: building?.id ?? null, buildingLabel: building?.label ?? null },
        {
          dir: ctx.config.exportDir, staffId: ctx.staff.id, now: ctx.now, logger: ctx.logger,
          payUrl: (accountId, period) => payLinkUrl(ctx.config, { accountId, period }),
        },
      );
      await auditStaffAction(ctx.db, ctx, {
        action: 'receipts.print', subjectType: 'period', subjectId: input.period,
        details: { buildingId: building?.id ?? null, accounts: job.total, jobId: job.jobId },
      });
      return job;
    },
  }),
  getPrintProgress: staffCommand({ access: 'staff', input: printJobSchema, run: async (_ctx, input) => printProgress(input.jobId) }),
  cancelPrint: staffCommand({ access: 'staff', input: printJobSchema, run: async (_ctx, input) => cancelPrintJob(input.jobId) }),
  listBuildings: staffCommand({ access: 'staff', input: z.object({}), run: (ctx) => listBuildings(ctx.db) }),
  // The newest month billing has loaded (its balances: the amount due a receipt shows), where
  // «Квитанции» opens: the current calendar month often has nothing yet, and printed nothing.
  latestBilledPeriod: staffCommand({
    access: 'staff', input: z.object({}),
    run: async (ctx): Promise<{ period: string | null }> => ({ period: await latestBilledPeriod(ctx.db) }),
  }),
} as const;
