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

/**
 * `word` as a GLOB pattern matching it anywhere in any case, ё = е: one character class
 * per letter ([еЕёЁ], [aA]); GLOB's own `*`, `?` and `[` are put in classes to stand for themselves.
 */
export function caseInsensitiveGlob(word: string): string {
  let pattern = '';
  for (const ch of foldForSearch(word)) {
    if (ch === 'е') pattern += '[еЕёЁ]';
    else if (ch === '*' || ch === '?' || ch === '[') pattern += `[${ch}]`;
    else {
      const upper = ch.toUpperCase();
      pattern += upper !== ch && [...upper].length === 1 ? `[${ch}${upper}]` : ch;
    }
  }
  return `*${pattern}*`;
}
