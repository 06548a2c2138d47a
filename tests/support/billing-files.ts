// Billing files made by the tests themselves (no committed binaries): CSV in any encoding and
// delimiter, XLSX with typed cells, DBF in a DOS or Windows code page, and generators of
// canonical rows. Rows are canonical cells (strings with a decimal point and ISO dates); each
// writer turns them into what a billing system would write.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { DBFFile, type FieldDescriptor } from 'dbffile';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { columnType, dbfFieldName } from '../../shared/import/columns.ts';
import { canonicalColumns, type ImportKind } from '../../shared/import/rows.ts';

export type Cells = Record<string, string>;

export interface CsvOptions {
  encoding?: 'utf-8' | 'windows-1251' | 'cp866';
  delimiter?: ';' | ',' | '\t';
  /** Numbers written with a decimal comma ('1234,56'), as Russian Excel does. */
  decimalComma?: boolean;
  /** A UTF-8 byte order mark first. */
  bom?: boolean;
  /** Which columns, in which order (default: the kind's canonical columns). */
  columns?: string[];
  /** Header texts (default: the column names); null writes no header. */
  header?: string[] | null;
  lineEnd?: '\r\n' | '\n';
  /** Lines written before the header (titles, comments). */
  preamble?: string[];
}

function csvField(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows of a kind as CSV, streaming (fine for a million rows). */
export async function writeCsv(path: string, kind: ImportKind, rows: Iterable<Cells>, options: CsvOptions = {}): Promise<void> {
  const delimiter = options.delimiter ?? ';';
  const encoding = options.encoding ?? 'utf-8';
  const lineEnd = options.lineEnd ?? '\r\n';
  const columns = options.columns ?? canonicalColumns(kind);
  const numeric = columns.map((c) => options.decimalComma === true && columnType(c) === 'number');
  const out = createWriteStream(path);
  const write = async (text: string) => {
    const bytes = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding);
    if (!out.write(bytes)) await once(out, 'drain');
  };
  if (options.bom) await write('\ufeff');
  let buffer = '';
  for (const line of options.preamble ?? []) buffer += line + lineEnd;
  const header = options.header === undefined ? columns : options.header;
  if (header) buffer += header.map((h) => csvField(h, delimiter)).join(delimiter) + lineEnd;
  let count = 0;
  for (const row of rows) {
    buffer += columns
      .map((c, i) => {
        const value = row[c] ?? '';
        return csvField(numeric[i] ? value.replace('.', ',') : value, delimiter);
      })
      .join(delimiter) + lineEnd;
    if (++count % 5000 === 0) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  out.end();
  await once(out, 'close');
}

export const writeChargesCsv = (path: string, rows: Iterable<Cells>, options: CsvOptions = {}) => writeCsv(path, 'charges', rows, options);

export interface XlsxOptions {
  columns?: string[];
  header?: string[] | null;
  /** Numbers as number cells and dates as date cells (default), or every cell as text. */
  typed?: boolean;
  sheetName?: string;
  /** Rows (arrays of cell values) put before the header. */
  preamble?: unknown[][];
}

/** Writes rows of a kind as an XLSX workbook through exceljs's streaming writer. */
export async function writeXlsx(path: string, kind: ImportKind, rows: Iterable<Cells>, options: XlsxOptions = {}): Promise<void> {
  const columns = options.columns ?? canonicalColumns(kind);
  const typed = options.typed ?? true;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Данные');
  for (const values of options.preamble ?? []) sheet.addRow(values).commit();
  const header = options.header === undefined ? columns : options.header;
  if (header) sheet.addRow(header).commit();
  for (const cells of rows) {
    const row = sheet.addRow(columns.map((c) => typedValue(cells[c] ?? '', c, typed)));
    if (typed) {
      columns.forEach((c, i) => {
        if (columnType(c) === 'date' && cells[c]) row.getCell(i + 1).numFmt = 'dd.mm.yyyy';
      });
    }
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

function typedValue(text: string, column: string, typed: boolean): string | number | Date | null {
  if (text === '') return null;
  if (!typed) return text;
  const type = columnType(column);
  if (type === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(`${text}T00:00:00Z`);
  return text;
}

export interface DbfOptions {
  /** Code page of the text fields (default cp866, as 1C writes DBF). */
  encoding?: 'cp866' | 'windows-1251';
  /** Header byte 29; 0 (default) leaves the code page to be guessed from the text. */
  languageDriver?: number;
  columns?: string[];
  /** Field names (default: the canonical layout's DBF names). */
  fieldNames?: string[];
}

const DECIMALS: Record<string, number> = {
  volume: 3, volume_common: 3, value: 3, tariff: 5, residents: 0, zones: 0, precision: 0, zone: 0,
};
const TEXT_SIZES: Record<string, number> = { account: 20, address: 254, recalculation_reason: 254, passport_hash: 64, period: 7 };

function dbfField(column: string, name: string): FieldDescriptor {
  const type = columnType(column);
  if (type === 'number') return { name, type: 'N', size: 15, decimalPlaces: DECIMALS[column] ?? 2 };
  if (type === 'date') return { name, type: 'D', size: 8 };
  return { name, type: 'C', size: TEXT_SIZES[column] ?? 100 };
}

/** Writes rows of a kind as a dBase III file, as 1C and old billing systems export. */
export async function writeDbf(path: string, kind: ImportKind, rows: Iterable<Cells>, options: DbfOptions = {}): Promise<void> {
  const columns = options.columns ?? canonicalColumns(kind);
  const names = options.fieldNames ?? columns.map(dbfFieldName);
  const fields = columns.map((c, i) => dbfField(c, names[i]!));
  const encoding = options.encoding ?? 'cp866';
  const dbf = await DBFFile.create(path, fields, { encoding });
  let batch: Record<string, unknown>[] = [];
  for (const cells of rows) {
    const record: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const text = cells[columns[i]!] ?? '';
      if (text === '') record[field.name] = null;
      else if (field.type === 'N') record[field.name] = Number(text);
      else if (field.type === 'D') record[field.name] = new Date(`${text}T00:00:00Z`);
      else record[field.name] = text;
    });
    batch.push(record);
    if (batch.length === 1000) {
      await dbf.appendRecords(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await dbf.appendRecords(batch);
  if (options.languageDriver) {
    const handle = await open(path, 'r+');
    await handle.write(Buffer.from([options.languageDriver]), 0, 1, 29);
    await handle.close();
  }
}

const SERVICES = [
  { code: 'heating', name: 'Отопление', unit: 'Гкал', tariff: '2850.12345' },
  { code: 'hot_water', name: 'Горячее водоснабжение', unit: 'куб.м', tariff: '215.40000' },
  { code: 'cold_water', name: 'Холодное водоснабжение', unit: 'куб.м', tariff: '41.27000' },
  { code: 'sewerage', name: 'Водоотведение', unit: 'куб.м', tariff: '33.10000' },
  { code: 'electricity', name: 'Электроэнергия', unit: 'кВт.ч', tariff: '6.18000' },
];

const money = (kopecks: number) => `${kopecks < 0 ? '-' : ''}${Math.floor(Math.abs(kopecks) / 100)}.${String(Math.abs(kopecks) % 100).padStart(2, '0')}`;
export const accountNumber = (i: number, first = 1_000_001) => String(first + i);

/**
 * Canonical charge rows, lazily (a million cost no memory): accounts × services, so each
 * (account, period, service) appears once while n ≤ accounts × 5.
 */
export function* chargeRows(n: number, options: { accounts?: number; period?: string; firstAccount?: number } = {}): Generator<Cells> {
  const accounts = options.accounts ?? Math.max(1, Math.ceil(n / SERVICES.length));
  const period = options.period ?? '2026-11';
  for (let i = 0; i < n; i++) {
    const service = SERVICES[Math.floor(i / accounts) % SERVICES.length]!;
    const charged = 1_000 + ((i * 7_919) % 900_000);
    const recalculation = i % 10 === 3 ? -((i * 13) % 5_000) : 0;
    yield {
      account: accountNumber(i % accounts, options.firstAccount),
      period,
      service_code: service.code,
      service_name: service.name,
      unit: service.unit,
      volume: `${(i % 50) + 1}.${String(i % 1000).padStart(3, '0')}`,
      volume_common: '',
      tariff: service.tariff,
      charged: money(charged),
      recalculation: recalculation ? money(recalculation) : '',
      recalculation_reason: recalculation ? 'Перерасчёт; за отсутствие' : '',
      benefits: '',
      penalties: i % 7 === 0 ? money(i % 3_000) : '',
      total: money(charged + recalculation + (i % 7 === 0 ? i % 3_000 : 0)),
    };
  }
}

export function* accountRows(n: number, options: { firstAccount?: number } = {}): Generator<Cells> {
  for (let i = 0; i < n; i++) {
    const flat = String((i % 120) + 1);
    yield {
      account: accountNumber(i, options.firstAccount),
      city: 'Десногорск',
      street: 'мкр. 3',
      house: String((i % 30) + 1),
      block: '',
      flat,
      address: `Смоленская обл., г. Десногорск, мкр. 3, д. ${(i % 30) + 1}, кв. ${flat}`,
      total_area: `${40 + (i % 60)}.${String(i % 100).padStart(2, '0')}`,
      living_area: '',
      residents: String(i % 5),
      owner_name: `Иванов${i % 2 ? 'а' : ''} Ёлка Петрович ${i}`,
      passport_hash: '',
      status: 'active',
    };
  }
}

export function* paymentRows(n: number, options: { accounts?: number; paidOn?: string } = {}): Generator<Cells> {
  const accounts = options.accounts ?? n;
  for (let i = 0; i < n; i++) {
    yield {
      account: accountNumber(i % accounts),
      paid_on: options.paidOn ?? '2026-11-05',
      amount: money(10_000 + i * 101),
      period: '2026-11',
      external_id: `PAY-${i + 1}`,
      source: 'bank',
    };
  }
}

export function* meterRows(n: number): Generator<Cells> {
  for (let i = 0; i < n; i++) {
    yield {
      account: accountNumber(i),
      service_code: i % 2 ? 'hot_water' : 'cold_water',
      serial: `СВК-${100000 + i}`,
      zones: '1',
      precision: '3',
      location: 'ванная',
      installed_on: '2020-03-15',
      verified_on: '2020-03-01',
      verification_due: '2026-03-01',
      archived_on: '',
    };
  }
}

export function* readingRows(n: number): Generator<Cells> {
  for (let i = 0; i < n; i++) {
    yield {
      account: accountNumber(i),
      service_code: 'cold_water',
      serial: `СВК-${100000 + i}`,
      period: '2026-10',
      zone: '1',
      value: `${100 + i}.250`,
      taken_on: '2026-10-24',
    };
  }
}

export function* balanceRows(n: number): Generator<Cells> {
  for (let i = 0; i < n; i++) {
    yield {
      account: accountNumber(i),
      period: '2026-11',
      opening_balance: money(i % 2 ? 15_000 : -2_500),
      charged: '3200.00',
      paid: '1500.00',
      penalties: '',
      total_due: money(3_200_00 - 1_500_00 + (i % 2 ? 15_000 : -2_500)),
      paid_until: '2026-11-25',
      due_date: '2026-12-10',
    };
  }
}

/** Every row of a generator in an array (for the small files of unit tests). */
export const take = (rows: Iterable<Cells>): Cells[] => [...rows];
