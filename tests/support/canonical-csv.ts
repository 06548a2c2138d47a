// A minimal reader of the canonical layout: UTF-8, `;` between cells, a header row of canonical
// column names, no quoting. It streams (memory stays flat) and stands in for the readers'
// `openImportFile` (CSV in UTF-8/windows-1251 with quotes, XLSX, DBF, saved mappings) until that
// is merged: shared/import/open.ts is the one place that chooses which is used.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { IMPORT_KINDS, canonicalColumns, requiredColumns, type ImportKind } from '../../shared/import/rows.ts';
import { ImportFileError, type OpenedImportFile, type SourceRecord } from '../../shared/import/source.ts';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Lines of a UTF-8 file, streamed; `onBytes` sees how far the file has been read. */
async function* lines(path: string, signal: AbortSignal | undefined, onBytes: (n: number) => void): AsyncIterable<string> {
  let rest = '';
  const stream = createReadStream(path, { highWaterMark: 1 << 16, signal });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) {
    onBytes((chunk as Buffer).length);
    const text = rest + decoder.decode(chunk as Buffer, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  rest += decoder.decode();
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

async function readHeader(path: string): Promise<string[]> {
  for await (const line of lines(path, undefined, () => {})) return line.replace(/^\ufeff/, '').split(';').map((c) => c.trim());
  return [];
}

function guessKind(header: string[]): ImportKind {
  const fits = IMPORT_KINDS.filter((k) => requiredColumns(k).every((c) => header.includes(c)));
  const best = fits.sort((a, b) => score(b) - score(a))[0];
  if (!best) throw new ImportFileError('Не удалось понять, что в файле: заголовок не похож ни на один из видов данных');
  return best;
  function score(k: ImportKind) {
    return canonicalColumns(k).filter((c) => header.includes(c)).length - canonicalColumns(k).length / 100;
  }
}

export async function openCanonicalCsv(path: string, options: { kind?: ImportKind } = {}): Promise<OpenedImportFile> {
  const totalBytes = (await stat(path)).size;
  const header = await readHeader(path);
  const kind = options.kind ?? guessKind(header);
  const known = new Set(canonicalColumns(kind));
  const missing = requiredColumns(kind).filter((c) => !header.includes(c));
  if (missing.length > 0) throw new ImportFileError(`В файле нет столбцов: ${missing.join(', ')}`);
  let bytesRead = 0;
  return {
    kind,
    format: 'csv',
    encoding: 'utf-8',
    columns: header.filter((c) => known.has(c)),
    async *batches(signal?: AbortSignal): AsyncIterable<SourceRecord[]> {
      bytesRead = 0;
      let line = 0;
      for await (const text of lines(path, signal, (n) => (bytesRead += n))) {
        line++;
        if (line === 1 || text.trim() === '') continue;
        const values = text.split(';');
        const cells: Record<string, string> = {};
        for (let i = 0; i < header.length; i++) {
          const name = header[i] as string;
          if (known.has(name)) cells[name] = values[i] ?? '';
        }
        yield [{ line, cells }];
      }
    },
    progress: () => ({ bytesRead, totalBytes }),
  };
}
