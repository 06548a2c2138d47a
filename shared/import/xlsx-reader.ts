// XLSX billing files through exceljs's streaming WorkbookReader: rows arrive one at a time and
// only shared strings and styles are kept (styles tell a date cell from a number).
import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { cleanHeaderCell } from './clean-cells.ts';
import { columnType } from './columns.ts';
import type { ReaderOptions } from './csv-reader.ts';
import type { ColumnMapping } from './mapping.ts';
import { planColumns, putCell, type ColumnPlan } from './plan.ts';
import { ImportFileError, type OpenedImportFile, type SourceRecord } from './source.ts';
import { STALL_MS, StallWatch } from './stall.ts';
import { chosenSheet, workbookSheets, type WorkbookSheet } from './xlsx-sheets.ts';

const CHUNK = 1024 * 1024;
const DAY_MS = 86_400_000;
const EXCEL_EPOCH_OFFSET = 25_569; // days from 1899-12-30 to 1970-01-01

interface SheetRow {
  number: number;
  values: unknown[];
}

/** A ZIP ends with its central directory; a file cut short has none (the streaming unzip would just stop early). */
async function checkZip(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size === 0) throw new ImportFileError('Файл пуст');
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (head.readUInt32LE(0) !== 0x04034b50) throw new ImportFileError('Файл не является книгой Excel (XLSX)');
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) return size;
    }
    throw new ImportFileError('Файл XLSX повреждён или обрезан: нет оглавления архива. Сохраните файл в Excel заново');
  } finally {
    await handle.close();
  }
}

function corrupt(error: unknown): unknown {
  if (error instanceof ImportFileError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ImportFileError(`Файл XLSX повреждён, прочитать его не удалось (${detail.slice(0, 200)})`);
}

/**
 * The unzip's own errors (a sheet's compressed data damaged while the archive's directory is
 * intact) reach only its stream: exceljs, copying a sheet stored before the shared strings to a
 * temporary file, then waits forever. The unzip is whatever our file stream is piped into.
 */
function watchUnzip(stream: ReadStream, watch: StallWatch): void {
  const pipe = stream.pipe.bind(stream);
  stream.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    (destination as unknown as NodeJS.EventEmitter).on('error', (error: unknown) => watch.fail(error));
    return pipe(destination, options);
  };
}

/**
 * exceljs never closes its XML parser, so a sheet whose XML stops half-way (the rest lost, the
 * archive rewritten around it) just ends, and its first rows would load as if they were all.
 * The sheet's text goes through the watchdog and must end with the closing </worksheet>.
 */
async function* wholeSheetXml(chunks: AsyncIterable<Buffer | string>, watch: StallWatch): AsyncGenerator<Buffer | string> {
  let tail = '';
  for await (const chunk of watch.iterate(chunks)) {
    tail = (tail + (typeof chunk === 'string' ? chunk.slice(-64) : chunk.subarray(-64).toString('latin1'))).slice(-64);
    yield chunk;
  }
  if (!/<\/(?:\w+:)?worksheet>\s*$/.test(tail)) {
    throw new ImportFileError('Файл XLSX повреждён: лист обрывается на середине, часть строк потеряна. Сохраните файл в Excel заново');
  }
}

/** The chosen sheet's rows (raw-rows.ts reads the first few for the console's «Новый источник»). */
export async function* sheetRows(
  path: string, mapping: Pick<ColumnMapping, 'sheet'> | undefined, onBytes: (n: number) => void, stallMs: number = STALL_MS,
): AsyncGenerator<SheetRow> {
  // Which part holds the wanted sheet, from the archive's directory (xlsx-sheets.ts), before the
  // file stream starts: once it has a 'data' listener it flows, with or without a reader.
  let sheets: WorkbookSheet[];
  try {
    sheets = await workbookSheets(path);
  } catch (error) {
    throw corrupt(error);
  }
  const target = chosenSheet(sheets, mapping?.sheet ?? 1);
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  let bytes = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes(chunk.length);
  });
  const watch = new StallWatch(stallMs, () => bytes);
  watchUnzip(stream, watch);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      // Each worksheet is announced, with its part's number, just before it is emitted.
      entries: 'emit',
    });
    let part: string | null = null;
    (workbook as unknown as NodeJS.EventEmitter).on('entry', (entry: { type: string; id: string }) => {
      if (entry.type === 'worksheet') part = String(entry.id);
    });
    for await (const worksheet of watch.iterate(workbook)) {
      if (part !== target.partNumber) continue;
      const sheet = worksheet as unknown as { iterator: AsyncIterable<Buffer | string> };
      sheet.iterator = wholeSheetXml(sheet.iterator, watch);
      for await (const row of worksheet) yield { number: row.number, values: row.values as unknown[] };
      return;
    }
    throw new ImportFileError(`Файл XLSX повреждён: лист «${target.name}» не прочитан. Сохраните файл в Excel заново`);
  } catch (error) {
    throw corrupt(error);
  } finally {
    stream.destroy();
  }
}

