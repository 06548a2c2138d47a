// Strings shaped once: pdfkit's own layout (so the glyphs, their widths and the kerning are the
// ones pdfkit would print) turned into a ready text-showing operand, kept across pages and
// documents. A receipt repeats most of its strings on every page (labels, headings, the
// provider's requisites) and a bulk print repeats many of the rest (sums, dates, names).
import type { EmbeddedFont, FontName, Glyph, PdfkitRun } from './fonts.ts';
import { appendWord, type GlyphRow } from './composed-runs.ts';

export interface Shaped {
  /** Advance in thousandths of an em. */
  width: number;
  glyphs: Glyph[];
  /** Per glyph: the kerning after it, in thousandths of an em as TJ takes it, or 0. */
  kerns: number[];
  /**
   * The `[…] TJ` operand when every glyph has the same subset id in every document (fonts.ts),
   * null when not, undefined until first drawn (most widths are only measured).
   */
  tj?: string | null;
}

// A bulk print shapes every name and sum it meets; past this many the cache starts over.
const CACHE_LIMIT = 5_000;
const caches: Record<FontName, Map<string, Shaped | null>> = { Regular: new Map(), Bold: new Map() };
// Strings put together without the shaping engine (sums, numbers, serials) are cheap to make
// again and mostly printed once: they are kept only for a few pages, where a string is usually
// measured before it is drawn, so they do not churn the long-lived cache.
const RECENT_LIMIT = 512;
const recent: Record<FontName, Map<string, Shaped | null>> = { Regular: new Map(), Bold: new Map() };

/** pdfkit's number format in content streams (six decimals at most). */
export function num(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

// Two bytes per glyph id, written as a literal string (half the size of pdfkit's hex). The
// string's delimiters and backslash are escaped, and so are line ends: a reader would turn a
// raw CR into LF.
const ESCAPED: Record<number, string> = { 0x0a: '\\n', 0x0d: '\\r', 0x28: '\\(', 0x29: '\\)', 0x5c: '\\\\' };
function byte(b: number): string {
  return ESCAPED[b] ?? String.fromCharCode(b);
}

/**
 * The shaped string, or null when a glyph is placed off its advance (combining marks): those
 * few are left to pdfkit's own text call.
 */
export function shape(font: EmbeddedFont, name: FontName, text: string): Shaped | null {
  const cache = caches[name];
  const hit = cache.get(text) ?? recent[name].get(text);
  if (hit !== undefined) return hit;
  const { shaped, composedOnly } = layOut(font, text);
  if (composedOnly) {
    const few = recent[name];
    if (few.size >= RECENT_LIMIT) few.clear();
    few.set(text, shaped);
    return shaped;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, shaped);
  return shaped;
}

/**
 * pdfkit's `layout`: word by word (each ending after a space or tab), the words' glyphs in a
 * row and their widths added up in order. A word is put together by appendWord when it can, else
 * through pdfkit's own cached layout of that word.
 */
function layOut(font: EmbeddedFont, text: string): { shaped: Shaped | null; composedOnly: boolean } {
  const row: GlyphRow = { glyphs: [], kerns: [] };
  let width = 0;
  let composedOnly = true;
  let offPlace = false;
  let last = 0;
  for (let index = 0; index <= text.length;) {
    const c = index < text.length ? text.charCodeAt(index) : -1;
    if ((index === text.length && last < index) || c === 32 || c === 9) {
      const start = last;
      last = ++index;
      const composed = appendWord(font, text, start, last > text.length ? text.length : last, row);
      if (!Number.isNaN(composed)) {
        width += composed;
        continue;
      }
      composedOnly = false;
      const run = font.layoutCached(text.slice(start, last));
      for (let i = 0; i < run.glyphs.length; i++) {
        const p = run.positions[i] as PdfkitRun['positions'][number];
        if (p.xOffset || p.yOffset) offPlace = true;
        row.glyphs.push(run.glyphs[i] as Glyph);
        row.kerns.push(p.advanceWidth - p.xAdvance);
      }
      width += run.advanceWidth;
    } else {
      index++;
    }
  }
  return { shaped: offPlace ? null : { width, glyphs: row.glyphs, kerns: row.kerns }, composedOnly };
}

/**
 * `[(glyphs) kern (glyphs)] TJ`, split where pdfkit splits it: after each kerned glyph. The
 * string is binary (a character per byte): the page writer hands it over as latin1.
 */
export function operand(shaped: Shaped, gid: (g: Glyph) => number): string {
  let out = '[(';
  const last = shaped.glyphs.length - 1;
  for (let i = 0; i <= last; i++) {
    const id = gid(shaped.glyphs[i] as Glyph);
    out += byte(id >> 8) + byte(id & 0xff);
    const kern = shaped.kerns[i] as number;
    if (kern !== 0 && i < last) out += `) ${num(kern)} (`;
  }
  return `${out})] TJ`;
}

/** Adds the glyph to this document's subset (with its width and text) and gives its id there. */
export function include(font: EmbeddedFont, g: Glyph): number {
  const gid = font.subset.includeGlyph(g.id);
  if (font.widths[gid] == null) font.widths[gid] = g.advanceWidth * font.scale;
  if (font.unicode[gid] == null) font.unicode[gid] = g.codePoints;
  return gid;
}
