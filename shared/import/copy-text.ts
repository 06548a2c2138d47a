// Rows in PostgreSQL COPY's text format, written straight into bytes. Building each line as a
// string and encoding it afterwards cost the import's one JavaScript thread ~0.7 s a million
// charge rows (a string per number, per line and per part, then the UTF-8 encoding of it all);
// digits and ASCII written byte by byte into one buffer cost about a third of that, and that
// thread, not the database, is what an import's speed is bound by.
//
// The format: a tab between cells, \N for NULL, a newline after each row; t/f for booleans;
// backslash, tab, newline and carriage return inside text escaped with a backslash.
import type { BulkCell } from './write-bulk.ts';

const TAB = 9;
const LF = 10;
const MINUS = 45;
const ZERO = 48;
const BACKSLASH = 92;
/** Bytes a cell takes at most without a string in it: the longest number String() gives is 24 characters. */
const NUMBER_ROOM = 32;

export class CopyTextEncoder {
  private buffer: Buffer;
  private at = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Appends `count` rows of `width` cells each, given one after another in `cells` from row `fromRow`. */
  rows(cells: readonly BulkCell[], fromRow: number, count: number, width: number): void {
    let i = fromRow * width;
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < width; c++) {
        if (c > 0) this.byte(TAB);
        this.cell(cells[i++] ?? null);
      }
      this.byte(LF);
    }
  }

  /** The bytes written so far, as a buffer of their own; the encoder starts empty again. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.at));
    this.at = 0;
    return out;
  }

  private cell(value: BulkCell): void {
    if (value === null) {
      this.room(2);
      this.buffer[this.at++] = BACKSLASH;
      this.buffer[this.at++] = 78; // N
    } else if (typeof value === 'number') {
      this.number(value);
    } else if (typeof value === 'boolean') {
      this.byte(value ? 116 : 102); // t / f
    } else {
      this.text(value);
    }
  }

  private number(n: number): void {
    this.room(NUMBER_ROOM);
    if (!Number.isSafeInteger(n)) {
      // Fractions, NaN and huge values: as String() writes them, which COPY reads back the same.
      this.at += this.buffer.write(String(n), this.at, 'latin1');
      return;
    }
    const b = this.buffer;
    if (n < 0) {
      b[this.at++] = MINUS;
      n = -n;
    }
    if (n < 10) {
      b[this.at++] = ZERO + n;
      return;
    }
    let digits = 1;
    for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
    let p = this.at + digits;
    this.at = p;
    // Division rather than `| 0` or `% 10` on 32 bits: amounts in kopecks pass 2^31.
    for (let v = n; v > 0; v = Math.floor(v / 10)) b[--p] = ZERO + (v % 10);
  }

  private text(s: string): void {
    const length = s.length;
    this.room(length);
    const b = this.buffer;
    let at = this.at;
    for (let i = 0; i < length; i++) {
      const ch = s.charCodeAt(i);
      // Anything but plain printable ASCII (escapes, Cyrillic, emoji): the general way, from the start.
      if (ch >= 0x80 || ch === BACKSLASH || ch < 0x20) return this.textEscaped(s);
      b[at++] = ch;
    }
    this.at = at;
  }

  private textEscaped(s: string): void {
    const escaped = s.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
    this.room(Buffer.byteLength(escaped, 'utf8'));
    this.at += this.buffer.write(escaped, this.at, 'utf8');
  }

  private byte(value: number): void {
    this.room(1);
    this.buffer[this.at++] = value;
  }

  /** Makes sure `bytes` more fit. */
  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}
