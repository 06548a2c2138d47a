// From a file's header (or a mapping's column positions) to a plan: which cell of a row becomes
// which canonical column, through which converter. Every reader shares it, so the header rules
// and their Russian messages are the same for CSV, XLSX and DBF.
import { converterFor, typedConverterFor, type CellConverter } from './cells.ts';
import { cellProblem, cleanCell } from './clean-cells.ts';
import { KIND_TITLES, canonicalFromHeader, normalizeHeader } from './columns.ts';
import { withDictionary } from './dictionary.ts';
import type { ColumnMapping } from './mapping.ts';
import { checkHeaderShape } from './shape-check.ts';
import { IMPORT_KINDS, canonicalColumns, requiredColumns, type ImportKind, type RowProblem } from './rows.ts';
import { ImportFileError, type SourceRecord } from './source.ts';
import { DEFAULT_TOTALS_WORDS, totalsRule, type TotalsRule } from './totals.ts';

export interface ColumnPick {
  name: string;
  /** 0-based position of the cell in a row. */
  index: number;
  /** For cells read as text. */
  convert: CellConverter | null;
  /** For cells a reader got as numbers (XLSX numeric cells, DBF N and F fields), already written with a point. */
  typed: CellConverter | null;
}

export interface ColumnPlan {
  kind: ImportKind;
  /** Canonical columns the file provides (picked cells and constants). */
  columns: string[];
  picks: ColumnPick[];
  constants: [string, string][];
  /** Cells in the header (null without a header): a row with other non-empty cells beyond it is suspect. */
  width: number | null;
  /** The smallest row length that holds every picked cell. */
  needed: number;
  /** Canonical column → the file's own name for it (its header cell, DBF field name or «столбец N»), for messages. */
  headers: Readonly<Record<string, string>>;
  /** Totals and subtotal rows («Итого по дому:»), skipped wherever their word stands. */
  totals: TotalsRule;
  /** Cells no pick reads, up to the header's width (or the last pick): still looked at for totals words. */
  others: number[];
  /** A row's cells object from the picks' values in pick order, the constants after them (cellsMaker). */
  cellsOf(values: readonly string[]): Record<string, string>;
}

export interface PlanOptions {
  kind?: ImportKind;
  mapping?: ColumnMapping;
}

const quoted = (names: string[]) => names.map((n) => `«${n}»`).join(', ');
const found = (header: string[]) => quoted(header.filter((h) => h.trim() !== '')) || 'ничего';

/** Builds the plan or throws an ImportFileError naming the missing or unknown columns. */
export function planColumns(header: string[] | null, options: PlanOptions): ColumnPlan {
  const { mapping } = options;
  if (mapping && options.kind && options.kind !== mapping.kind) {
    throw new ImportFileError(`Сопоставление «${mapping.name}» — для вида «${KIND_TITLES[mapping.kind]}», а загружается «${KIND_TITLES[options.kind]}»`);
  }
  return mapping ? planFromMapping(header, mapping) : planFromCanonicalHeader(header, options.kind);
}

function finish(
  kind: ImportKind, picks: ColumnPick[], constants: [string, string][], width: number | null, header: string[] | null, totalsWords: readonly string[],
): ColumnPlan {
  const order = canonicalColumns(kind);
  const columns = [...picks.map((p) => p.name), ...constants.map(([name]) => name)];
  columns.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const needed = picks.reduce((max, p) => Math.max(max, p.index + 1), 0);
  const headers: Record<string, string> = {};
  for (const pick of picks) headers[pick.name] = header?.[pick.index]?.trim() || `столбец ${pick.index + 1}`;
  const picked = new Set(picks.map((p) => p.index));
  const others = Array.from({ length: width ?? needed }, (_, i) => i).filter((i) => !picked.has(i));
  return { kind, columns, picks, constants, width, needed, headers, totals: totalsRule(totalsWords), others, cellsOf: cellsMaker(picks, constants) };
}

/**
 * The row's cells as one object literal, built once per file as source text: every row's object
 * then has one shape from the start and the schemas read it by fixed places, where putting the
 * cells one by one by name went through V8's slowest property store for each (about 10 % of
 * reading a charges file, development VM). The names go in as JSON strings; constants as values.
 */
