// Console commands: making a column mapping («Новый источник») without writing JSON. The clerk
// sees an uploaded file's first rows split into cells, picks a file column for each portal field
// (the fields per kind come from here, so the screen never keeps its own list), maps the
// source's service names to our services, and saves the mapping into the company's folder.
import { z } from 'zod';
import { KIND_TITLES, HEADER_ALIASES, columnType } from '../../import/columns.ts';
import { columnMappingSchema, type ColumnMapping } from '../../import/mapping.ts';
import { readRawRows } from '../../import/raw-rows.ts';
import { IMPORT_KINDS, canonicalColumns, requiredColumns } from '../../import/rows.ts';
import { findSavedMapping } from '../../import/saved-mappings.ts';
import { addMappingValues, deleteMapping, saveMapping } from '../../import/saved-mappings-write.ts';
import { listServices } from '../../import/services.ts';
import { ImportFileError } from '../../import/source.ts';
import { uploadedFile } from '../../import/uploads.ts';
import { auditStaffAction } from '../../admin/context.ts';
import { conflict, DomainError, validationFailed } from '../../errors.ts';
import { staffCommand } from '../command.ts';
import { refusalOn } from './exchange.ts';
import type { ImportFieldsView, RawFileRows, SavedMappingView, ServiceOption } from '../views.ts';

const RAW_LIMIT = 30;

const fileId = z.string().regex(/^[0-9a-f]{32}$/, 'Файл не найден: загрузите его ещё раз');

const rawRowsInput = z.object({
  fileId,
  format: z.enum(['csv', 'xlsx', 'dbf'], { message: 'Формат: csv, xlsx или dbf' }).optional(),
  encoding: z.enum(['auto', 'utf-8', 'windows-1251', 'cp866'], { message: 'Кодировка: авто, UTF-8, windows-1251 или cp866' }).default('auto'),
  delimiter: z.enum(['auto', ';', ',', '\t'], { message: 'Разделитель: авто, «;», «,» или табуляция' }).default('auto'),
  headerRow: z.number().int().min(0).max(1000).optional(),
  sheet: z.union([z.string().trim().min(1).max(100), z.number().int().min(1).max(1000)], { message: 'Лист: название или номер с 1' }).optional(),
  limit: z.number().int().min(1).max(100).default(RAW_LIMIT),
});

/** «лицевой счет» → «Лицевой счет»: the first Russian header name of a column is its title. */
function fieldTitle(name: string): string {
  const alias = HEADER_ALIASES[name]?.[0];
  return alias ? alias.charAt(0).toUpperCase() + alias.slice(1) : name;
}

function importFields(): ImportFieldsView[] {
  return IMPORT_KINDS.map((kind) => {
    const required = new Set(requiredColumns(kind));
    return {
      kind,
      title: KIND_TITLES[kind],
      fields: canonicalColumns(kind).map((name) => ({ name, title: fieldTitle(name), required: required.has(name), type: columnType(name) })),
    };
  });
}

