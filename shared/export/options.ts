// The choices a clerk or an administrator makes for an export file, validated by one schema for
// the console and the command line. Defaults suit Russian Excel: CSV with ';', decimal comma,
// UTF-8 with a BOM. See docs/export.md.
import { z } from 'zod';
import { isIsoDate } from '../time.ts';
import { periodSchema } from '../period.ts';
import type { CsvOptions } from './csv.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const fileOptionsSchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: 'Формат: csv или xlsx' }).default('csv'),
  encoding: z.enum(['utf-8', 'windows-1251'], { message: 'Кодировка: utf-8 или windows-1251' }).default('utf-8'),
  delimiter: z.enum([';', ',', 'tab'], { message: 'Разделитель: ; , или tab' }).default(';'),
  /** Default: comma, except with ',' as the delimiter, where a point keeps numbers unquoted. */
  decimal: z.enum(['comma', 'point'], { message: 'Десятичный разделитель: comma или point' }).optional(),
  /** UTF-8 byte order mark, so Excel does not take the file for windows-1251. */
  bom: z.boolean({ message: 'BOM: да или нет' }).default(true),
});

export type FileOptionsInput = z.input<typeof fileOptionsSchema>;
export type FileOptions = z.output<typeof fileOptionsSchema>;

const isoDate = (what: string) => z.string({ message: `${what}: укажите дату ГГГГ-ММ-ДД` }).refine(isIsoDate, `${what}: укажите дату ГГГГ-ММ-ДД`);

export const readingsExportSchema = fileOptionsSchema.extend({
  period: z.string({ message: 'Укажите период ГГГГ-ММ' }).pipe(periodSchema),
});

export const paymentsExportSchema = fileOptionsSchema
  .extend({ from: isoDate('Начало периода'), to: isoDate('Конец периода') })
  .refine((v) => v.from <= v.to, { path: ['to'], message: 'Конец периода раньше начала' });

export type ReadingsExportInput = z.output<typeof readingsExportSchema>;
export type PaymentsExportInput = z.output<typeof paymentsExportSchema>;

export function csvOptionsOf(o: FileOptions): CsvOptions {
  const delimiter = o.delimiter === 'tab' ? '\t' : o.delimiter;
  return { delimiter, decimal: o.decimal ?? (delimiter === ',' ? 'point' : 'comma'), encoding: o.encoding, bom: o.bom };
}

/** What the console may keep for download: the exports, and printed receipts. */
export type StoredFormat = ExportFormat | 'pdf';

export const extensionOf = (format: StoredFormat) => format;

export const CONTENT_TYPES: Record<StoredFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};
