// DBF billing files (1C, FoxPro-era billing systems) through dbffile, read a thousand records at
// a time. The code page comes from the mapping, else from the header's language byte, else from
// the bytes themselves (cp866 and windows-1251 put Cyrillic letters in different ranges).
import { open } from 'node:fs/promises';
import { DBFFile, DELETED, type FieldDescriptor } from 'dbffile';
import { columnType } from './columns.ts';
import type { ReaderOptions } from './csv-reader.ts';
import { guessSingleByte, isUtf8 } from './decode.ts';
import { planColumns, putCell, type ColumnPlan } from './plan.ts';
import { ImportFileError, type OpenedImportFile, type SourceRecord } from './source.ts';
import { StallWatch } from './stall.ts';

const BATCH = 1000;
const SAMPLE = 64 * 1024;

/** Language driver ids (header byte 29) of the Russian code pages. */
const LANGUAGE_DRIVERS: Record<number, string> = { 0x26: 'cp866', 0x65: 'cp866', 0x57: 'windows-1251', 0xc9: 'windows-1251' };

interface RawHeader {
  size: number;
  driver: number;
  sample: Buffer;
}

export async function readRawHeader(path: string): Promise<RawHeader> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size === 0) throw new ImportFileError('Файл пуст');
    const head = Buffer.alloc(Math.min(size, 32 + SAMPLE));
    await handle.read(head, 0, head.length, 0);
    const headerLength = size >= 32 ? head.readUInt16LE(8) : 0;
    const sample = Buffer.alloc(Math.max(0, Math.min(SAMPLE, size - headerLength)));
    if (sample.length > 0) await handle.read(sample, 0, sample.length, headerLength);
    return { size, driver: head[29] ?? 0, sample };
  } finally {
    await handle.close();
  }
}

/** The header's language byte, else the bytes themselves: all ASCII, UTF-8, or the code page that makes them letters (decode.ts). */
export function guessDbfEncoding(driver: number, sample: Buffer): string {
  const known = LANGUAGE_DRIVERS[driver];
  if (known) return known;
  if (!sample.some((byte) => byte >= 0x80)) return 'cp866';
  if (isUtf8(sample)) return 'utf-8';
  return guessSingleByte(sample).encoding;
}

export function dbfError(error: unknown): unknown {
  if (error instanceof ImportFileError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ImportFileError(`Файл DBF повреждён или это не DBF (${detail.slice(0, 200)})`);
}

/** A DBF value as canonical text: numbers exactly as the field's decimals write them, dates as ISO. */
export function valueText(value: unknown, field: FieldDescriptor, column: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    // N and F fields are decimal text in the file; dbffile gives a double, which toFixed turns
    // back into the same text for the 15 significant digits a double holds.
    return field.type === 'N' && field.decimalPlaces && Math.abs(value) < 1e15
      ? value.toFixed(field.decimalPlaces)
      : String(Number(value.toPrecision(15)));
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString().slice(0, 10);
    return columnType(column) === 'period' ? iso.slice(0, 7) : iso;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

export async function openDbf(path: string, options: ReaderOptions): Promise<OpenedImportFile> {
  const { mapping } = options;
  const raw = await readRawHeader(path);
  const encoding = mapping && mapping.encoding !== 'auto' ? mapping.encoding : guessDbfEncoding(raw.driver, raw.sample);
  let probe: DBFFile;
  try {
    probe = await new StallWatch(options.stallMs).step(DBFFile.open(path, { encoding, readMode: 'strict' }));
  } catch (error) {
    throw dbfError(error);
  }
  const expected = probe._headerLength + probe.recordCount * probe._recordLength;
  if (raw.size < expected) {
    const whole = Math.max(0, Math.floor((raw.size - probe._headerLength) / probe._recordLength));
    throw new ImportFileError(
      `Файл DBF обрезан: в заголовке ${probe.recordCount} записей, а в файле помещается только ${whole}. Выгрузите файл заново`,
    );
  }
  const plan = planColumns(probe.fields.map((f) => f.name), options);
  let bytesRead = 0;
  return {
    kind: plan.kind,
    format: 'dbf',
    encoding,
    columns: plan.columns,
    headers: plan.headers,
    progress: () => ({ bytesRead: Math.min(bytesRead, raw.size), totalBytes: raw.size }),
    batches: (signal?: AbortSignal) => dbfBatches(path, encoding, plan, signal, (n) => (bytesRead = n), new StallWatch(options.stallMs)),
  };
}

/** A totals or subtotal row («Итого по дому:» in any text field): skipped. */
function isTotalsRow(plan: ColumnPlan, dbf: DBFFile, record: Record<string, unknown>): boolean {
  for (const field of dbf.fields) {
    const value = record[field.name];
    if (typeof value === 'string' && plan.totals.cell(value)) return true;
  }
  return false;
}

/** A read's records at a time (BATCH), as source.ts batches them. */
async function* dbfBatches(
  path: string,
  encoding: string,
  plan: ColumnPlan,
  signal: AbortSignal | undefined,
  onPosition: (bytes: number) => void,
  watch: StallWatch,
): AsyncGenerator<SourceRecord[]> {
  signal?.throwIfAborted();
  let dbf: DBFFile;
  try {
    // Deleted records are read too (and then skipped) so that record numbers match the file's.
    dbf = await watch.step(DBFFile.open(path, { encoding, readMode: 'strict', includeDeletedRecords: true }));
  } catch (error) {
    throw dbfError(error);
  }
  const fields = plan.picks.map((pick) => ({ pick, field: dbf.fields[pick.index]! }));
  let number = 1; // the header is record 1, as the seam says
  while (dbf._recordsRead < dbf.recordCount) {
    let batch: Awaited<ReturnType<DBFFile['readRecords']>>;
    try {
      batch = await watch.step(dbf.readRecords(BATCH));
    } catch (error) {
      throw dbfError(error);
    }
    onPosition(dbf._headerLength + dbf._recordsRead * dbf._recordLength);
    if (signal?.aborted) signal.throwIfAborted();
    const sources: SourceRecord[] = [];
    for (const record of batch) {
      number++;
      if (record[DELETED]) continue;
      if (isTotalsRow(plan, dbf, record)) continue;
      const source: SourceRecord = { line: number, cells: {} };
      for (const { pick, field } of fields) {
        const value = record[field.name];
        putCell(source, pick, valueText(value, field, pick.name), typeof value !== 'string');
      }
      for (const [name, value] of plan.constants) source.cells[name] = value;
      sources.push(source);
    }
    if (sources.length > 0) yield sources;
  }
  onPosition(Number.POSITIVE_INFINITY);
}
