// Console commands: billing import. A file reaches the console as an uploaded-file id (the HTTP
// bridge's POST /api/upload, or Electron's file dialog in the main process); the clerk previews
// it, starts a run (dry or real) that goes on in the background, polls its progress, may cancel
// it, reads the history and undoes the latest import.
import { z } from 'zod';
import { sha256File } from '../../import/hash.ts';
import { openImportFile } from '../../import/open.ts';
import { getImport, listImports, undoLatestImport } from '../../import/history.ts';
import { cancelImportJob, importJobView, startImportJob } from '../../import/jobs.ts';
import type { ImportActor, UnknownValue } from '../../import/outcome.ts';
import { fastRowParser } from '../../import/fast-rows.ts';
import { problemsFromIssues, withColumn } from '../../import/problems.ts';
import { IMPORT_KINDS, importRowSchemas, type RowProblem } from '../../import/rows.ts';
import { findSavedMapping, listSavedMappings, type SavedMapping } from '../../import/saved-mappings.ts';
import { ServiceValues } from '../../import/service-values.ts';
import { eachRecord, ImportFileError } from '../../import/source.ts';
import { kindOfMapping, openForRun, RefusedFileError } from '../../import/refused-files.ts';
import { forgetUpload, uploadedFile } from '../../import/uploads.ts';
import { validationFailed } from '../../errors.ts';
import { staffCommand, type StaffContext } from '../command.ts';

const kind = z.enum(IMPORT_KINDS, { message: 'Вид данных: accounts, charges, balances, payments, meters или readings' });
const fileInput = z.object({
  fileId: z.string().regex(/^[0-9a-f]{32}$/, 'Файл не найден: загрузите его ещё раз'),
  kind: kind.optional(),
  /** A saved column mapping (the readers' format), for files not in the canonical layout. */
  mapping: z.unknown().optional(),
  mappingName: z.string().trim().max(100).optional(),
});
const PREVIEW_ROWS = 20;

const actorOf = (ctx: StaffContext): ImportActor => ({ staffId: ctx.staff.id, name: ctx.staff.login, origin: ctx.origin });

/** A file or mapping the exchange refused (ImportFileError, in Russian) as the form's error on `field`; anything else as it was. */
export function refusalOn(field: string, error: unknown): unknown {
  return error instanceof ImportFileError ? validationFailed([{ field, message: error.message }], error.message) : error;
}

/** Opens the uploaded file; for a run (not a preview), a refusal goes into the history (refused-files.ts). */
async function open(ctx: StaffContext, input: z.output<typeof fileInput>, run?: { dryRun: boolean; refused(): Promise<void> }) {
  const file = uploadedFile(input.fileId, ctx.staff.id);
  const openFile = async () => {
    // A mapping named by the clerk is read from the company's folder; one sent whole (a script
    // on the bridge) is judged by the same schema inside openImportFile.
    const mapping = input.mapping !== undefined ? input.mapping : input.mappingName ? await findSavedMapping(ctx.config.importMappingsDir, input.mappingName) : undefined;
    return openImportFile(file.path, { ...(input.kind ? { kind: input.kind } : {}), ...(mapping === undefined ? {} : { mapping }) });
  };
  try {
    if (!run) return { file, opened: await openFile() };
    const request = {
      path: file.path, fileName: file.name, kind: input.kind ?? kindOfMapping(input.mapping), mappingName: input.mappingName ?? null, dryRun: run.dryRun, actor: actorOf(ctx),
    };
    return { file, opened: await openForRun({ db: ctx.db, now: ctx.now, logger: ctx.logger }, request, openFile) };
  } catch (error) {
    if (error instanceof RefusedFileError) await run?.refused();
    throw refusalOn('fileId', error);
  }
}

export interface ImportPreview {
  kind: (typeof IMPORT_KINDS)[number];
  format: string;
  encoding: string | null;
  columns: string[];
  rows: { line: number; cells: Record<string, string>; problems: RowProblem[] }[];
  /** What looks like a wrong column in these rows (plausibility.ts): not a refusal, shown above the table. */
  warnings: string[];
  /** Service values of these rows that are not ours (each once, its problem on its first row), as the run would list them. */
  unknownValues: UnknownValue[];
}

