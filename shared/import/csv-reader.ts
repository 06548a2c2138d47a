// CSV billing files: encoding and delimiter found from the first megabyte, then the file is
// streamed in small chunks through the decoder and the parser, so memory stays flat.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { cleanHeaderCell } from './clean-cells.ts';
import { CsvParser, CsvSyntaxError, detectDelimiter, type CsvRecord } from './csv-parser.ts';
import { ChunkDecoder, EncodingBreak, LineCounter, decodeSample, detectEncoding, notInUtf8 } from './decode.ts';
import type { ColumnMapping } from './mapping.ts';
import { buildRecord, planColumns, widthProblem, type ColumnPlan } from './plan.ts';
import type { ImportKind } from './rows.ts';
import { SHAPE_ROWS } from './shape-check.ts';
import { ImportFileError, type OpenedImportFile, type SourceRecord } from './source.ts';
import { StallWatch } from './stall.ts';

/** What the header and the delimiter are looked for in. */
const PREFIX = 1024 * 1024;
// Each chunk is parsed into records at once and they are consumed across the loader's awaits:
// 64 KB (~1,000 records) lets them die in the young generation, where 1 MB (~17,000) outlived
// scavenges and was promoted, and the old generation grew by ~250 MB of garbage per million rows.
// 32 KB: a chunk with one Russian letter decodes to a two-byte string, and 64 K characters of it
// (128 KB) are past V8's largest young object: a large object, promoted whenever a scavenge found
// it in use (a windows-1251 file spent four times the canonical one's time in the collector).
// 16 KB since a chunk's records go to the loader as one batch (source.ts): a 32 KB batch, alive
// beside its parsed lines, was sometimes promoted early in the file, while the young generation
// is still small, and a run peaked ~90 MB higher (one run in three).
const CHUNK = 16 * 1024;
/** Bytes per read of the file (fileChunks). */
const READ = 256 * 1024;

export interface ReaderOptions {
  kind?: ImportKind;
  mapping?: ColumnMapping;
  /** The stall watchdog's limit (stall.ts); tests make it short. */
  stallMs?: number;
}

/** Where the header is and what to skip, as the reader walks the records. */
class RecordFilter {
  private seenHeader: boolean;
  private toSkip: number;
  header: string[] | null = null;

  constructor(private readonly headerRow: number | undefined, skipRows: number) {
    this.seenHeader = headerRow === 0;
    this.toSkip = skipRows;
  }

  /** True when the record is data. */
  accept(record: CsvRecord): boolean {
    if (isBlank(record.fields)) return false;
    if (!this.seenHeader) {
      if (this.headerRow !== undefined && record.line < this.headerRow) return false;
      this.seenHeader = true;
      this.header = record.fields.map(cleanHeaderCell);
      return false;
    }
    if (this.toSkip > 0) {
      this.toSkip--;
      return false;
    }
    return true;
  }
}

/** Cells in a row, a trailing delimiter's empty ones not counted. */
function widthOf(fields: string[]): number {
  let width = fields.length;
  while (width > 0 && fields[width - 1]!.trim() === '') width--;
  return width;
}

export function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}

/** The file's first `bytes` (all of it when smaller) and its size. */
export async function readPrefix(path: string, bytes = PREFIX): Promise<{ prefix: Buffer; totalBytes: number }> {
  const handle = await open(path, 'r');
  try {
    const totalBytes = (await handle.stat()).size;
    const prefix = Buffer.alloc(Math.min(bytes, totalBytes));
    const { bytesRead } = await handle.read(prefix, 0, prefix.length, 0);
    return { prefix: prefix.subarray(0, bytesRead), totalBytes };
  } finally {
    await handle.close();
  }
}

/** The line of the byte at `offset` (the file read again from the start: only for a refusal). */
async function lineInFile(path: string, offset: number): Promise<number> {
  const counter = new LineCounter();
  if (offset > 0) for await (const chunk of createReadStream(path, { end: offset - 1 }) as AsyncIterable<Buffer>) counter.add(chunk);
  return counter.line;
}

function syntaxError(error: unknown): unknown {
  return error instanceof CsvSyntaxError ? new ImportFileError(error.message) : error;
}

export async function openCsv(path: string, options: ReaderOptions): Promise<OpenedImportFile> {
  const { mapping } = options;
  const { prefix, totalBytes } = await new StallWatch(options.stallMs).step(readPrefix(path));
  if (totalBytes === 0) throw new ImportFileError('Файл пуст');
  const detected = detectEncoding(prefix, mapping?.encoding ?? 'auto');
  const comment = mapping?.skipLinesStartingWith ?? null;

  // The header (and the delimiter) come from the first megabyte, decoded as the whole file will be.
  const sampleDecoder = new ChunkDecoder(detected.encoding, detected.bomLength);
  const sample = decodeSample(sampleDecoder, prefix, prefix.length === totalBytes);
  const sampleLines = sample
    .split(/\r?\n|\r/)
    .filter((l) => (comment === null || !l.startsWith(comment)))
    .slice(Math.max(0, (mapping?.headerRow ?? 1) - 1));
  const delimiter = !mapping || mapping.delimiter === 'auto' ? detectDelimiter(sampleLines) : mapping.delimiter;

  const filter = new RecordFilter(mapping?.headerRow, 0);
  const parser = new CsvParser(delimiter, comment);
  const found: CsvRecord[] = [];
  try {
    parser.push(sample, found);
    if (prefix.length === totalBytes) parser.end(found);
  } catch (error) {
    throw syntaxError(error);
  }
  const anyData = found.some((r) => !isBlank(r.fields));
  if (!anyData) throw new ImportFileError(prefix.length === totalBytes ? 'Файл пуст: в нём нет ни одной строки' : 'Заголовок не найден в первом мегабайте файла');
  if (mapping?.headerRow !== 0) {
    for (const record of found) {
      filter.accept(record);
      if (filter.header) break;
    }
    if (!filter.header) throw new ImportFileError(`Строка заголовка ${mapping?.headerRow ?? 1} не найдена`);
  }
  const plan = planColumns(filter.header, options);

  let bytesRead = 0;
  let encoding = detected.encoding;
  return {
    kind: plan.kind,
    format: 'csv',
    get encoding() {
      return encoding ?? 'utf-8';
    },
    columns: plan.columns,
    headers: plan.headers,
    progress: () => ({ bytesRead, totalBytes }),
    batches(signal?: AbortSignal) {
      bytesRead = 0; // each pass (a shape check's first rows, then the load) counts from the start
      return streamBatches(path, plan, {
        delimiter,
        comment,
        encoding: detected.encoding,
        bomLength: detected.bomLength,
        headerRow: mapping?.headerRow,
        skipRows: mapping?.skipRows ?? 0,
        control: mapping?.control?.prefix ?? null,
        signal,
        stallMs: options.stallMs,
        onBytes: (n) => (bytesRead += n),
        onEncoding: (e) => (encoding = e),
      });
    },
  };
}

