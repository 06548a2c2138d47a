// The format the import preview names. A file that was read says what it was read as; one that
// could not be read has no such answer (the preview call has nothing but the error), so the name
// of the file tells, unless a saved mapping was chosen (a mapping may read a .txt as DBF): then
// nothing is claimed rather than a guess. Never «CSV» for an XLSX or DBF that failed.

/** The import readers' extensions (shared/import/open.ts; the renderer cannot import it). */
const BY_EXTENSION: Readonly<Record<string, string>> = { csv: 'CSV', txt: 'CSV', tsv: 'CSV', xlsx: 'XLSX', dbf: 'DBF' };

export function previewFormatLabel(preview: { format: string; fileError: string | null }, source: { fileName: string; mapping?: string }): string | null {
  if (preview.fileError === null) return preview.format.toUpperCase();
  if (source.mapping) return null;
  const extension = /\.([^.]+)$/.exec(source.fileName)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? null;
}
