// «Новый источник» as the clerk fills it in: which line is the header, which file column each
// portal field comes from, how the file writes dates and numbers. Turned here into the mapping
// the server saves (shared/import/mapping.ts, the same JSON the CLI's --mapping reads), so the
// clerk never sees JSON. Pure functions: the store tests and the screen share them.
import type { ColumnMapping, ColumnMappingInput, DateFormat, PeriodFormat } from '../../../shared/import/mapping.ts';
import type { ImportKind, RawFileRows } from './view-types.ts';

/** The mapping schema's choices (the renderer cannot import shared values, only types). */
export const DATE_FORMATS = [
  'DD.MM.YYYY', 'YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD-MM-YYYY', 'DD.MM.YY', 'YYYYMMDD', 'YYYY.MM.DD',
] as const satisfies readonly DateFormat[];
export const PERIOD_FORMATS = ['auto', 'MM.YYYY', 'YYYY-MM', 'YYYYMM', 'MMYYYY', 'MMYY', 'YYMM'] as const satisfies readonly PeriodFormat[];

/** The mapping's own choices, so the draft never offers one the schema refuses. */
export type EncodingChoice = ColumnMapping['encoding'];
export type DelimiterChoice = ColumnMapping['delimiter'];

/** Where a portal field comes from: '' not in the file, 'c<N>' the file's column N (from 0), 'const' one value for every row. */
export type FieldSource = '' | `c${number}` | 'const';

export interface SourceDraft {
  name: string;
  kind: ImportKind;
  encoding: EncodingChoice;
  delimiter: DelimiterChoice;
  /** The header's line (CSV line, XLSX row); 0: the file has no header. Ignored for DBF (its field names are the header). */
  headerRow: number;
  /** Data rows right after the header to skip (units, column numbers). */
  skipRows: number;
  skipLinesStartingWith: string;
  /** XLSX: the sheet's name or number; '' the first. */
  sheet: string;
  sources: Record<string, FieldSource>;
  constants: Record<string, string>;
  dateFormat: DateFormat | '';
  periodFormat: PeriodFormat;
  decimalSeparator: 'auto' | ',' | '.';
  /** Digits, or '' to leave account numbers as written. */
  accountLength: string;
  /** Comma-separated words starting a totals row. */
  totalsWords: string;
  negativeFields: string[];
  /** Charges: what a file replaces ('auto': only its services when it holds one, else whole accounts' months). */
  replaceScope: 'auto' | 'account-period' | 'service';
  /** What a source being changed carries that the form does not show: kept as it was. */
  keep: Pick<ColumnMappingInput, 'values' | 'control' | 'expect' | 'format'>;
}

