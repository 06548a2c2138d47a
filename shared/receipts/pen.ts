// The receipt's drawing vocabulary over the page writer: text left or right aligned, cut to a
// width, wrapped into a few lines, rules, boxes and section titles, and a new page when a
// block would run into the payment part. Each call draws what the earlier pdfkit calls did
// (`doc.text(…, { lineBreak: false })`, the same ellipsis loop, pdfkit's line wrapper).
import type { FontName } from './fonts.ts';
import type { PageWriter } from './page-writer.ts';
import { wrapText } from './wrap.ts';

export const PAGE = { width: 595.28, height: 841.89 };
export const M = 28;
export const CW = PAGE.width - 2 * M;
export const PAYMENT_HEIGHT = 168;
export const PAYMENT_TOP = PAGE.height - M - PAYMENT_HEIGHT;
export const GREY = '#555555';
export const RULE = '#999999';
const TITLE_FILL = '#e8e8e8';
const ELLIPSIS = '…';

export interface TextOptions { font?: FontName; size?: number; color?: string }

// Cut and wrapped forms of a string, by font, size and room: most repeat on every receipt.
const MEMO_LIMIT = 5_000;
const fitted = new Map<string, string>();
const wrapped = new Map<string, { lines: string[]; bottom: number }>();

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

export class Pen {
  constructor(readonly writer: PageWriter) {}

  text(s: string, x: number, y: number, o: TextOptions = {}): void {
    this.writer.text(s, x, y, o.font ?? 'Regular', o.size ?? 7.5, o.color);
  }

  /** Right-aligned at `right`. */
  textRight(s: string, right: number, y: number, o: TextOptions = {}): void {
    const font = o.font ?? 'Regular';
    const size = o.size ?? 7.5;
    this.writer.text(s, right - this.writer.width(s, font, size), y, font, size, o.color);
  }

  /** Cut with an ellipsis to fit `width`. */
  textFit(s: string, x: number, y: number, width: number, o: TextOptions = {}): void {
    const font = o.font ?? 'Regular';
    const size = o.size ?? 7.5;
    this.writer.text(this.fit(s, width, font, size), x, y, font, size, o.color);
  }

  /**
   * The longest start of `s` that fits with the ellipsis, by pdfkit's measure (trailing spaces
   * then dropped), as the old letter-by-letter loop found it: widths grow with length, so the
   * search starts from the glyph advances' guess and checks the exact width around it.
   */
  fit(s: string, width: number, font: FontName, size: number): string {
    if (this.writer.width(s, font, size) <= width) return s;
    const key = `${font}|${size}|${width}|${s}`;
    const hit = fitted.get(key);
    if (hit !== undefined) return hit;
    const fits = (length: number) => this.writer.width(`${s.slice(0, length)}${ELLIPSIS}`, font, size) <= width;
    let length = this.guess(s, width, font, size);
    if (fits(length)) {
      while (length < s.length && fits(length + 1)) length++;
    } else {
      while (length > 1 && !fits(length)) length--;
    }
    return remember(fitted, key, `${s.slice(0, length).trimEnd()}${ELLIPSIS}`);
  }

  private guess(s: string, width: number, font: FontName, size: number): number {
    const advances = this.writer.advances(s, font, size);
    if (!advances) return Math.max(1, Math.floor(s.length / 2));
    const room = width - this.writer.width(ELLIPSIS, font, size);
    let length = 1;
    while (length < s.length && (advances[length] as number) <= room) length++;
    return length;
  }

  /** Wrapped into `width`, at most `lines` lines; returns the height used. */
  paragraph(s: string, x: number, y: number, width: number, lines: number, o: TextOptions = {}): number {
    const font = o.font ?? 'Regular';
    const size = o.size ?? 7.5;
    const lineHeight = this.writer.lineHeight(font, size);
    if (this.writer.width(s, font, size) <= width) {
      this.writer.text(s, x, y, font, size);
      return lineHeight;
    }
    const key = `${font}|${size}|${width}|${lines}|${y}|${s}`;
    const result = wrapped.get(key)
      ?? remember(wrapped, key, wrapText(s, { y, width, lineHeight, lines, ellipsis: ELLIPSIS }, (word) => this.writer.width(word, font, size)));
    let lineY = y;
    for (const line of result.lines) {
      this.writer.text(line, x, lineY, font, size);
      lineY += lineHeight + 0;
    }
    return Math.min(result.bottom - y, lineHeight * lines);
  }

  rule(x1: number, y: number, x2: number, color = RULE, width = 0.5): void {
    this.writer.line(x1, y, x2, y, color, width);
  }

  box(x: number, y: number, w: number, h: number): void {
    this.writer.strokeRect(x, y, w, h, RULE, 0.6);
  }

  title(s: string, y: number): number {
    this.writer.rect(M, y, CW, 11, TITLE_FILL);
    this.text(s, M + 3, y + 2, { font: 'Bold', size: 7.5 });
    return y + 13;
  }

  /** A new page when `height` more points would run into the payment part. */
  room(y: number, height: number): number {
    if (y + height <= PAYMENT_TOP - 6) return y;
    this.writer.newPage({ size: 'A4', margin: M });
    return M;
  }
}
