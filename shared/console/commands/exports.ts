// Console commands: exports to billing. Open to operators: sending readings and card payments to
// billing is front-office routine. The file goes to EXPORT_DIR (config.exportDir) and the clerk's
// browser fetches it from the bridge's GET /api/download/<fileId> (desktop/bridge/download.ts);
// each export is written to the audit log by the export itself.
import { exportPayments, exportReadings } from '../../export/index.ts';
import { paymentsFileNames, readingsFileNames, type ExportFileNames } from '../../export/file-names.ts';
import { paymentsExportSchema, readingsExportSchema, type StoredFormat } from '../../export/options.ts';
import { newExportFile } from '../../export/stored-files.ts';
import { staffCommand, type StaffContext } from '../command.ts';
import type { ExportFileView } from '../views.ts';

export const DOWNLOAD_PATH_PREFIX = '/api/download/';

/** Writes a file into EXPORT_DIR with `run` (an export, a reissued receipt) and makes it the clerk's download. */
export async function toStoredFile(
  ctx: StaffContext,
  format: StoredFormat,
  names: ExportFileNames,
  run: (out: string) => Promise<{ rows: number; bytes: number; totalAmount?: number }>,
): Promise<ExportFileView> {
  const now = ctx.now();
  const file = await newExportFile(ctx.config.exportDir, format, now);
  const result = await run(file.path);
  await file.publish({ staffId: ctx.staff.id, createdAt: now, names, rows: result.rows, bytes: result.bytes });
  return {
    fileId: file.fileId, fileName: names.russian, rows: result.rows, bytes: result.bytes,
    totalAmount: result.totalAmount ?? null, downloadPath: `${DOWNLOAD_PATH_PREFIX}${file.fileId}`,
  };
}

const depsOf = (ctx: StaffContext) => ({ db: ctx.db, timeZone: ctx.config.timeZone, now: ctx.now });
const actorOf = (ctx: StaffContext) => ({ id: ctx.staff.id, ip: ctx.origin });

export const exportsCommands = {
  exportReadings: staffCommand({
    access: 'staff',
    input: readingsExportSchema,
    run: (ctx, input) =>
      toStoredFile(ctx, input.format, readingsFileNames(input.period, input.format), (out) =>
        exportReadings(depsOf(ctx), { ...input, out, actor: actorOf(ctx) })),
  }),
  exportPayments: staffCommand({
    access: 'staff',
    input: paymentsExportSchema,
    run: (ctx, input) =>
      toStoredFile(ctx, input.format, paymentsFileNames(input.from, input.to, input.format), (out) =>
        exportPayments(depsOf(ctx), { ...input, out, actor: actorOf(ctx) })),
  }),
} as const;