interface StreamOptions {
  delimiter: string;
  comment: string | null;
  encoding: ConstructorParameters<typeof ChunkDecoder>[0];
  bomLength: number;
  headerRow: number | undefined;
  skipRows: number;
  /** The control line's prefix (mapping `control`), or null. */
  control: string | null;
  signal: AbortSignal | undefined;
  stallMs: number | undefined;
  onBytes(n: number): void;
  onEncoding(encoding: ConstructorParameters<typeof ChunkDecoder>[0]): void;
}

/** A chunk's records at a time (CHUNK: about 280 rows of a charges file). */
async function* streamBatches(path: string, plan: ColumnPlan, o: StreamOptions): AsyncGenerator<SourceRecord[]> {
  const { signal } = o;
  signal?.throwIfAborted();
  const handle = await open(path, 'r');
  const decoder = new ChunkDecoder(o.encoding, o.bomLength);
  const parser = new CsvParser(o.delimiter, o.comment);
  const filter = new RecordFilter(o.headerRow, o.skipRows);
  const batch: CsvRecord[] = [];
  /** Bytes decoded before the current chunk: where a decoding failure is, for its line. */
  let consumed = 0;
  /** Rows given their width so far: the first SHAPE_ROWS, which the shape check looks at. */
  let measured = 0;
  // Null for a totals row («Итого по дому:»): skipped like a blank one.
  const toSource = (record: CsvRecord): SourceRecord | null => {
    // A bank registry's control line goes to the cross-checks (control-line.ts), not to the rows.
    if (o.control !== null && record.fields[0]!.startsWith(o.control)) {
      return { line: record.line, cells: {}, control: [record.fields[0]!.slice(o.control.length), ...record.fields.slice(1)] };
    }
    const source = buildRecord(plan, record.line, record.fields);
    if (!source) return null;
    if (measured < SHAPE_ROWS) {
      measured++;
      source.width = widthOf(record.fields);
    }
    const problem = widthProblem(plan, record.fields, record.line);
    if (problem) (source.problems ??= []).unshift(problem);
    return source;
  };
  try {
    for await (const chunk of fileChunks(handle, new StallWatch(o.stallMs))) {
      o.onBytes(chunk.length);
      let text: string;
      try {
        text = decoder.write(chunk);
      } catch (error) {
        if (error instanceof EncodingBreak) throw error.refusal(await lineInFile(path, consumed + error.offset));
        throw error;
      }
      consumed += chunk.length;
      o.onEncoding(decoder.encoding);
      try {
        parser.push(text, batch);
      } catch (error) {
        throw syntaxError(error);
      }
      if (signal?.aborted) signal.throwIfAborted();
      const sources: SourceRecord[] = [];
      for (let i = 0; i < batch.length; i++) {
        const record = batch[i]!;
        const source = filter.accept(record) ? toSource(record) : null;
        if (source) sources.push(source);
      }
      batch.length = 0;
      if (sources.length > 0) yield sources;
    }
    let tail: string;
    try {
      tail = decoder.end();
    } catch {
      throw notInUtf8(await lineInFile(path, consumed));
    }
    try {
      if (tail) parser.push(tail, batch);
      parser.end(batch);
    } catch (error) {
      throw syntaxError(error);
    }
    signal?.throwIfAborted();
    const sources: SourceRecord[] = [];
    for (const record of batch) {
      const source = filter.accept(record) ? toSource(record) : null;
      if (source) sources.push(source);
    }
    if (sources.length > 0) yield sources;
  } finally {
    await handle.close();
  }
}

/**
 * The file in CHUNK pieces, read READ bytes at a time into one buffer: an fs stream's machinery
 * and a watched step for every 16 KB cost ~0.5 s of CPU a million rows. Each piece is decoded before the
 * next is asked for, so the buffer is refilled only once its pieces are done with.
 */
async function* fileChunks(handle: FileHandle, watch: StallWatch): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(READ);
  for (let position = 0; ;) {
    const { bytesRead } = await watch.step(handle.read(buffer, 0, READ, position));
    if (bytesRead === 0) return;
    position += bytesRead;
    for (let at = 0; at < bytesRead; at += CHUNK) yield buffer.subarray(at, Math.min(bytesRead, at + CHUNK));
  }
}
