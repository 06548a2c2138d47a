// Drives one export: pages of rows from the database go to the CSV or XLSX writer as they
// arrive, so memory holds one page whatever the size of the export.
import type { Writable } from 'node:stream';
import { createCsvWriter } from './csv.ts';
import { csvOptionsOf, type FileOptions } from './options.ts';
import { openSink } from './sink.ts';
import type { ExportColumn, RowPages, TableWriter } from './table.ts';
import { createXlsxWriter } from './xlsx.ts';

export interface WriteTarget {
  /** A file path (written whole or not at all) or a stream the caller keeps (left open). */
  out: Writable | string;
  sheetName: string;
  now: number;
}

export interface Written {
  rows: number;
  bytes: number;
}

export async function writeExport(pages: RowPages, columns: readonly ExportColumn[], options: FileOptions, target: WriteTarget): Promise<Written> {
  const sink = openSink(target.out);
  try {
    const writer: TableWriter =
      options.format === 'xlsx'
        ? createXlsxWriter(sink, columns, { sheetName: target.sheetName, now: new Date(target.now) })
        : createCsvWriter(sink, columns, csvOptionsOf(options));
    let rows = 0;
    for await (const page of pages) {
      await writer.writeRows(page);
      rows += page.length;
    }
    await writer.finish();
    await sink.close();
    return { rows, bytes: sink.bytes };
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
