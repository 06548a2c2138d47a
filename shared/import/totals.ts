// Totals and subtotal rows («Итого», «Всего по дому:», «ИТОГ») that reports put among the data:
// one rule for every reader and every file, with or without a mapping. A row is a totals row
// when any of its cells (not only the first: 1C puts the word under the address or the service)
// starts with one of the words as a whole word, in any case; such rows are skipped, not refused.
// «Итоговая» or «Всеволод» are not totals: the word must end where a letter or digit does not follow.

/** What a file without a mapping (or a mapping that does not say) takes as totals words. */
export const DEFAULT_TOTALS_WORDS: readonly string[] = ['Итого', 'Всего', 'Итог'];

export interface TotalsRule {
  /** True when the cell starts with a totals word. */
  cell(text: string): boolean;
  /** True when any of the cells does. */
  row(cells: readonly string[]): boolean;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** First characters below this (Latin and Cyrillic) are looked up in a table. */
const FIRSTS = 0x500;

/** A word's letters as the character codes each position accepts: lower case, upper case, and «ё» for «е». */
function spellings(word: string): number[][] {
  return [...word].map((ch) => {
    const codes = new Set([ch.charCodeAt(0), ch.toUpperCase().charCodeAt(0)]);
    if (ch === 'е') for (const c of 'ёЁ') codes.add(c.charCodeAt(0));
    return [...codes];
  });
}

export function totalsRule(words: readonly string[]): TotalsRule {
  const lower = [...new Set(words.map((w) => w.trim().toLowerCase().replace(/ё/g, 'е')).filter((w) => w !== ''))];
  const spelled = lower.map(spellings);
  // Most cells are numbers, codes or names: one look at the first character settles them (a
  // table, not a Set, and no string made: every cell of a million-row file passes here).
  const firsts = new Uint8Array(FIRSTS);
  const farFirsts = new Set<number>();
  for (const letters of spelled) {
    for (const c of letters[0]!) {
      if (c < FIRSTS) firsts[c] = 1;
      else farFirsts.add(c);
    }
  }
  const startsWith = (t: string, at: number, letters: number[][]): boolean => {
    if (t.length - at < letters.length) return false;
    for (let k = 0; k < letters.length; k++) if (!letters[k]!.includes(t.charCodeAt(at + k))) return false;
    return !WORD_CHAR.test(t.charAt(at + letters.length));
  };
  const cell = (text: string): boolean => {
    let at = 0;
    let c = text.charCodeAt(0);
    while (c === 32 || c === 9 || c === 160) c = text.charCodeAt(++at);
    if (c < FIRSTS ? firsts[c] === 0 : farFirsts.size === 0 || !farFirsts.has(c)) return false; // NaN: an empty cell
    for (const letters of spelled) if (startsWith(text, at, letters)) return true;
    return false;
  };
  return {
    cell,
    row(cells) {
      for (let i = 0; i < cells.length; i++) if (cell(cells[i]!)) return true;
      return false;
    },
  };
}
