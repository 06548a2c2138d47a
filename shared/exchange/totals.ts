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

export function totalsRule(words: readonly string[]): TotalsRule {
  const lower = [...new Set(words.map((w) => w.trim().toLowerCase().replace(/ё/g, 'е')).filter((w) => w !== ''))];
  // Most cells are numbers, codes or names: one look at the first character settles them.
  const firsts = new Set<number>();
  for (const w of lower) {
    firsts.add(w.charCodeAt(0));
    firsts.add(w.toUpperCase().charCodeAt(0));
  }
  const longest = lower.reduce((max, w) => Math.max(max, w.length), 0);
  const cell = (text: string): boolean => {
    let c = text.charCodeAt(0);
    let t = text;
    if (c === 32 || c === 9 || c === 160) {
      t = text.trimStart();
      c = t.charCodeAt(0);
    }
    if (!firsts.has(c)) return false;
    const head = t.slice(0, longest + 1).toLowerCase().replace(/ё/g, 'е');
    for (const w of lower) {
      if (head.startsWith(w) && !WORD_CHAR.test(head.charAt(w.length))) return true;
    }
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
