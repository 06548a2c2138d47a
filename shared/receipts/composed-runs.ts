// Words laid out without the shaping engine. pdfkit lays a string out word by word (each word
// ending after its space), each through fontkit's full OpenType machinery, and most words a
// receipt meets once are sums, account numbers, meter serials and house numbers: laying each
// out anew was the largest cost left on a bulk-print page. In DejaVu the letters, digits and
// signs a receipt uses are never substituted (no ligature, no contextual form among them) and
// are positioned only by pair kerning. So a word of them is put together from its characters'
// glyphs, each glyph's advance taken from fontkit's layout of the character with its right-hand
// neighbour, under the script fontkit would give the word: the very numbers fontkit gives.
// Every single character and pair is checked against fontkit the first time it is met; a word
// with a character outside the set, or a pair that does not compose (a ligature, a glyph set off
// its place), goes to pdfkit's own layout as before.
import type { EmbeddedFont, Glyph } from './fonts.ts';

interface Position { xAdvance: number; xOffset: number; yOffset: number }
interface FontkitRun { glyphs: Glyph[]; positions: Position[] }
interface FontkitFont { layout(text: string, features?: undefined, script?: string): FontkitRun }

/** A word as pdfkit's layout gives it: glyphs, each one's advance (points per 1000 em), the sum. */
export interface ComposedWord { glyphs: Glyph[]; xAdvances: number[]; advanceWidth: number }

interface Single { glyph: Glyph; xAdvance: number }
type Script = 'latn' | 'cyrl' | 'none';

/** Characters that may be composed: printable ASCII, no-break space, Russian and other basic Cyrillic, and the receipt's signs. */
export function composable(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || code === 0xa0 || (code >= 0x400 && code <= 0x45f)
    || code === 0xab || code === 0xbb || code === 0xb2 || code === 0xb3 || code === 0xb7 || code === 0xd7
    || code === 0x2013 || code === 0x2014 || code === 0x2026 || code === 0x2116 || code === 0x20bd;
}

/** fontkit's script for a word: that of its first letter (Latin or Cyrillic here); none for digits and signs only. */
function scriptOf(word: string): Script {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 'latn';
    if (c >= 0x400 && c <= 0x45f) return 'cyrl';
  }
  return 'none';
}

class Composer {
  private readonly singles = new Map<number, Single | null>();
  private readonly pairs = new Map<number, number | null>();

  constructor(private readonly fontkit: FontkitFont, private readonly scale: number, private readonly script: Script) {}

  single(code: number): Single | null {
    let s = this.singles.get(code);
    if (s !== undefined) return s;
    const run = this.layout(String.fromCharCode(code));
    const glyph = run.glyphs[0];
    const p = run.positions[0];
    s = run.glyphs.length === 1 && glyph && p && !p.xOffset && !p.yOffset ? { glyph, xAdvance: p.xAdvance * this.scale } : null;
    this.singles.set(code, s);
    return s;
  }

  /** The left character's advance when the right one follows it in the same word, or null when the pair does not compose. */
  pairAdvance(left: number, right: number): number | null {
    const key = left * 0x10000 + right;
    let advance = this.pairs.get(key);
    if (advance !== undefined) return advance;
    const a = this.single(left);
    const b = this.single(right);
    advance = null;
    if (a && b) {
      const run = this.layout(String.fromCharCode(left, right));
      const [p, q] = run.positions;
      if (run.glyphs.length === 2 && run.glyphs[0]?.id === a.glyph.id && run.glyphs[1]?.id === b.glyph.id && p && q
        && !p.xOffset && !p.yOffset && !q.xOffset && !q.yOffset && q.xAdvance * this.scale === b.xAdvance) {
        advance = p.xAdvance * this.scale;
      }
    }
    this.pairs.set(key, advance);
    return advance;
  }

  private layout(text: string): FontkitRun {
    return this.script === 'none' ? this.fontkit.layout(text) : this.fontkit.layout(text, undefined, this.script);
  }
}

const composers = new WeakMap<object, Record<Script, Composer> | null>();

function composersOf(font: EmbeddedFont): Record<Script, Composer> | null {
  const fontkit = (font as unknown as { font?: FontkitFont }).font;
  if (!fontkit || typeof fontkit.layout !== 'function') return null;
  let found = composers.get(fontkit);
  if (found === undefined) {
    found = { latn: new Composer(fontkit, font.scale, 'latn'), cyrl: new Composer(fontkit, font.scale, 'cyrl'), none: new Composer(fontkit, font.scale, 'none') };
    composers.set(fontkit, found);
  }
  return found;
}

/**
 * One word (no space or tab but possibly at its end) as pdfkit's layout would give it, or null
 * when it has to go through the shaping engine.
 */
export function composeWord(font: EmbeddedFont, word: string): ComposedWord | null {
  if (word.length === 0) return null;
  const all = composersOf(font);
  if (!all) return null;
  for (let i = 0; i < word.length; i++) if (!composable(word.charCodeAt(i))) return null;
  const composer = all[scriptOf(word)];
  const glyphs = new Array<Glyph>(word.length);
  const xAdvances = new Array<number>(word.length);
  // Summed in order from zero, as fontkit's run sums its advances.
  let advanceWidth = 0;
  const last = word.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = word.charCodeAt(i);
    const single = composer.single(code);
    if (!single) return null;
    const advance = i < last ? composer.pairAdvance(code, word.charCodeAt(i + 1)) : single.xAdvance;
    if (advance === null) return null;
    glyphs[i] = single.glyph;
    xAdvances[i] = advance;
    advanceWidth += advance;
  }
  return { glyphs, xAdvances, advanceWidth };
}