/** A file the folder refused (no rights, disk full) is a clear refusal, not an internal error. */
function folderError(error: unknown): unknown {
  if (error instanceof DomainError || error instanceof ImportFileError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') return conflict(`Не удалось записать папку сопоставлений (${code}): сообщите администратору`);
  return error;
}

export const mappingSourceCommands = {
  /** The first rows of an uploaded file, split into cells with the given read settings, before any mapping. */
  readRawRows: staffCommand({
    access: 'staff',
    input: rawRowsInput,
    async run(ctx, input): Promise<RawFileRows> {
      const file = uploadedFile(input.fileId, ctx.staff.id);
      try {
        return await readRawRows(file.path, {
          ...(input.format ? { format: input.format } : {}),
          encoding: input.encoding,
          delimiter: input.delimiter,
          ...(input.headerRow === undefined ? {} : { headerRow: input.headerRow }),
          ...(input.sheet === undefined ? {} : { sheet: input.sheet }),
          limit: input.limit,
        });
      } catch (error) {
        throw refusalOn('fileId', error);
      }
    },
  }),
  /** Per kind of data, the portal's fields a mapping may fill, with their Russian titles. */
  listImportFields: staffCommand({
    access: 'staff',
    input: z.object({}).strict(),
    run: async (): Promise<ImportFieldsView[]> => importFields(),
  }),
  /** Our services, for mapping a source's service names or codes to them. */
  listServices: staffCommand({
    access: 'staff',
    input: z.object({}).strict(),
    run: (ctx): Promise<ServiceOption[]> => listServices(ctx.db),
  }),
  /** A saved mapping as the schema reads it, for the clerk to change it in «Новый источник». */
  getImportMapping: staffCommand({
    access: 'staff',
    input: z.object({ name: z.string().trim().min(1, 'Выберите сопоставление').max(200) }),
    async run(ctx, input): Promise<ColumnMapping> {
      try {
        return await findSavedMapping(ctx.config.importMappingsDir, input.name);
      } catch (error) {
        throw refusalOn('name', error);
      }
    },
  }),
  /**
   * Saves a mapping under its name into the company's folder (IMPORT_MAPPINGS_DIR). Any staff
   * member who loads files may make and correct the mapping for them; each save is audited.
   */
  saveImportMapping: staffCommand({
    access: 'staff',
    input: z.object({ mapping: columnMappingSchema, replace: z.boolean().default(false) }),
    async run(ctx, input): Promise<SavedMappingView> {
      let saved;
      try {
        saved = await saveMapping(ctx.config.importMappingsDir, input.mapping, input.replace);
      } catch (error) {
        throw folderError(error);
      }
      await auditStaffAction(ctx.db, ctx, {
        action: 'import_mapping.save', subjectType: 'import_mapping', subjectId: saved.mapping.name,
        details: { fileName: saved.mapping.fileName, kind: saved.mapping.kind, replaced: saved.replaced },
      });
      return { ...saved.mapping, replaced: saved.replaced };
    },
  }),
  /**
   * Adds the clerk's answers for values a run found unknown to a saved mapping's dictionary
   * (for services: the source's name or code → one of our service codes), so next month's file
   * of the same source loads without asking again.
   */
  addImportMappingValues: staffCommand({
    access: 'staff',
    input: z.object({
      mappingName: z.string().trim().min(1, 'Выберите сопоставление').max(200),
      column: z.literal('service_code', { message: 'Словарь значений: только для услуг (service_code)' }),
      values: z.record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(100)).refine((v) => Object.keys(v).length > 0, 'Сопоставьте хотя бы одно значение'),
    }),
    async run(ctx, input): Promise<SavedMappingView> {
      const codes = new Set((await listServices(ctx.db)).map((s) => s.code));
      const strangers = Object.entries(input.values).filter(([, code]) => !codes.has(code));
      if (strangers.length > 0) {
        throw validationFailed(
          strangers.map(([value, code]) => ({ field: `values.${value}`, message: `Услуги с кодом «${code}» нет в справочнике` })),
          `Для «${strangers[0]![0]}» выбрана услуга, которой нет в справочнике: обновите страницу и выберите снова`,
        );
      }
      let saved;
      try {
        saved = await addMappingValues(ctx.config.importMappingsDir, input.mappingName, input.column, input.values);
      } catch (error) {
        throw folderError(refusalOn('mappingName', error));
      }
      await auditStaffAction(ctx.db, ctx, {
        action: 'import_mapping.save', subjectType: 'import_mapping', subjectId: saved.mapping.name,
        details: { fileName: saved.mapping.fileName, kind: saved.mapping.kind, replaced: true, values: { [input.column]: input.values } },
      });
      return { ...saved.mapping, replaced: true };
    },
  }),
  /** Removes a saved mapping: administrators only, since the month's imports of others may rely on it. */
  deleteImportMapping: staffCommand({
    access: 'administrator',
    input: z.object({ name: z.string().trim().min(1, 'Выберите сопоставление').max(200) }),
    async run(ctx, input): Promise<null> {
      let removed;
      try {
        removed = await deleteMapping(ctx.config.importMappingsDir, input.name);
      } catch (error) {
        throw folderError(error);
      }
      await auditStaffAction(ctx.db, ctx, {
        action: 'import_mapping.delete', subjectType: 'import_mapping', subjectId: removed.name, details: { fileName: removed.fileName },
      });
      return null;
    },
  }),
} as const;