export function emptyDraft(kind: ImportKind = 'charges'): SourceDraft {
  return {
    name: '', kind, encoding: 'auto', delimiter: 'auto', headerRow: 1, skipRows: 0, skipLinesStartingWith: '', sheet: '',
    sources: {}, constants: {}, dateFormat: '', periodFormat: 'auto', decimalSeparator: 'auto', accountLength: '',
    totalsWords: 'Итого, Всего, Итог', negativeFields: [], replaceScope: 'auto', keep: {},
  };
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A saved source in the form, to be changed; its columns are picked once a file is read (resolveColumns). */
export function draftFromMapping(m: ColumnMapping): SourceDraft {
  const keep: SourceDraft['keep'] = {};
  if (Object.keys(m.values).length > 0) keep.values = m.values;
  if (m.control) keep.control = m.control;
  if (m.expect) keep.expect = m.expect;
  if (m.format) keep.format = m.format;
  return {
    name: m.name, kind: m.kind, encoding: m.encoding, delimiter: m.delimiter, headerRow: m.headerRow ?? 1, skipRows: m.skipRows,
    skipLinesStartingWith: m.skipLinesStartingWith ?? '', sheet: m.sheet === undefined ? '' : String(m.sheet),
    sources: {}, constants: { ...m.constants }, dateFormat: m.dateFormat ?? '', periodFormat: m.periodFormat, decimalSeparator: m.decimalSeparator,
    accountLength: m.accountLength === undefined ? '' : String(m.accountLength), totalsWords: m.totalsWords.join(', '),
    negativeFields: [...m.negativeFields], replaceScope: m.replaceScope, keep,
  };
}

/** A saved source's columns as picks of this file's columns: by header text or position; a header text the file lacks stays unpicked. */
export function resolveColumns(m: Pick<ColumnMapping, 'columns' | 'constants'>, raw: RawFileRows, headerRow: number): Record<string, FieldSource> {
  const header = headerCells(raw, headerRow);
  const sources: Record<string, FieldSource> = {};
  for (const [field, where] of Object.entries(m.columns)) {
    const index = typeof where === 'number' ? where - 1 : (header ?? []).findIndex((h) => same(h, where));
    if (index >= 0) sources[field] = `c${index}`;
  }
  for (const field of Object.keys(m.constants)) sources[field] = 'const';
  return sources;
}

const nonEmpty = (cells: readonly string[]) => cells.filter((c) => c.trim() !== '').length;

/**
 * The header is usually the first line as wide as the widest of the first rows: title lines
 * above it («Ведомость начислений за сентябрь 2026») fill one cell. DBF: its field names.
 */
export function guessHeaderRow(raw: RawFileRows): number {
  if (raw.format === 'dbf') return 1;
  const widest = Math.max(0, ...raw.rows.map((r) => nonEmpty(r.cells)));
  return raw.rows.find((r) => nonEmpty(r.cells) === widest)?.line ?? 1;
}

/** The header's cells (DBF: the field names), or null when the file has none. */
export function headerCells(raw: RawFileRows, headerRow: number): readonly string[] | null {
  if (raw.format === 'dbf') return raw.rows[0]?.cells ?? null;
  if (headerRow === 0) return null;
  return raw.rows.find((r) => r.line === headerRow)?.cells ?? null;
}

/** The data rows shown under the header: after it, past the rows to skip. */
export function dataRows(raw: RawFileRows, draft: Pick<SourceDraft, 'headerRow' | 'skipRows'>): RawFileRows['rows'] {
  const header = raw.format === 'dbf' ? 1 : draft.headerRow;
  return raw.rows.filter((r) => r.line > header).slice(draft.skipRows);
}

/** How many columns the file's rows have (the widest shown). */
export function columnCount(raw: RawFileRows): number {
  return Math.max(0, ...raw.rows.map((r) => r.cells.length));
}

/** «Столбец 3: Начислено» — what the clerk picks from. */
export function columnLabel(index: number, header: readonly string[] | null): string {
  const text = header?.[index]?.trim();
  return text ? `${index + 1}: ${text}` : `Столбец ${index + 1}`;
}

/** A header text names a column only when no other header cell reads the same; else the position does. */
function columnRef(index: number, header: readonly string[] | null): string | number {
  const text = header?.[index]?.trim();
  if (!text || !header) return index + 1;
  return header.filter((h) => same(h, text)).length === 1 ? text : index + 1;
}

export interface BuiltMapping {
  mapping: ColumnMappingInput;
  /** Per portal field (or 'name', 'form'), what is missing, in Russian. */
  problems: Record<string, string>;
}

/** The mapping the draft describes for this file, and what the clerk still has to fill in. */
export function buildMapping(draft: SourceDraft, raw: RawFileRows, fields: readonly { name: string; required: boolean }[]): BuiltMapping {
  const known = new Set(fields.map((f) => f.name));
  const required = fields.filter((f) => f.required).map((f) => f.name);
  const problems: Record<string, string> = {};
  const header = headerCells(raw, draft.headerRow);
  const columns: Record<string, string | number> = {};
  const constants: Record<string, string> = {};
  for (const [field, source] of Object.entries(draft.sources)) {
    // Picks made for another kind before the clerk changed it are not this kind's.
    if (!known.has(field)) continue;
    if (source === 'const') {
      const value = draft.constants[field]?.trim() ?? '';
      if (value) constants[field] = value;
      else problems[field] = 'Введите значение для всех строк';
    } else if (source.startsWith('c')) {
      columns[field] = columnRef(Number(source.slice(1)), header);
    }
  }
  for (const field of required) {
    if (!(field in columns) && !(field in constants) && !problems[field]) problems[field] = 'Выберите столбец файла: поле обязательное';
  }
  const name = draft.name.trim();
  if (!name) problems.name = 'Назовите источник, например «1С: начисления»';
  const accountLength = draft.accountLength.trim();
  if (accountLength && !(/^\d{1,2}$/.test(accountLength) && Number(accountLength) >= 4 && Number(accountLength) <= 20)) {
    problems.accountLength = 'Длина лицевого счёта: число от 4 до 20';
  }
  const totalsWords = draft.totalsWords.split(/[,;]/).map((w) => w.trim()).filter(Boolean);

  const mapping: ColumnMappingInput = {
    ...draft.keep,
    name,
    kind: draft.kind,
    columns,
    decimalSeparator: draft.decimalSeparator,
    periodFormat: draft.periodFormat,
    totalsWords,
    negativeFields: draft.negativeFields.filter((f) => f in columns),
  };
  if (Object.keys(constants).length > 0) mapping.constants = constants;
  if (draft.kind === 'charges' && draft.replaceScope !== 'auto') mapping.replaceScope = draft.replaceScope;
  if (draft.dateFormat) mapping.dateFormat = draft.dateFormat;
  if (accountLength && !problems.accountLength) mapping.accountLength = Number(accountLength);
  if (raw.format !== 'dbf') {
    mapping.headerRow = draft.headerRow;
    if (draft.skipRows > 0) mapping.skipRows = draft.skipRows;
    if (draft.skipLinesStartingWith) mapping.skipLinesStartingWith = draft.skipLinesStartingWith;
  }
  if (raw.format !== 'xlsx') mapping.encoding = draft.encoding;
  // The delimiter the rows were split by: the file shown is the file the mapping is for.
  if (raw.format === 'csv') mapping.delimiter = raw.delimiter ?? (draft.delimiter === 'auto' ? 'auto' : draft.delimiter);
  if (raw.format === 'xlsx' && draft.sheet.trim()) mapping.sheet = /^\d+$/.test(draft.sheet.trim()) ? Number(draft.sheet.trim()) : draft.sheet.trim();
  // Without a header the columns are positions: a file of another width is refused rather than read askew.
  if (!header && raw.format !== 'dbf') {
    const first = dataRows(raw, draft)[0];
    // Counted as the shape check counts: empty cells at the end of a row do not count.
    let width = first?.cells.length ?? 0;
    while (width > 0 && first!.cells[width - 1]!.trim() === '') width--;
    if (width > 0) mapping.expect = { columns: width };
  }
  return { mapping, problems };
}
