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

/** Glyphs and, per glyph, the kerning after it (its own advance less the advance it is given, in thousandths of an em). */
export interface GlyphRow { glyphs: Glyph[]; kerns: number[] }

/** A word as pdfkit's layout gives it, with its advance width. */
export interface ComposedWord extends GlyphRow { advanceWidth: number }

type Script = 'latn' | 'cyrl' | 'none';

/** Characters that may be composed: printable ASCII, no-break space, Russian and other basic Cyrillic, and the receipt's signs. */
export function composable(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || code === 0xa0 || (code >= 0x400 && code <= 0x45f)
    || code === 0xab || code === 0xbb || code === 0xb2 || code === 0xb3 || code === 0xb7 || code === 0xd7
    || code === 0x2013 || code === 0x2014 || code === 0x2026 || code === 0x2116 || code === 0x20bd;
}

// Each composable character's place in the tables below (0: not composable), and its script.
const SLOT = new Uint8Array(0x10000);
const SCRIPT = new Uint8Array(256);
const NONE = 0;
const LATIN = 1;
const CYRILLIC = 2;
const SCRIPTS: Script[] = ['none', 'latn', 'cyrl'];
let slots = 0;
for (let code = 0; code < 0x10000; code++) {
  if (!composable(code)) continue;
  SLOT[code] = ++slots;
  SCRIPT[slots] = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ? LATIN : code >= 0x400 && code <= 0x45f ? CYRILLIC : NONE;
}
const SIZE = slots + 1;

// What is known of a character or a pair: 0 not yet laid out, or it composes, or it does not.
const YES = 1;
const NO = 2;

/** One font under one script: what fontkit gave each character alone and each pair. */
class Composer {
  private readonly singleState = new Uint8Array(SIZE);
  private readonly glyphs: (Glyph | undefined)[] = new Array<Glyph | undefined>(SIZE);
  /** A character's advance alone (at a word's end). */
  private readonly alone = new Float64Array(SIZE);
  /** Its glyph's own advance, as pdfkit puts it beside each position. */
  private readonly own = new Float64Array(SIZE);
  private readonly pairState = new Uint8Array(SIZE * SIZE);
  /** The left character's advance with the right one after it. */
  private readonly before = new Float64Array(SIZE * SIZE);

  constructor(private readonly fontkit: FontkitFont, private readonly scale: number, private readonly script: Script) {}

  /**
   * Appends the word (text[start, end), slots already checked) to the row and returns its
   * advance width; NaN, with the row as it was, when a character or pair does not compose.
   */
  append(text: string, start: number, end: number, row: GlyphRow): number {
    const mark = row.glyphs.length;
    // Summed in order from zero, as fontkit's run sums its advances.
    let width = 0;
    let right = SLOT[text.charCodeAt(start)] as number;
    for (let i = start; i < end; i++) {
      const slot = right;
      if (this.singleState[slot] !== YES && !this.learnSingle(text.charCodeAt(i), slot)) return this.undo(row, mark);
      let advance: number;
      if (i + 1 < end) {
        right = SLOT[text.charCodeAt(i + 1)] as number;
        const pair = slot * SIZE + right;
        const state = this.pairState[pair];
        if (state !== YES && (state === NO || !this.learnPair(text.charCodeAt(i), text.charCodeAt(i + 1), slot, right))) return this.undo(row, mark);
        advance = this.before[pair] as number;
      } else {
        advance = this.alone[slot] as number;
      }
      row.glyphs.push(this.glyphs[slot] as Glyph);
      row.kerns.push((this.own[slot] as number) - advance);
      width += advance;
    }
    return width;
  }

  private undo(row: GlyphRow, mark: number): number {
    row.glyphs.length = mark;
    row.kerns.length = mark;
    return Number.NaN;
  }

  private learnSingle(code: number, slot: number): boolean {
    if (this.singleState[slot] === NO) return false;
    const run = this.layout(String.fromCharCode(code));
    const glyph = run.glyphs[0];
    const p = run.positions[0];
    if (run.glyphs.length !== 1 || !glyph || !p || p.xOffset || p.yOffset) {
      this.singleState[slot] = NO;
      return false;
    }
    this.glyphs[slot] = glyph;
    this.alone[slot] = p.xAdvance * this.scale;
    this.own[slot] = glyph.advanceWidth * this.scale;
    this.singleState[slot] = YES;
    return true;
  }

  private learnPair(left: number, right: number, leftSlot: number, rightSlot: number): boolean {
    const pair = leftSlot * SIZE + rightSlot;
    const composes = this.singleState[rightSlot] === YES || this.learnSingle(right, rightSlot);
    const run = composes ? this.layout(String.fromCharCode(left, right)) : null;
    const [p, q] = run?.positions ?? [];
    if (run && run.glyphs.length === 2 && run.glyphs[0]?.id === this.glyphs[leftSlot]?.id && run.glyphs[1]?.id === this.glyphs[rightSlot]?.id
      && p && q && !p.xOffset && !p.yOffset && !q.xOffset && !q.yOffset && q.xAdvance * this.scale === this.alone[rightSlot]) {
      this.before[pair] = p.xAdvance * this.scale;
      this.pairState[pair] = YES;
      return true;
    }
    this.pairState[pair] = NO;
    return false;
  }

  private layout(text: string): FontkitRun {
    return this.script === 'none' ? this.fontkit.layout(text) : this.fontkit.layout(text, undefined, this.script);
  }
}

const composers = new WeakMap<object, Composer[] | null>();

function composersOf(font: EmbeddedFont): Composer[] | null {
  const fontkit = (font as unknown as { font?: FontkitFont }).font;
  if (!fontkit || typeof fontkit.layout !== 'function') return null;
  let found = composers.get(fontkit);
  if (found === undefined) {
    found = SCRIPTS.map((script) => new Composer(fontkit, font.scale, script));
    composers.set(fontkit, found);
  }
  return found;
}

/**
 * Appends one word (text[start, end): no space or tab but possibly at its end) to the row as
 * pdfkit's layout would give it and returns its advance width; NaN, with the row unchanged,
 * when it has to go through the shaping engine.
 */
export function appendWord(font: EmbeddedFont, text: string, start: number, end: number, row: GlyphRow): number {
  if (end <= start) return Number.NaN;
  // fontkit's script for the word: that of its first letter; none for digits and signs only.
  let script = NONE;
  for (let i = start; i < end; i++) {
    const slot = SLOT[text.charCodeAt(i)] as number;
    if (slot === 0) return Number.NaN;
    if (script === NONE) script = SCRIPT[slot] as number;
  }
  const all = composersOf(font);
  return all ? (all[script] as Composer).append(text, start, end, row) : Number.NaN;
}

/** One word as pdfkit's layout would give it, or null when it has to go through the shaping engine. */
export function composeWord(font: EmbeddedFont, word: string): ComposedWord | null {
  const row: GlyphRow = { glyphs: [], kerns: [] };
  const advanceWidth = appendWord(font, word, 0, word.length, row);
  return Number.isNaN(advanceWidth) ? null : { ...row, advanceWidth };
}
