// What an export writes, independent of the file format: named columns with a type, and rows of
// cells already in exact text or integer form. The CSV and XLSX writers turn the same rows into
// their own representation, so both files always carry the same data.

/**
 * text      any string
 * integer   a JS integer
 * decimal   an exact decimal string with a point, e.g. '123.456' (never a binary float)
 * date      'YYYY-MM-DD', a calendar date
 * datetime  'YYYY-MM-DD HH:MM:SS', wall-clock time in the company's time zone
 */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'datetime';

export interface ExportColumn {
  /** The canonical column name (shared/import/rows.ts where the two overlap). */
  name: string;
  /** The header a person reads instead of `name` (a console list's export: «Номер», «Адрес»). */
  title?: string;
  type: ColumnType;
  /** Column width in characters for XLSX. */
  width: number;
  /** Text from a few values repeated row after row (a service, a period): XLSX keeps each once, in its shared strings. */
  repeats?: boolean;
}

export type ExportCell = string | number | null;
export type ExportRow = ExportCell[];

/** Rows arrive in pages (one database round trip each) and are written as they come. */
export type RowPages = AsyncIterable<ExportRow[]>;

export interface TableWriter {
  writeRows(rows: readonly ExportRow[]): Promise<void>;
  /** Writes what remains (the XLSX's closing parts); the output stays open. */
  finish(): Promise<void>;
}
