// The shape a mapping was made for (`expect`): the number of columns, words of the header and a
// pattern per column checked on the first rows. A file of another shape — a bank registry with
// its columns in another order, another program's export under this program's mapping — is
// refused before anything is written, naming the line, the column and why, instead of being
// guessed at (a period «0926» read as 926 roubles).
import { normalizeHeader } from './columns.ts';
import type { ColumnMapping } from './mapping.ts';
import { ImportFileError, type SourceRecord } from './source.ts';

/** Data rows whose cells are matched against the patterns and whose width is counted (the CSV reader gives these their `width`). */
export const SHAPE_ROWS = 20;

const refusal = (mapping: ColumnMapping, where: string, why: string) =>
  new ImportFileError(
    `Файл не того вида, для которого сделано сопоставление «${mapping.name}»: ${where}${why}. ` +
      'Проверьте, что выбран нужный файл и нужное сопоставление; файл не загружен',
  );

/** The file's own name of a mapped column, as a clerk finds it: «столбец 10» or «столбец «Сумма»». */
export function fileColumn(mapping: ColumnMapping, name: string): string {
  const where = mapping.columns[name];
  if (where === undefined) return `столбец ${name}`;
  return typeof where === 'number' ? `столбец ${where} (${name})` : `столбец «${where}» (${name})`;
}

/** The header against `expect.columns` and `expect.headerWords`; throws ImportFileError. */
export function checkHeaderShape(header: readonly string[] | null, mapping: ColumnMapping): void {
  const expect = mapping.expect;
  if (!expect || !header) return;
  let width = header.length;
  while (width > 0 && header[width - 1]!.trim() === '') width--; // a trailing delimiter is harmless
  if (expect.columns !== undefined && width !== expect.columns) {
    throw refusal(mapping, 'в строке заголовка ', `${width} столб., а ожидается ${expect.columns}`);
  }
  const cells = header.map(normalizeHeader);
  const missing = (expect.headerWords ?? []).filter((word) => !cells.some((cell) => cell.includes(normalizeHeader(word))));
  if (missing.length > 0) {
    throw refusal(mapping, 'в строке заголовка ', `нет ${missing.map((w) => `«${w}»`).join(', ')}`);
  }
}

/** Compiled once per mapping: the patterns are checked on every sampled cell. */
export function compilePatterns(mapping: ColumnMapping): [string, RegExp][] {
  return Object.entries(mapping.expect?.patterns ?? {}).map(([name, source]) => [name, new RegExp(source, 'u')]);
}

/** One sampled data row against `expect.columns` (files without a header) and the patterns; throws ImportFileError. */
export function checkRowShape(record: SourceRecord, mapping: ColumnMapping, patterns: readonly [string, RegExp][]): void {
  const expected = mapping.expect?.columns;
  if (expected !== undefined && mapping.headerRow === 0 && record.width !== undefined && record.width !== expected) {
    throw refusal(mapping, `строка ${record.line}: `, `${record.width} знач., а ожидается ${expected}`);
  }
  for (const [name, re] of patterns) {
    const text = (record.raw?.[name] ?? record.cells[name] ?? '').trim();
    if (text === '' || re.test(text)) continue;
    throw refusal(mapping, `строка ${record.line}, ${fileColumn(mapping, name)}: `, `«${text.slice(0, 60)}» не подходит под образец ${re.source}`);
  }
}
