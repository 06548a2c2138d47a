// Strings shaped once: pdfkit's own layout (so the glyphs, their widths and the kerning are the
// ones pdfkit would print) turned into a ready text-showing operand, kept across pages and
// documents. A receipt repeats most of its strings on every page (labels, headings, the
// provider's requisites) and a bulk print repeats many of the rest (sums, dates, names).
import type { EmbeddedFont, FontName, Glyph } from './fonts.ts';
import { plainRun } from './plain-runs.ts';

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
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const plain = plainRun(font, text);
  // Sums and readings are cheap to set again and mostly printed once: kept out of the cache,
  // which they would otherwise churn (and with it the heap) for the strings that do repeat.
  if (plain) return { width: plain.advanceWidth, glyphs: plain.glyphs, kerns: new Array<number>(plain.glyphs.length).fill(0) };
  const { glyphs, positions, advanceWidth } = font.layout(text);
  let shaped: Shaped | null = { width: advanceWidth, glyphs, kerns: new Array<number>(glyphs.length).fill(0) };
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i] as { xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number };
    if (p.xOffset || p.yOffset) {
      shaped = null;
      break;
    }
    shaped.kerns[i] = p.advanceWidth - p.xAdvance;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, shaped);
  return shaped;
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
