// Text that went through a wrong conversion before it reached us («РџСЂРёРІРµС‚» for «Привет»):
// a file can be valid UTF-8 and still hold it, when a program read UTF-8 as windows-1251 and
// saved what it showed. Loaded, it becomes owners and streets nobody can find, so such a cell is
// refused. The patterns are what each wrong reading turns Russian letters into; none of them
// occurs in Russian text written by a person (tests/unit/exchange/mojibake.test.ts checks
// names, addresses and service names against them).

const single = (encoding: string, from: number, to: number) =>
  new TextDecoder(encoding).decode(Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i));
const charClass = (chars: string) => [...chars].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/** A Cyrillic letter in UTF-8 is D0 or D1 and a byte 80–BF: what those bytes show as in each single-byte code page. */
const AFTER_1251 = charClass(single('windows-1251', 0x80, 0xbf));
const AFTER_866 = charClass(single('ibm866', 0x80, 0xbf));

/**
 * What cp866's Russian letters (80–AF) show as in windows-1251, less what Russian and Ukrainian
 * text uses itself (Ё, Є, І, Ї, no-break space, quotes, dashes, №, °, ·, ±, €).
 */
export const ODD_1251_CHARS = 'ЂЃ‚ѓ†‡‰Љ‹ЊЌЋЏђ•™љ›њќћџЎўЈ¤Ґ¦§©¬\u00ad®µ¶јЅѕґ\u0098';
const ODD_1251 = charClass(ODD_1251_CHARS);

interface Pattern {
  regex: RegExp;
  what: string;
}

const PATTERNS: Pattern[] = [
  // «Привет» in UTF-8 read as windows-1251: «РџСЂРёРІРµС‚». Two letters in a row, not one: «Сё» is Russian.
  { regex: new RegExp(`(?:[\\u0420\\u0421][${AFTER_1251}]){2}`), what: 'текст в UTF-8, прочитанный как windows-1251' },
  // The same read as cp866: «╨Я╤А╨╕╨▓╨╡╤В».
  { regex: new RegExp(`(?:[\\u2568\\u2564][${AFTER_866}]){2}`), what: 'текст в UTF-8, прочитанный как cp866' },
  // windows-1251 read as cp866: capitals become box drawing beside letters or beside other box
  // drawing («╧ЁштхЄ», «╚┬└═╬┬»); a line of one mark («────») is someone's separator.
  { regex: /[\u2500-\u259f][\u0400-\u04ff]|[\u0400-\u04ff][\u2500-\u259f]|([\u2500-\u259f])(?!\1)[\u2500-\u259f]/, what: 'текст в windows-1251, прочитанный как cp866' },
  // cp866 read as windows-1251: letters become Ў, Ґ, ®, ¤, § and the like («Ћв®Ї«Ґ­ЁҐ»). Two in one
  // cell, not one: a Ukrainian «Ґ» or a «©» alone is someone's text.
  { regex: new RegExp(`[${ODD_1251}][^]*[${ODD_1251}]`), what: 'текст в cp866, прочитанный как windows-1251' },
  // windows-1251 read as cp866, small letters: р–я become Ё, Є, Ї, Ў, ∙, √, ¤, ■ inside a word
  // («мкр» → «ьъЁ», «привет» → «яЁштхЄ»); a capital Ё after a small letter is no Russian spelling.
  { regex: /[\u0430-\u044f\u0451][\u0401\u0404\u0407\u040e\u2219\u221a\u00a4\u25a0]|[\u2219\u221a\u00a4\u25a0][\u0430-\u044f\u0451]/, what: 'текст в windows-1251, прочитанный как cp866' },
  // …and к, м become ъ, ь, which no Russian word starts with («кв» → «ът», «мкр» → «ьъЁ»).
  { regex: /(?:^|[^\u0400-\u04ff])[\u042a\u042c\u044a\u044c]/, what: 'текст в windows-1251, прочитанный как cp866' },
  // A character some program could not convert and replaced.
  { regex: /\ufffd/, what: 'знак «�»: при прошлом преобразовании текст уже потерян' },
];

/** Characters any of the patterns starts from: text without them is not looked at further. */
export const MOJIBAKE_HINT = new RegExp(`[\\u0420\\u0421\\u042a\\u042c\\u044a\\u044c\\u0401\\u0404\\u0407\\u2219\\u221a\\u2500-\\u25a0${ODD_1251}\\ufffd]`);

/** Why the text looks like a wrong conversion, quoting the place; null when it does not. */
export function mojibakeIn(text: string): string | null {
  for (const { regex, what } of PATTERNS) {
    const found = regex.exec(text);
    if (!found) continue;
    const from = Math.max(0, found.index - 3);
    const fragment = text.slice(from, found.index + Math.max(found[0].length, 12)).trim();
    return `испорченная кодировка («${fragment}» — ${what}): выгрузите файл заново без перекодирования`;
  }
  return null;
}
