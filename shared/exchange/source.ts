// The seam between reading a billing file and loading it: readers (CSV, XLSX, DBF, with a saved
// column mapping) produce records of canonical cells; the loader validates them with
// `importRowSchemas` and writes them. Neither side knows the other's details.
import type { ImportKind, RowProblem } from './rows.ts';

/** One data row of the file, with cells renamed to the canonical columns (see rows.ts). */
export interface SourceRecord {
  /** Line (CSV), row (XLSX) or record number (DBF, header = 1) as a clerk would find it. */
  line: number;
  cells: Record<string, string>;
  /**
   * What the reader itself found wrong with the row, before any schema: e.g. a CSV line with
   * fewer values than the header (cut off, or a stray delimiter). The loader reports these like
   * schema problems and does not load the row.
   */
  problems?: RowProblem[];
}

export interface OpenedImportFile {
  kind: ImportKind;
  format: 'csv' | 'xlsx' | 'dbf';
  /** The text encoding used (detected or from the mapping), e.g. 'utf-8', 'windows-1251'. */
  encoding: string | null;
  /** The canonical columns the file provides. */
  columns: string[];
  /** Streams the records once; memory stays flat whatever the file size. */
  records(signal?: AbortSignal): AsyncIterable<SourceRecord>;
  /** For progress bars: bytes consumed so far and the file's size. */
  progress(): { bytesRead: number; totalBytes: number };
}

/** The file cannot be read as the chosen kind at all (not a row problem): shown as is, in Russian. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}
