// Numbers without the shaping engine. Most strings a receipt meets only once are sums,
// readings and numbers ('1 490,55', '10000001-202610'), and laying each out with fontkit's
// full OpenType machinery is the largest cost left on a page. In DejaVu these characters are
// set side by side: no substitution, no kerning, no offsets between any two of them. That is
// checked for each font on first use by laying out every pair; where it holds, a string made
// only of them is put together from the single characters' glyphs, with pdfkit's arithmetic
// (words split after spaces, widths summed per word), so the result is the very same.
import type { EmbeddedFont, Glyph } from './fonts.ts';

export const PLAIN_CHARACTERS = '0123456789 \u00a0,.-:/';

interface Position { xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }
interface Single { glyph: Glyph; advance: number }
export interface PlainRun { glyphs: Glyph[]; advanceWidth: number }

const verified = new WeakMap<EmbeddedFont, Map<number, Single> | null>();

/** The characters' glyphs and advances when every pair of them sets plainly in this font, else null. */
function singles(font: EmbeddedFont): Map<number, Single> | null {
  if (verified.has(font)) return verified.get(font) ?? null;
  const map = new Map<number, Single>();
  let plain = true;
  for (const c of PLAIN_CHARACTERS) {
    const run = font.layout(c);
    const p = run.positions[0] as Position | undefined;
    const glyph = run.glyphs[0];
    if (run.glyphs.length !== 1 || !glyph || !p || p.xOffset || p.yOffset || p.xAdvance !== p.advanceWidth) plain = false;
    else map.set(c.charCodeAt(0), { glyph, advance: p.xAdvance });
  }
  for (const a of PLAIN_CHARACTERS) {
    for (const b of PLAIN_CHARACTERS) {
      if (!plain) break;
      const run = font.layout(a + b);
      const expected = [map.get(a.charCodeAt(0)), map.get(b.charCodeAt(0))];
      plain = run.glyphs.length === 2 && run.glyphs.every((g, i) => {
        const p = run.positions[i] as Position;
        const single = expected[i];
        return single !== undefined && g.id === single.glyph.id && !p.xOffset && !p.yOffset && p.xAdvance === single.advance;
      });
    }
  }
  const result = plain ? map : null;
  verified.set(font, result);
  return result;
}

/** The string laid out as pdfkit would, when it is made only of the plain characters; else null. */
export function plainRun(font: EmbeddedFont, text: string): PlainRun | null {
  const table = singles(font);
  if (!table) return null;
  const glyphs: Glyph[] = new Array<Glyph>(text.length);
  let advanceWidth = 0;
  let word = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const single = table.get(code);
    if (!single) return null;
    glyphs[i] = single.glyph;
    word += single.advance;
    // pdfkit lays out word by word, each ending after a space, and adds up the words' widths.
    if (code === 32) {
      advanceWidth += word;
      word = 0;
    }
  }
  if (text.length > 0 && text.charCodeAt(text.length - 1) !== 32) advanceWidth += word;
  return { glyphs, advanceWidth };
}
