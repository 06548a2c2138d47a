// A saved column mapping: one JSON file per billing system's export, saying where each canonical
// column is and how that system writes text, dates and numbers, so its file loads unedited.
// The mapping only renames and normalises cells; importRowSchemas still judge every value.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { columnType } from './columns.ts';
import { IMPORT_KINDS, canonicalColumns, importRowSchemas, requiredColumns, type ImportKind } from './rows.ts';
import { dictionaryProblems } from './dictionary.ts';
import { ImportFileError } from './source.ts';
import { DEFAULT_TOTALS_WORDS } from './totals.ts';

export const DATE_FORMATS = [
  'DD.MM.YYYY', 'YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD-MM-YYYY', 'DD.MM.YY', 'YYYYMMDD', 'YYYY.MM.DD',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const PERIOD_FORMATS = ['auto', 'MM.YYYY', 'YYYY-MM', 'YYYYMM', 'MMYYYY', 'MMYY', 'YYMM'] as const;
export type PeriodFormat = (typeof PERIOD_FORMATS)[number];

const unknownKeys = (where: string) => ({
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `${where}: неизвестные параметры ${(issue.keys ?? []).join(', ')}` : undefined,
});

const position = z.number({ error: 'Номер столбца: целое число от 1' }).int('Номер столбца: целое число от 1').min(1, 'Номер столбца: целое число от 1');
const headerName = z.string({ error: 'Столбец: название из заголовка или номер' }).trim().min(1, 'Столбец: пустое название');

export const columnMappingSchema = z
  .strictObject(
    {
      name: z.string({ error: 'Название сопоставления: обязательно' }).trim().min(1, 'Название сопоставления: обязательно').max(200),
      kind: z.enum(IMPORT_KINDS, { error: `Вид данных: одно из ${IMPORT_KINDS.join(', ')}` }),
      format: z.enum(['csv', 'xlsx', 'dbf'], { error: 'Формат: csv, xlsx или dbf' }).optional(),
      encoding: z.enum(['auto', 'utf-8', 'windows-1251', 'cp866'], { error: 'Кодировка: auto, utf-8, windows-1251 или cp866' }).default('auto'),
      delimiter: z.enum(['auto', ';', ',', '\t'], { error: 'Разделитель: auto, «;», «,» или табуляция' }).default('auto'),
      quote: z.literal('"', { error: 'Кавычка: только «"»' }).default('"'),
      headerRow: z.number({ error: 'Строка заголовка: номер строки (0 — заголовка нет)' }).int().min(0).optional(),
      skipRows: z.number({ error: 'Пропустить строк: целое число' }).int().min(0, 'Пропустить строк: не меньше 0').default(0),
      skipLinesStartingWith: z.string().min(1, 'Пропускать строки, начинающиеся с: пустая строка').max(10).optional(),
      sheet: z.union([z.string().trim().min(1), z.number().int().min(1)], { error: 'Лист: название или номер с 1' }).optional(),
      columns: z.record(z.string(), z.union([headerName, position]), { error: 'columns: объект «столбец → название или номер»' }),
      dateFormat: z.enum(DATE_FORMATS, { error: `Формат даты: одно из ${DATE_FORMATS.join(', ')}` }).optional(),
      decimalSeparator: z.enum(['auto', ',', '.'], { error: 'Десятичный разделитель: auto, «,» или «.»' }).default('auto'),
      constants: z.record(z.string(), z.string({ error: 'Постоянное значение: строка' })).default({}),
      // ── Formats real exports use (issue 17, item 3) ──
      /** How the file writes periods; 'auto' reads MM.YYYY, YYYY-MM, YYYYMM, a date in the month and «Сентябрь 2026». MMYY/YYMM are ambiguous, so only when declared. */
      periodFormat: z.enum(PERIOD_FORMATS, { error: `Формат периода: одно из ${PERIOD_FORMATS.join(', ')}` }).default('auto'),
      /** Account numbers shorter than this (numbers in DBF N fields or Excel cells lose leading zeros) are padded with zeros to it. */
      accountLength: z.number({ error: 'Длина лицевого счёта: целое число от 4 до 20' }).int().min(4).max(20).optional(),
      /** A row with a cell (any column) starting with one of these words is a totals or subtotal row and is skipped. */
      totalsWords: z.array(z.string().trim().min(1).max(40)).max(20).default([...DEFAULT_TOTALS_WORDS]),
      /** Fields the file writes with the opposite sign to ours (e.g. benefits as «-150,00»): taken as the absolute value. */
      negativeFields: z.array(z.string()).default([]),
      // ── Cross-checks that catch a wrong mapping (item 5) ──
      /** The shape the mapping was made for: a file of another shape is refused instead of guessed at. */
      expect: z
        .strictObject(
          {
            /** Cells per data row (or in the header), counted as the reader splits them. */
            columns: z.number().int().min(1).max(500).optional(),
            /** Words each of which must occur in the header row (case and spaces ignored). */
            headerWords: z.array(z.string().trim().min(1)).max(100).optional(),
            /** Per canonical column, a regular expression every non-empty cell must match (checked on the first rows). */
            patterns: z.record(z.string(), z.string().min(1).max(200)).optional(),
          },
          unknownKeys('expect'),
        )
        .optional(),
      /** A control line (bank registries): the line starting with `prefix` carries the number of payments and their sum, which must match the rows. */
      control: z
        .strictObject(
          {
            prefix: z.string().min(1).max(10),
            /** 1-based positions of the count and the sum among the control line's cells (after the prefix is removed). */
            count: z.number().int().min(1).optional(),
            sum: z.number().int().min(1).optional(),
          },
          unknownKeys('control'),
        )
        .optional(),
      // ── Value dictionaries and replace scope (items 2 and 4) ──
      /** Per canonical column, the source's values → ours, e.g. { service_code: { "Отопление": "heating" } }. */
      values: z.record(z.string(), z.record(z.string(), z.string().trim().min(1).max(100))).default({}),
      /** What a replace-kind file replaces: the whole (account, period), or only the services it holds; 'auto' decides from the file. */
      replaceScope: z.enum(['auto', 'account-period', 'service'], { error: 'Что заменяет файл: auto, account-period или service' }).default('auto'),
    },
    unknownKeys('Сопоставление'),
  )
  .superRefine((m, ctx) => {
    const known = new Set(canonicalColumns(m.kind));
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    for (const name of Object.keys(m.columns)) {
      if (!known.has(name)) problem(['columns', name], `Столбец ${name}: нет такого столбца для вида ${m.kind}`);
      if (name in m.constants) problem(['columns', name], `Столбец ${name}: задан и столбцом, и постоянным значением`);
      if (m.headerRow === 0 && typeof m.columns[name] === 'string') {
        problem(['columns', name], `Столбец ${name}: без строки заголовка указывайте номер столбца, а не название`);
      }
    }
    for (const name of Object.keys(m.constants)) {
      if (!known.has(name)) problem(['constants', name], `Постоянное значение ${name}: нет такого столбца для вида ${m.kind}`);
    }
    const missing = requiredColumns(m.kind).filter((name) => !(name in m.columns) && !(name in m.constants));
    if (missing.length > 0) problem(['columns'], `Не указаны обязательные столбцы: ${missing.join(', ')}`);
    for (const found of crossCheckProblems(m)) problem(found.path, found.message);
    for (const found of dictionaryProblems(m, known)) problem(found.path, found.message);
    for (const found of formatProblems(m)) problem(found.path, found.message);
  });

interface FormatInput {
  kind: ImportKind;
  columns: Record<string, string | number>;
  periodFormat: PeriodFormat;
  negativeFields: string[];
}

/** What is wrong with a mapping's `periodFormat` and `negativeFields`. */
function formatProblems(m: FormatInput): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  if (m.periodFormat !== 'auto' && !('period' in m.columns)) {
    out.push({ path: ['periodFormat'], message: `Формат периода ${m.periodFormat}: в columns нет столбца period` });
  }
  const shape = importRowSchemas[m.kind].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  m.negativeFields.forEach((name, i) => {
    const path = ['negativeFields', i];
    if (!(name in shape)) out.push({ path, message: `negativeFields: нет столбца ${name} для вида ${m.kind}` });
    else if (columnType(name) !== 'number') out.push({ path, message: `negativeFields: ${name} — не число` });
    else if (!(name in m.columns)) out.push({ path, message: `negativeFields: столбца ${name} нет в columns` });
    // A field that is signed in our layout too (a recalculation, a balance) would lose its sign.
    else if (shape[name]!.safeParse('-1').success) out.push({ path, message: `negativeFields: ${name} бывает и отрицательным, его знак менять нельзя` });
  });
  return out;
}