export const exchangeCommands = {
  listImportMappings: staffCommand({
    access: 'staff',
    input: z.object({}).strict(),
    run: (ctx): Promise<SavedMapping[]> => listSavedMappings(ctx.config.importMappingsDir),
  }),
  listImports: staffCommand({
    access: 'staff',
    input: z.object({ limit: z.number().int().min(1).max(200).optional(), beforeId: z.number().int().positive().optional(), kind: kind.optional() }),
    run: (ctx, input) => listImports(ctx.db, { ...input, now: ctx.now() }),
  }),
  getImport: staffCommand({
    access: 'staff',
    input: z.object({ id: z.number().int().positive() }),
    run: (ctx, input) => getImport(ctx.db, input.id, ctx.now()),
  }),
  undoImport: staffCommand({
    access: 'staff',
    input: z.object({ importId: z.number().int().positive() }),
    run: (ctx, input) => undoLatestImport(ctx.db, actorOf(ctx), { importId: input.importId, now: ctx.now() }),
  }),
  previewImport: staffCommand({
    access: 'staff',
    input: fileInput,
    async run(ctx, input): Promise<ImportPreview> {
      const { opened } = await open(ctx, input);
      const schema = importRowSchemas[opened.kind];
      const fast = fastRowParser(opened.kind);
      const rows: ImportPreview['rows'] = [];
      // Services are judged as the run judges them (service-values.ts), not as Latin codes.
      const services = 'service_code' in schema.shape ? await ServiceValues.load(ctx.db, [], opened.kind === 'charges') : null;
      for await (const record of eachRecord(opened)) {
        const cells = { ...record.cells };
        const held = services?.prepare(cells, record.line) ?? [];
        const ok = fast(cells) !== undefined;
        const parsed = ok ? null : schema.safeParse(cells);
        // The reader's own findings (a line cut short, a cell refused as text) as the run reports them too.
        const found = [...(record.problems ?? []), ...held].map((p) => withColumn(p, opened.headers));
        const problems = [...found, ...(!parsed || parsed.success ? [] : problemsFromIssues(record, parsed.error.issues, opened.headers))];
        rows.push({ line: record.line, cells: record.cells, problems });
        if (rows.length >= PREVIEW_ROWS) break;
      }
      // The cross-checks' probe (cross-checks.ts) has seen these first rows as they were read.
      const warnings = opened.warnings?.() ?? [];
      return { kind: opened.kind, format: opened.format, encoding: opened.encoding, columns: opened.columns, rows, warnings, unknownValues: services?.unknownValues() ?? [] };
    },
  }),
  startImport: staffCommand({
    access: 'staff',
    input: fileInput.extend({
      dryRun: z.boolean().default(false),
      /** Service values of the file (as in the dry run's unknownValues) to create as new services. */
      confirmNewServices: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
      /** The clerk has read the summary and lets the run delete what the file does not mention. */
      confirmRemovals: z.boolean().optional(),
    }),
    async run(ctx, input) {
      // An upload is kept for the real run after a dry one, and removed once a real run has ended
      // (any status, a refusal at opening too); one never run goes after a day (uploads.ts).
      const done = async () => {
        if (input.dryRun) return;
        await forgetUpload(input.fileId, ctx.staff.id).catch((error: unknown) => ctx.logger.error({ err: error }, 'removing an upload failed'));
      };
      // A refusal at opening is a run that has ended too; a mapping not found is no run.
      const { file, opened } = await open(ctx, input, { dryRun: input.dryRun, refused: done });
      const jobId = startImportJob({ db: ctx.db, now: ctx.now, logger: ctx.logger }, ctx.staff.id, {
        file: opened, fileName: file.name, fileSha256: await sha256File(file.path), mappingName: input.mappingName ?? null, dryRun: input.dryRun, actor: actorOf(ctx),
        ...(input.confirmNewServices ? { confirmNewServices: input.confirmNewServices } : {}), ...(input.confirmRemovals ? { confirmRemovals: true } : {}),
      }, done);
      return { jobId };
    },
  }),
  getImportProgress: staffCommand({
    access: 'staff',
    input: z.object({ jobId: z.string().regex(/^[0-9a-f]{24}$/, 'Загрузка не найдена') }),
    run: async (ctx, input) => importJobView(input.jobId, ctx.staff.id),
  }),
  cancelImport: staffCommand({
    access: 'staff',
    input: z.object({ jobId: z.string().regex(/^[0-9a-f]{24}$/, 'Загрузка не найдена') }),
    run: async (ctx, input) => {
      cancelImportJob(input.jobId, ctx.staff.id);
      return null;
    },
  }),
} as const;
