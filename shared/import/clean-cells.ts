// Every cell a reader takes from a billing file passes here once, before any conversion: the
// portal's one text normaliser (shared/text.ts) and, for imported text only, the check for text
// spoilt by a wrong conversion (mojibake.ts). Each reader calls it for the cells it picks, so
// CSV, XLSX and DBF rows are cleaned by the same rule.
import { normalizeText } from '../text.ts';
import { MOJIBAKE_HINT, ODD_1251_CHARS, mojibakeIn } from './mojibake.ts';
import type { RowProblem } from './rows.ts';

/** What each UTF-16 code unit below U+0500 asks for: 0 nothing, 1 a closer look, 2 a look at the next one (Р, С), 3 or 4 at the one before (Ё, Є, Ї; ъ, ь). */
const LOW = new Uint8Array(0x500).fill(1);
/** Code units that, after Р or С, spell a Russian letter in UTF-8 read as windows-1251 («РџСЂ»). */
const AFTER_RS = new Set(Array.from(new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 64 }, (_, i) => 0x80 + i)), (c) => c.charCodeAt(0)));
for (const [from, to] of [[0x09, 0x0a], [0x0d, 0x0d], [0x20, 0x7e], [0xa0, 0x2ff], [0x401, 0x401], [0x404, 0x404], [0x406, 0x407], [0x410, 0x44f], [0x451, 0x451], [0x454, 0x454], [0x456, 0x457]] as const) {
  LOW.fill(0, from, to + 1);
}
LOW[0x420] = 2;
LOW[0x421] = 2;
// Ё, Є, Ї after a small letter: windows-1251 read as cp866 («ьъЁ»). Looked at then, not otherwise.
LOW[0x401] = 3;
LOW[0x404] = 3;
LOW[0x407] = 3;
// ъ, ь starting a word: к, м of windows-1251 read as cp866 («ът» for «кв»).
for (const c of [0x42a, 0x42c, 0x44a, 0x44c]) LOW[c] = 4;
const isSmallLetter = (c: number) => (c >= 0x430 && c <= 0x44f) || c === 0x451;
const isLetter = (c: number) => c >= 0x400 && c <= 0x4ff;
/** What cp866 text read as windows-1251 is made of (mojibake.ts) is looked at, wherever it stands. */
const ODD_HIGH = new Set<number>();
for (const char of ODD_1251_CHARS) {
  const c = char.charCodeAt(0);
  if (c < 0x500) LOW[c] = 1;
  else ODD_HIGH.add(c);
}
/** Above U+0500 only common punctuation, the spaces numbers are grouped with (U+2002–U+200A, U+202F), ₽, € and № pass without a look. */
const plainHigh = (c: number) =>
  ((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x2002 && c <= 0x200a) || c === 0x202f || c === 0x20bd || c === 0x20ac || c === 0x2116) &&
  !ODD_HIGH.has(c);

/**
 * True when the cell needs nothing: no control or invisible character, nothing NFC would change,
 * nothing a wrong conversion makes. A loop over code units, because every cell of a million-row
 * file passes here: about 0.25 µs for a charges row of 14 cells (two of them Russian), where
 * one combined regular expression took twice that (measured on the development VM).
 */
function alreadyClean(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c >= 0x430 && c <= 0x449) continue; // а–щ, most Russian letters
    if (c < 0x500) {
      const look = LOW[c];
      if (look === 0) continue;
      if (look === 2 && !AFTER_RS.has(value.charCodeAt(i + 1))) continue;
      if (look === 3 && !isSmallLetter(value.charCodeAt(i - 1))) continue;
      if (look === 4 && isLetter(value.charCodeAt(i - 1))) continue;
      return false;
    }
    if (!plainHigh(c)) return false;
  }
  return true;
}

export interface CellRefusal {
  refused: string;
}

/** The cell normalised, or why it is refused (Russian, starting with a capital). */
export function cleanCell(value: string): string | CellRefusal {
  if (alreadyClean(value)) return value;
  if (MOJIBAKE_HINT.test(value)) {
    const spoilt = mojibakeIn(value);
    if (spoilt) return { refused: capital(spoilt) };
  }
  const result = normalizeText(value);
  return result.ok ? result.text : { refused: capital(result.message) };
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A refused cell as the row's problem: the row is not loaded, and the report says where and why. */
export function cellProblem(line: number, field: string, value: string, refusal: CellRefusal): RowProblem {
  return { line, field, message: refusal.refused, value: value.slice(0, 100) };
}

/** A header cell: normalised for matching column names, never refused (a bad header fails as an unknown column). */
export function cleanHeaderCell(value: string): string {
  const cleaned = cleanCell(value);
  return typeof cleaned === 'string' ? cleaned : value;
}
