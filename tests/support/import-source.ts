// An OpenedImportFile made from rows in memory, for loader tests that need no file at all.
import type { ImportKind } from '../../shared/import/rows.ts';
import type { OpenedImportFile, SourceRecord } from '../../shared/import/source.ts';

/** Rows become records on lines 2, 3, … (line 1 is the header), as in a CSV file. */
export function sourceFromRows(kind: ImportKind, rows: Record<string, string>[], columns = Object.keys(rows[0] ?? {})): OpenedImportFile {
  let consumed = 0;
  return {
    kind,
    format: 'csv',
    encoding: 'utf-8',
    columns,
    async *batches(signal?: AbortSignal): AsyncIterable<SourceRecord[]> {
      consumed = 0;
      for (const [i, cells] of rows.entries()) {
        if (signal?.aborted) return;
        consumed = i + 1;
        // A copy, as a reader makes each record afresh: the loader may rewrite cells (a service's code).
        yield [{ line: i + 2, cells: { ...cells } }];
      }
    },
    progress: () => ({ bytesRead: consumed, totalBytes: rows.length }),
  };
}