function cellsMaker(picks: readonly ColumnPick[], constants: readonly [string, string][]): ColumnPlan['cellsOf'] {
  const entries = [
    ...picks.map((pick, i) => `${JSON.stringify(pick.name)}: values[${i}]`),
    ...constants.map(([name], i) => `${JSON.stringify(name)}: constants[${i}]`),
  ];
  const make = new Function('constants', `return (values) => ({ ${entries.join(', ')} });`) as (c: string[]) => ColumnPlan['cellsOf'];
  return make(constants.map(([, value]) => value));
}

function planFromMapping(header: string[] | null, mapping: ColumnMapping): ColumnPlan {
  const useHeader = mapping.headerRow !== 0;
  if (useHeader && !header) throw new ImportFileError('В файле нет строки заголовка');
  checkHeaderShape(header, mapping); // `expect`: a header of another shape is refused before its columns are looked up
  const normalized = header?.map(normalizeHeader) ?? [];
  const missing: string[] = [];
  const picks: ColumnPick[] = [];
  for (const [name, where] of Object.entries(mapping.columns)) {
    let index: number;
    if (typeof where === 'number') {
      index = where - 1;
      if (header && index >= header.length) {
        missing.push(`№${where} (${name})`);
        continue;
      }
    } else {
      index = normalized.indexOf(normalizeHeader(where));
      if (index < 0) {
        missing.push(`«${where}» (${name})`);
        continue;
      }
    }
    // A value the mapping's dictionary knows is ours as it stands (dictionary.ts).
    const dictionary = mapping.values[name];
    picks.push({ name, index, convert: withDictionary(converterFor(name, mapping), dictionary), typed: withDictionary(typedConverterFor(name, mapping), dictionary) });
  }
  if (missing.length > 0) {
    throw new ImportFileError(`В файле нет столбцов: ${missing.join(', ')}. Найдены: ${found(header ?? [])}`);
  }
  return finish(mapping.kind, picks, Object.entries(mapping.constants), useHeader ? header!.length : null, header, mapping.totalsWords);
}

function planFromCanonicalHeader(header: string[] | null, kind: ImportKind | undefined): ColumnPlan {
  if (!header || header.every((h) => h.trim() === '')) throw new ImportFileError('В файле нет строки заголовка');
  // A trailing delimiter leaves empty header cells at the end: harmless.
  let width = header.length;
  while (width > 0 && header[width - 1]!.trim() === '') width--;
  const named = header.slice(0, width).map((text) => ({ text, name: canonicalFromHeader(text) }));
  const present = new Set(named.map((h) => h.name).filter((n): n is string => n !== null));
  const chosen = kind ?? detectKind(present, header);

  const allowed = new Set(canonicalColumns(chosen));
  const missing = requiredColumns(chosen).filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new ImportFileError(
      `В файле нет столбцов: ${missing.join(', ')} (нужны для вида «${KIND_TITLES[chosen]}»). Найдены: ${found(header)}`,
    );
  }
  const unknown = named.filter((h) => !h.name || !allowed.has(h.name)).map((h) => h.text);
  if (unknown.length > 0) {
    throw new ImportFileError(
      `Неизвестные столбцы: ${quoted(unknown)}. Для вида «${KIND_TITLES[chosen]}» допустимы: ${canonicalColumns(chosen).join(', ')}. ` +
        'Уберите лишние столбцы или загрузите файл с сопоставлением столбцов',
    );
  }
  const seen = new Set<string>();
  const picks: ColumnPick[] = [];
  named.forEach((h, index) => {
    const name = h.name!;
    if (seen.has(name)) throw new ImportFileError(`Столбец ${name} встречается в заголовке дважды`);
    seen.add(name);
    picks.push({ name, index, convert: converterFor(name, {}), typed: typedConverterFor(name, {}) });
  });
  return finish(chosen, picks, [], width, header, DEFAULT_TOTALS_WORDS);
}

