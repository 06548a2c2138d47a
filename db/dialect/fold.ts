// Case folding for search, shared by both dialects: the SQL side (Dialect.foldCase) and the
// JavaScript side (foldForSearch) must agree letter for letter.

export const CYRILLIC_UPPER = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ';
export const CYRILLIC_LOWER = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';

/** Lower case, ё → е: what `Dialect.foldCase` makes of a column, for the other side of LIKE. */
export function foldForSearch(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
}

/** `text` as a LIKE pattern matching itself literally (escape character `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
