// Line breaking for the receipt's few wrapped values (an address, a provider's name, a
// recalculation's reason): the lines pdfkit's LineWrapper would make for
// `doc.text(s, x, y, { width, height: lines × lineHeight, ellipsis: '…', lineGap: 0 })`, from
// the same break opportunities (UAX #14, the `linebreak` package pdfkit itself uses) and the
// same arithmetic, but over widths the caller has cached. It follows pdfkit step by step,
// float32 rounding included, so that a receipt breaks exactly where it did before.
import LineBreaker from 'linebreak';

export interface WrapOptions {
  /** The top of the first line (pdfkit compares absolute positions, in float32). */
  y: number;
  width: number;
  lineHeight: number;
  /** At most this many lines; the last one ends with the ellipsis when text is left over. */
  lines: number;
  ellipsis?: string;
}

export interface Wrapped {
  lines: string[];
  /** Where the next line would start (pdfkit's `doc.y` afterwards). */
  bottom: number;
}

const SOFT_HYPHEN = '\u00AD';
const HYPHEN = '-';
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** pdfkit's PDFNumber: the float32 at or below n. */
export function pdfNumber(n: number): number {
  const rounded = Math.fround(n);
  if (rounded <= n) return rounded;
  f32[0] = n;
  if (n <= 0) u32[0] = (u32[0] as number) + 1;
  else u32[0] = (u32[0] as number) - 1;
  return f32[0] as number;
}

interface Break { position: number; required: boolean }

/**
 * `measure(s)` is pdfkit's `doc.widthOfString(s)` at the paragraph's font and size
 * (points, unrounded).
 */
export function wrapText(text: string, options: WrapOptions, measure: (s: string) => number): Wrapped {
  const ellipsis = options.ellipsis ?? '…';
  const lineWidth = (options.width * 100) / 100;
  const lh = options.lineHeight;
  const maxY = pdfNumber(options.y + lh * options.lines);
  const wordWidth = (word: string) => pdfNumber(measure(word));
  const canFit = (word: string, w: number) => (word[word.length - 1] !== SOFT_HYPHEN ? w <= spaceLeft : w + wordWidth(HYPHEN) <= spaceLeft);
  const lines: string[] = [];
  let y = options.y;
  let spaceLeft = lineWidth;
  let buffer = '';
  let wc = 0;
  const emitLine = () => {
    lines.push(buffer.replace(/\n/g, ''));
    y += lh + 0;
  };

  // One word (or a piece of a word too long for a line); false stops, as pdfkit's callback.
  const place = (word: string, w: number, bk: Break, last: Break | null): boolean => {
    if (last == null || last.required) spaceLeft = lineWidth;
    if (canFit(word, w)) {
      buffer += word;
      wc++;
    }
    if (!bk.required && canFit(word, w)) {
      spaceLeft -= w;
      return true;
    }
    if (pdfNumber(y + lh * 2) > maxY) {
      buffer = buffer.replace(/\s+$/, '');
      let textWidth = wordWidth(buffer + ellipsis);
      while (buffer && textWidth > lineWidth) {
        buffer = buffer.slice(0, -1).replace(/\s+$/, '');
        textWidth = wordWidth(buffer + ellipsis);
      }
      if (textWidth <= lineWidth) buffer += ellipsis;
    }
    if (bk.required && w > spaceLeft) {
      emitLine();
      buffer = word;
      wc = 1;
    }
    if (buffer[buffer.length - 1] === SOFT_HYPHEN) {
      buffer = buffer.slice(0, -1) + HYPHEN;
      spaceLeft -= wordWidth(HYPHEN);
    }
    emitLine();
    if (pdfNumber(y + lh) > maxY) {
      wc = 0;
      buffer = '';
      return false;
    }
    if (bk.required) {
      spaceLeft = lineWidth;
      buffer = '';
      wc = 0;
    } else {
      spaceLeft = lineWidth - w;
      buffer = word;
      wc = 1;
    }
    return true;
  };

  eachWord(text, lineWidth, () => spaceLeft, wordWidth, place);
  if (wc > 0) emitLine();
  return { lines, bottom: y };
}

/** pdfkit's LineWrapper.eachWord: words at break opportunities, over-long ones cut to fit. */
function eachWord(
  text: string, lineWidth: number, spaceLeft: () => number, wordWidth: (s: string) => number,
  fn: (word: string, w: number, bk: Break, last: Break | null) => boolean,
): void {
  const breaker = new LineBreaker(text);
  let last: Break | null = null;
  let bk: Break | null;
  while ((bk = breaker.nextBreak())) {
    let word = text.slice(last?.position || 0, bk.position);
    let w = wordWidth(word);
    let go = true;
    if (w > lineWidth) {
      let lbk = last;
      while (word.length) {
        let l: number;
        let mightGrow = false;
        if (w > spaceLeft()) {
          l = Math.ceil(spaceLeft() / (w / word.length));
          w = wordWidth(word.slice(0, l));
          mightGrow = w <= spaceLeft() && l < word.length;
        } else {
          l = word.length;
        }
        let mustShrink = w > spaceLeft() && l > 0;
        while (mustShrink || mightGrow) {
          if (mustShrink) {
            w = wordWidth(word.slice(0, --l));
            mustShrink = w > spaceLeft() && l > 0;
          } else {
            w = wordWidth(word.slice(0, ++l));
            mustShrink = w > spaceLeft() && l > 0;
            mightGrow = w <= spaceLeft() && l < word.length;
          }
        }
        if (l === 0 && spaceLeft() === lineWidth) l = 1;
        go = fn(word.slice(0, l), w, { position: bk.position, required: bk.required || l < word.length }, lbk);
        lbk = { position: 0, required: false };
        word = word.slice(l);
        w = wordWidth(word);
        if (!go) break;
      }
    } else {
      go = fn(word, w, bk, last);
    }
    if (!go) break;
    last = bk;
  }
}