/** The canonical column a control line's sum adds up, per kind; a kind without one takes only a count. */
export const CONTROL_SUM_COLUMN: Partial<Record<ImportKind, string>> = { payments: 'amount', charges: 'total', balances: 'total_due' };

interface CrossCheckInput {
  kind: ImportKind;
  format?: 'csv' | 'xlsx' | 'dbf' | undefined;
  headerRow?: number | undefined;
  skipLinesStartingWith?: string | undefined;
  columns: Record<string, string | number>;
  expect?: { columns?: number | undefined; headerWords?: string[] | undefined; patterns?: Record<string, string> | undefined } | undefined;
  control?: { prefix: string; count?: number | undefined; sum?: number | undefined } | undefined;
}

/** What is wrong with a mapping's `expect` and `control` (each a path and a Russian message). */
function crossCheckProblems(m: CrossCheckInput): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const [name, pattern] of Object.entries(m.expect?.patterns ?? {})) {
    if (!(name in m.columns)) out.push({ path: ['expect', 'patterns', name], message: `Образец для ${name}: такого столбца нет в columns` });
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      out.push({ path: ['expect', 'patterns', name], message: `Образец для ${name}: не регулярное выражение (${(error as Error).message})` });
    }
  }
  const widest = Math.max(0, ...Object.values(m.columns).filter((v): v is number => typeof v === 'number'));
  if (m.expect?.columns !== undefined && widest > m.expect.columns) {
    out.push({ path: ['expect', 'columns'], message: `expect.columns: ${m.expect.columns} столб., а в columns указан столбец ${widest}` });
  }
  if (m.headerRow === 0 && m.expect?.headerWords?.length) {
    out.push({ path: ['expect', 'headerWords'], message: 'expect.headerWords: у файла без строки заголовка (headerRow 0) слов заголовка нет' });
  }
  const control = m.control;
  if (control) {
    if (m.format === 'xlsx' || m.format === 'dbf') out.push({ path: ['control'], message: 'control: контрольная строка бывает только в текстовых файлах (csv)' });
    if (control.count === undefined && control.sum === undefined) out.push({ path: ['control'], message: 'control: укажите номер числа платежей (count) и/или суммы (sum) в контрольной строке' });
    if (control.sum !== undefined && !CONTROL_SUM_COLUMN[m.kind]) out.push({ path: ['control', 'sum'], message: `control.sum: у вида ${m.kind} нет суммы для сверки` });
    const skip = m.skipLinesStartingWith;
    if (skip !== undefined && control.prefix.startsWith(skip)) {
      out.push({ path: ['control', 'prefix'], message: `control: контрольная строка «${control.prefix}» пропускалась бы параметром skipLinesStartingWith «${skip}» — уберите его` });
    }
  }
  return out;
}

export type ColumnMapping = z.output<typeof columnMappingSchema>;
export type ColumnMappingInput = z.input<typeof columnMappingSchema>;

/** Checks a mapping (e.g. parsed JSON); a bad one is an ImportFileError listing every problem in Russian. */
export function parseMapping(input: unknown): ColumnMapping {
  const result = columnMappingSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.join('.');
    return path && !issue.message.includes(String(issue.path.at(-1))) ? `${path}: ${issue.message}` : issue.message;
  });
  throw new ImportFileError(`Ошибка в настройке сопоставления столбцов: ${lines.join('; ')}`);
}

/** Reads a mapping JSON file (UTF-8). */
export async function readMappingFile(path: string): Promise<ColumnMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ImportFileError(`Не удалось прочитать файл сопоставления ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new ImportFileError(`Файл сопоставления ${path} — не JSON: ${(error as Error).message}`);
  }
  return parseMapping(json);
}
