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
  /**
   * The cells conversion changed (a padded account, '1 234,56' → '1234.56', «Сентябрь 2026» →
   * '2026-09'), as the file writes them: a message quotes what the clerk sees in the file.
   * Absent when no cell changed.
   */
  raw?: Record<string, string>;
  /**
   * The row's number of cells, for the first rows of a text file (SHAPE_ROWS, shape-check.ts): a
   * file without a header is checked against the mapping's `expect.columns`.
   */
  width?: number;
  /** A bank registry's control line (mapping `control`), its cells after the prefix: not a data row. */
  control?: string[];
}

export interface OpenedImportFile {
  kind: ImportKind;
  format: 'csv' | 'xlsx' | 'dbf';
  /** The text encoding used (detected or from the mapping), e.g. 'utf-8', 'windows-1251'. */
  encoding: string | null;
  /** The canonical columns the file provides. */
  columns: string[];
  /** Canonical column → the file's own name for it (header cell, DBF field, «столбец 3»), for messages. */
  headers?: Readonly<Record<string, string>>;
  /**
   * Streams the records once, a few hundred at a time (what a read of the file brought); memory
   * stays flat whatever the file size. In batches because an await per record cost the loader a
   * fifth of a second a million rows (eachRecord gives them one by one).
   */
  batches(signal?: AbortSignal): AsyncIterable<readonly SourceRecord[]>;
  /** For progress bars: bytes consumed so far and the file's size. */
  progress(): { bytesRead: number; totalBytes: number };
  /** Plausibility warnings on the rows read so far (plausibility.ts): not refusals, shown in the preview and the dry run. */
  warnings?(): string[];
  /** The mapping's `replaceScope` (replace-scope.ts); absent: 'auto'. */
  replaceScope?: 'auto' | 'account-period' | 'service';
}

/** The file's records one by one, for readers of a few rows (a preview, a shape check, tests). */
export async function* eachRecord(file: Pick<OpenedImportFile, 'batches'>, signal?: AbortSignal): AsyncGenerator<SourceRecord> {
  for await (const batch of file.batches(signal)) {
    for (const record of batch) {
      // The reader looks at the signal once a batch; one by one, it stops at the record.
      signal?.throwIfAborted();
      yield record;
    }
  }
}

/** The file cannot be read as the chosen kind at all (not a row problem): shown as is, in Russian. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}