/** The kind whose required columns the header has; the closest kind's gaps when none fits. */
function detectKind(present: Set<string>, header: string[]): ImportKind {
  const scored = IMPORT_KINDS.map((kind) => {
    const required = requiredColumns(kind);
    const own = canonicalColumns(kind);
    return {
      kind,
      missing: required.filter((name) => !present.has(name)),
      matched: own.filter((name) => present.has(name)).length,
      foreign: [...present].filter((name) => !own.includes(name)).length,
      share: required.filter((name) => present.has(name)).length / required.length,
    };
  });
  const fitting = scored.filter((s) => s.missing.length === 0).sort((a, b) => a.foreign - b.foreign || b.matched - a.matched);
  if (fitting[0]) return fitting[0].kind;
  const closest = [...scored].sort((a, b) => b.share - a.share || b.matched - a.matched)[0]!;
  throw new ImportFileError(
    `Не удалось определить вид данных по заголовку. Ближе всего «${KIND_TITLES[closest.kind]}», ` +
      `но в файле нет столбцов: ${closest.missing.join(', ')}. Найдены: ${found(header)}`,
  );
}

/**
 * One cell's value as a record holds it: text first passes the one normaliser (clean-cells.ts),
 * then the pick's converter (`typed`: the reader got it as a number). A refused cell stays as
 * written, with its problem on the record; when conversion changed the text, the text as written
 * goes to the record's `raw`, so a message quotes it.
 */
function cellValue(record: SourceRecord, pick: ColumnPick, written: string, typed: boolean): string {
  const text = typed ? written : cleanCell(written);
  if (typeof text !== 'string') {
    (record.problems ??= []).push(cellProblem(record.line, pick.name, written, text));
    return written;
  }
  const convert = typed ? pick.typed : pick.convert;
  const value = convert !== null && text !== '' ? convert(text) : text;
  if (value !== written) (record.raw ??= {})[pick.name] = written;
  return value;
}

/** One cell into the record (XLSX and DBF readers, cell by cell); see cellValue. */
export function putCell(record: SourceRecord, pick: ColumnPick, written: string, typed = false): void {
  record.cells[pick.name] = cellValue(record, pick, written, typed);
}

/** A row's record from its cells in file order (empty cells stay '': the schemas decide), or null for a totals row. */
export function buildRecord(plan: ColumnPlan, line: number, fields: readonly string[]): SourceRecord | null {
  // Each picked cell is looked at for totals words as it is put, while it is in the CPU's cache
  // (a separate pass over the row cost as much again as building it); then the others. The
  // cells object is made at the end, in one literal (cellsOf).
  const { totals, picks } = plan;
  const record: SourceRecord = { line, cells: EMPTY_CELLS };
  const values = new Array<string>(picks.length);
  let isTotals = false;
  for (let k = 0; k < picks.length; k++) {
    const pick = picks[k]!;
    const written = fields[pick.index] ?? '';
    if (totals.cell(written)) isTotals = true;
    values[k] = cellValue(record, pick, written, false);
  }
  if (isTotals) return null;
  for (const i of plan.others) if (i < fields.length && totals.cell(fields[i]!)) return null;
  for (let i = plan.width ?? plan.needed; i < fields.length; i++) if (totals.cell(fields[i]!)) return null;
  record.cells = plan.cellsOf(values);
  return record;
}

/** A record's cells until buildRecord makes them (never read: cellValue writes only problems and raw). */
const EMPTY_CELLS: Readonly<Record<string, string>> = Object.freeze({});

/** A row with too few values, or with values beyond the header: cut off, or a stray delimiter shifted it. */
export function widthProblem(plan: ColumnPlan, fields: readonly string[], line: number): RowProblem | null {
  const count = fields.length;
  if (count < plan.needed) {
    return { line, field: 'row', message: `В строке ${count} знач., а нужно не меньше ${plan.needed}: строка обрезана или в ней пропущен разделитель` };
  }
  if (plan.width !== null && count > plan.width) {
    for (let i = plan.width; i < count; i++) {
      if (fields[i]!.trim() !== '') {
        return {
          line,
          field: 'row',
          message: `В строке ${count} знач., а в заголовке ${plan.width}: лишний разделитель (возьмите текст с разделителем в кавычки)`,
          value: fields[i]!.slice(0, 100),
        };
      }
    }
  }
  return null;
}
