// Console commands: a list as filtered and sorted on the screen, exported to XLSX or CSV
// (list-exports.ts). Each command has its list's access: the audit log's export is for
// administrators only, like the log.
import { z } from 'zod';
import { applicationListSchema } from '../../access/applications.ts';
import { auditQuerySchema } from '../../admin/schemas.ts';
import { EXPORT_FORMATS, fileOptionsSchema, type ExportFormat } from '../../export/options.ts';
import { writeExport } from '../../export/write.ts';
import { feedbackListSchema } from '../../requests/feedback.ts';
import { requestListSchema } from '../../requests/staff.ts';
import { localDate } from '../../time.ts';
import { staffCommand, type StaffContext } from '../command.ts';
import {
  applicationsExport, auditExport, auditListExport, EXPORTED_LISTS, feedbackExport, requestsExport, type ExportedList, type ListExport,
} from '../list-exports.ts';
import type { ExportFileView } from '../views.ts';
import { toStoredFile } from './exports.ts';

const format = z.enum(EXPORT_FORMATS, { error: 'Формат: xlsx или csv' }).default('xlsx');
const exportOf = <S extends z.ZodType>(filter: S) => z.object({ filter, format });

async function writeList<T>(ctx: StaffContext, list: ExportedList, fileFormat: ExportFormat, filter: object, made: ListExport<T>): Promise<ExportFileView> {
  const day = localDate(ctx.now(), ctx.config.timeZone);
  const names = { ascii: `${list}-${day}.${fileFormat}`, russian: `${EXPORTED_LISTS[list]} ${day}.${fileFormat}` };
  const pages = (async function* () {
    for await (const window of made.windows) yield window.map(made.row);
  })();
  const view = await toStoredFile(ctx, fileFormat, names, (out) =>
    writeExport(pages, made.columns, fileOptionsSchema.parse({ format: fileFormat }), { out, sheetName: EXPORTED_LISTS[list], now: ctx.now() }));
  const { page: _page, ...kept } = filter as { page?: number };
  await auditListExport(ctx, list, kept, fileFormat, view.rows);
  return view;
}

export const listExportCommands = {
  exportRequestList: staffCommand({
    access: 'staff',
    input: exportOf(requestListSchema),
    run: (ctx, input) => writeList(ctx, 'requests', input.format, input.filter, requestsExport(ctx, input.filter)),
  }),
  exportApplicationList: staffCommand({
    access: 'staff',
    input: exportOf(applicationListSchema),
    run: (ctx, input) => writeList(ctx, 'applications', input.format, input.filter, applicationsExport(ctx, input.filter)),
  }),
  exportFeedbackList: staffCommand({
    access: 'staff',
    input: exportOf(feedbackListSchema),
    run: (ctx, input) => writeList(ctx, 'feedback', input.format, input.filter, feedbackExport(ctx, input.filter)),
  }),
  exportAuditLog: staffCommand({
    access: 'administrator',
    input: exportOf(auditQuerySchema),
    run: async (ctx, input) => writeList(ctx, 'audit', input.format, input.filter, await auditExport(ctx, input.filter)),
  }),
} as const;
