// The first rows of a billing file as the clerk would see them in Excel or Notepad: cells split
// by the readers' own decoding, CSV parser, XLSX sheet walk and DBF fields, before any column
// mapping. The console's «Новый источник» shows them so that a mapping is made by pointing at
// columns rather than by writing JSON.
import { DBFFile, DELETED } from 'dbffile';
import { CsvParser, CsvSyntaxError, detectDelimiter, type CsvRecord } from './csv-parser.ts';
import { dbfError, guessDbfEncoding, readRawHeader, valueText } from './dbf-reader.ts';
import { isBlank, readPrefix } from './csv-reader.ts';
import { ChunkDecoder, decodeSample, detectEncoding, type EncodingChoice } from './decode.ts';
import { formatOf } from './open.ts';
import { ImportFileError } from './source.ts';
import { StallWatch } from './stall.ts';
import { cellText, sheetRows } from './xlsx-reader.ts';

/** Enough bytes for the first rows of any sane file (a header and some tens of lines). */
const SAMPLE = 256 * 1024;
/** Cells shown per row and characters per cell: a screen, not the file. */
const MAX_CELLS = 60;
const MAX_TEXT = 200;

export type RawDelimiter = 'auto' | ';' | ',' | '\t';

export interface RawReadOptions {
  format?: 'csv' | 'xlsx' | 'dbf';
  encoding?: EncodingChoice;
  delimiter?: RawDelimiter;
  /** The header's line, when the clerk has said it: the delimiter is found from there on, as the CSV reader does. */
  headerRow?: number;
  sheet?: string | number;
  /** Rows to return (at most). */
  limit: number;
}

export interface RawRows {
  format: 'csv' | 'xlsx' | 'dbf';
  /** The encoding used (detected or chosen); null for XLSX and for an all-ASCII sample. */
  encoding: string | null;
  /** The CSV delimiter used (detected or chosen); null for XLSX and DBF. */
  delimiter: ';' | ',' | '\t' | null;
  /** Line (CSV), row (XLSX) or record number (DBF: 1 is the field names) and the cells. */
  rows: { line: number; cells: string[] }[];
  /** The file has rows past those returned. */
  more: boolean;
}

const clip = (cells: string[]): string[] => cells.slice(0, MAX_CELLS).map((c) => (c.length > MAX_TEXT ? `${c.slice(0, MAX_TEXT)}…` : c));

/** Throws ImportFileError (Russian) when the file cannot be read at all. */
export async function readRawRows(path: string, options: RawReadOptions): Promise<RawRows> {
  const format = options.format ?? formatOf(path);
  if (format === 'xlsx') return xlsxRows(path, options);
  if (format === 'dbf') return dbfRows(path, options);
  return csvRows(path, options);
}

async function readSample(path: string): Promise<{ sample: Buffer; whole: boolean }> {
  let read;
  try {
    read = await readPrefix(path, SAMPLE);
  } catch {
    throw new ImportFileError('Файл не найден или недоступен для чтения');
  }
  if (read.totalBytes === 0) throw new ImportFileError('Файл пуст');
  return { sample: read.prefix, whole: read.prefix.length >= read.totalBytes };
}

/**
 * Title lines above a header («Ведомость начислений за сентябрь 2026») hold no delimiter or a
 * stray comma; until the clerk names the header line, the delimiter is looked for from the first
 * line that has one of the candidates.
 */
function delimiterLines(lines: string[], headerRow: number | undefined): string[] {
  if (headerRow !== undefined && headerRow > 0) return lines.slice(headerRow - 1);
  const first = lines.findIndex((l) => /[;\t]/.test(l));
  return first > 0 ? lines.slice(first) : lines;
}

async function csvRows(path: string, options: RawReadOptions): Promise<RawRows> {
  const { sample, whole } = await readSample(path);
  const detected = detectEncoding(sample, options.encoding ?? 'auto');
  const decoder = new ChunkDecoder(detected.encoding, detected.bomLength);
  let text = decodeSample(decoder, sample, whole);
  // A cut sample may end inside a record: only whole lines are parsed.
  if (!whole) text = text.slice(0, Math.max(0, text.search(/[^\r\n]*$/)));
  const lines = text.split(/\r?\n|\r/);
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(delimiterLines(lines, options.headerRow)) : options.delimiter;
  const parser = new CsvParser(delimiter, null);
  const records: CsvRecord[] = [];
  try {
    parser.push(text, records);
    if (whole) parser.end(records);
  } catch (error) {
    // An unclosed quote within the sample: the rows before it are still worth showing.
    if (!(error instanceof CsvSyntaxError)) throw error;
  }
  const data = records.filter((r) => !isBlank(r.fields));
  if (data.length === 0) throw new ImportFileError('Файл пуст: в нём нет ни одной строки');
  return {
    format: 'csv',
    encoding: decoder.encoding ?? detected.encoding,
    delimiter,
    rows: data.slice(0, options.limit).map((r) => ({ line: r.line, cells: clip(r.fields) })),
    more: data.length > options.limit || !whole,
  };
}

function xlsxText(value: unknown): string {
  const v = cellText(value);
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return String(Number(v.toPrecision(15)));
  return String(v);
}

async function xlsxRows(path: string, options: RawReadOptions): Promise<RawRows> {
  const rows: RawRows['rows'] = [];
  let more = false;
  for await (const row of sheetRows(path, options.sheet === undefined ? undefined : { sheet: options.sheet }, () => {})) {
    const cells: string[] = [];
    for (let i = 1; i < row.values.length; i++) cells.push(xlsxText(row.values[i]));
    if (isBlank(cells)) continue;
    if (rows.length >= options.limit) {
      more = true;
      break;
    }
    rows.push({ line: row.number, cells: clip(cells) });
  }
  if (rows.length === 0) throw new ImportFileError('Лист пуст: на нём нет ни одной строки');
  return { format: 'xlsx', encoding: null, delimiter: null, rows, more };
}

async function dbfRows(path: string, options: RawReadOptions): Promise<RawRows> {
  const raw = await readRawHeader(path);
  const encoding = options.encoding && options.encoding !== 'auto' ? options.encoding : guessDbfEncoding(raw.driver, raw.sample);
  let dbf: DBFFile;
  let records: Awaited<ReturnType<DBFFile['readRecords']>>;
  try {
    // Deleted records are read too (and skipped) so that record numbers match the reader's.
    // Watched as the DBF reader watches them: a damaged file is refused, never waited for.
    const watch = new StallWatch();
    dbf = await watch.step(DBFFile.open(path, { encoding, readMode: 'strict', includeDeletedRecords: true }));
    records = await watch.step(dbf.readRecords(options.limit * 2));
  } catch (error) {
    throw dbfError(error);
  }
  // The field names are the header, record 1, as the DBF reader numbers them.
  const rows: RawRows['rows'] = [{ line: 1, cells: clip(dbf.fields.map((f) => f.name)) }];
  records.forEach((record, i) => {
    if (!record[DELETED] && rows.length <= options.limit) rows.push({ line: i + 2, cells: clip(dbf.fields.map((f) => valueText(record[f.name], f, ''))) });
  });
  return { format: 'dbf', encoding, delimiter: null, rows, more: dbf.recordCount > rows.length - 1 };
}