function isoFromSerial(serial: number): string {
  return new Date(Math.round((serial - EXCEL_EPOCH_OFFSET) * DAY_MS)).toISOString().slice(0, 10);
}

/** Plain text of any exceljs cell value (rich text, formula result, hyperlink, error). */
export function cellText(value: unknown): string | number | Date | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value as string | number | boolean | Date;
  const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
  if (v.richText) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return cellText(v.result);
  if (v.error) return v.error;
  if (typeof v.text === 'string') return v.text;
  return null;
}

/** A typed cell as canonical text: numbers with a point and no float noise, dates as ISO. */
function typedCell(value: number | Date | boolean, column: string): string {
  const type = columnType(column);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString().slice(0, 10);
    return type === 'period' ? iso.slice(0, 7) : iso;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  // A date column holding a bare serial number (the date format was lost): still a date. But a
  // period like 42026 is April 2026 written MMYYYY as a number (its zero lost), not a 2015 date.
  const monthYear = type === 'period' && Number.isInteger(value) && value % 10_000 >= 2000 && value % 10_000 <= 2100;
  if ((type === 'date' || type === 'period') && value > 20_000 && value < 80_000 && !monthYear) {
    const iso = isoFromSerial(value);
    return type === 'period' ? iso.slice(0, 7) : iso;
  }
  return String(Number(value.toPrecision(15)));
}

function headerTexts(values: unknown[]): string[] {
  const header: string[] = [];
  for (let i = 1; i < values.length; i++) {
    const v = cellText(values[i]);
    header.push(v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : cleanHeaderCell(String(v)));
  }
  return header;
}

function isBlankRow(values: unknown[]): boolean {
  for (let i = 1; i < values.length; i++) {
    const v = cellText(values[i]);
    if (v !== null && String(v).trim() !== '') return false;
  }
  return true;
}

/** A totals or subtotal row («Итого по дому:» in any cell): skipped. */
function isTotalsRow(plan: ColumnPlan, values: unknown[]): boolean {
  for (let i = 1; i < values.length; i++) {
    const v = cellText(values[i]);
    if (typeof v === 'string' && plan.totals.cell(v)) return true;
  }
  return false;
}

function startsWithComment(values: unknown[], comment: string | undefined): boolean {
  if (!comment) return false;
  const first = cellText(values[1]);
  return typeof first === 'string' && first.startsWith(comment);
}

export async function openXlsx(path: string, options: ReaderOptions): Promise<OpenedImportFile> {
  const { mapping } = options;
  const totalBytes = await checkZip(path);
  const headerRow = mapping?.headerRow;
  let header: string[] | null = null;
  if (headerRow !== 0) {
    for await (const row of sheetRows(path, mapping, () => {}, options.stallMs)) {
      if (headerRow !== undefined && row.number < headerRow) continue;
      if (isBlankRow(row.values) || startsWithComment(row.values, mapping?.skipLinesStartingWith)) continue;
      header = headerTexts(row.values);
      break;
    }
    if (!header) throw new ImportFileError('Файл пуст: на листе нет строки заголовка');
  }
  const plan = planColumns(header, options);
  let bytesRead = 0;
  return {
    kind: plan.kind,
    format: 'xlsx',
    encoding: null,
    columns: plan.columns,
    headers: plan.headers,
    progress: () => ({ bytesRead: Math.min(bytesRead, totalBytes), totalBytes }),
    batches: (signal?: AbortSignal) => {
      bytesRead = 0;
      return xlsxBatches(path, plan, mapping, signal, (n) => (bytesRead += n), options.stallMs);
    },
  };
}

/** Records are handed on this many at a time (source.ts batches). */
const BATCH = 500;

async function* xlsxBatches(
  path: string,
  plan: ColumnPlan,
  mapping: ColumnMapping | undefined,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
  stallMs: number | undefined,
): AsyncGenerator<SourceRecord[]> {
  signal?.throwIfAborted();
  const headerRow = mapping?.headerRow;
  let batch: SourceRecord[] = [];
  let seenHeader = headerRow === 0;
  let toSkip = mapping?.skipRows ?? 0;
  const comment = mapping?.skipLinesStartingWith;
  for await (const row of sheetRows(path, mapping, onBytes, stallMs)) {
    if (signal?.aborted) signal.throwIfAborted();
    const { values } = row;
    if (isBlankRow(values) || startsWithComment(values, comment)) continue;
    if (!seenHeader) {
      if (headerRow !== undefined && row.number < headerRow) continue;
      seenHeader = true;
      continue;
    }
    if (toSkip > 0) {
      toSkip--;
      continue;
    }
    if (isTotalsRow(plan, values)) continue;
    const record: SourceRecord = { line: row.number, cells: {} };
    for (const pick of plan.picks) {
      const value = cellText(values[pick.index + 1]);
      if (value === null) record.cells[pick.name] = '';
      else if (typeof value === 'string') putCell(record, pick, value);
      else putCell(record, pick, typedCell(value, pick.name), true);
    }
    for (const [name, value] of plan.constants) record.cells[name] = value;
    batch.push(record);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
