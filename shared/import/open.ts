// The one place the CLI, the console, the benchmark and the tests open a billing file: CSV (UTF-8,
// windows-1251 or cp866), XLSX or DBF, in the canonical layout or under a column mapping. Picks
// the reader by the mapping's format or the file's extension and hands back the seam the loader
// consumes (source.ts).
import { extname } from 'node:path';
import { stat } from 'node:fs/promises';
import { openCsv } from './csv-reader.ts';
import { withCrossChecks } from './cross-checks.ts';
import { openDbf } from './dbf-reader.ts';
import { parseMapping, type ColumnMapping } from './mapping.ts';
import type { ImportKind } from './rows.ts';
import { ImportFileError, type OpenedImportFile } from './source.ts';
import { openXlsx } from './xlsx-reader.ts';

export interface OpenImportOptions {
  /** The kind the clerk chose; without it the kind comes from the mapping or the header. */
  kind?: ImportKind;
  /** A column mapping (docs/billing-exchange.md), parsed or as its saved JSON: validated here either way. */
  mapping?: unknown;
  /** The readers' stall watchdog limit (stall.ts: STALL_MS unless a test makes it short). */
  stallMs?: number;
}

const BY_EXTENSION: Record<string, OpenedImportFile['format']> = {
  '.csv': 'csv', '.txt': 'csv', '.tsv': 'csv', '.xlsx': 'xlsx', '.dbf': 'dbf',
};

export function formatOf(path: string, mapping?: ColumnMapping): OpenedImportFile['format'] {
  if (mapping?.format) return mapping.format;
  const ext = extname(path).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (format) return format;
  if (ext === '.xls') throw new ImportFileError('Формат XLS (Excel 97–2003) не поддерживается: сохраните файл как XLSX или CSV');
  throw new ImportFileError(`Неизвестный формат файла «${ext || 'без расширения'}»: ожидается CSV, XLSX или DBF`);
}

/**
 * Opens a billing file: reads its header (throwing ImportFileError with a Russian message when the
 * file cannot be taken as the kind at all) and returns a reader of its records.
 * `batches()` may also throw ImportFileError mid-way (a cut-off file, a broken encoding) and
 * throws the signal's reason when aborted.
 */
export async function openImportFile(path: string, given: OpenImportOptions = {}): Promise<OpenedImportFile> {
  // Throws ImportFileError (Russian) for a bad mapping, before the file is touched.
  const options = { ...given, mapping: given.mapping === undefined ? undefined : parseMapping(given.mapping) };
  const format = formatOf(path, options.mapping);
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImportFileError('Это не файл');
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('Файл не найден или недоступен для чтения');
  }
  const opened = format === 'xlsx' ? await openXlsx(path, options) : format === 'dbf' ? await openDbf(path, options) : await openCsv(path, options);
  if (options.mapping) opened.replaceScope = options.mapping.replaceScope;
  // A mapping's expected shape and control line, and the plausibility warnings (cross-checks.ts).
  return withCrossChecks(opened, options.mapping);
}
