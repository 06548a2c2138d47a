// A QR symbol as one path of filled rectangles in module units: a run of dark modules in a row
// is one rectangle, carried down over the rows below that have the very same run. The union,
// and so the printed code, is the same as one square per module, in a fraction of the bytes.
import { qrMatrix, type QrMatrix } from './qr-matrix.ts';

/** A QR symbol ready to draw: its size in modules and its path. */
export interface QrCode { size: number; ops: Uint8Array }

/** The payload's QR symbol (qr-matrix.ts) as a path. */
export function qrCode(payload: string): QrCode {
  const matrix = qrMatrix(payload);
  return { size: matrix.size, ops: qrPath(matrix) };
}

// Written here, then copied out at its length: one small allocation per code, not one for the worst case.
let scratch = new Uint8Array(0);

/** The path's operators as ASCII bytes, written straight into a buffer: no strings to join. */
export function qrPath({ size, modules }: QrMatrix): Uint8Array {
  // At most one rectangle per module, each at most four numbers of three digits and «re».
  if (scratch.length < size * size * 19) scratch = new Uint8Array(size * size * 19);
  const out = scratch;
  let at = 0;
  // Per column where a rectangle starts: the row it began on (-1: none open) and its width.
  const openRow = new Int32Array(size).fill(-1);
  const openWidth = new Int32Array(size);
  const width = new Int32Array(size);
  for (let row = 0; row <= size; row++) {
    width.fill(0);
    if (row < size) {
      const base = row * size;
      let col = 0;
      while (col < size) {
        if (modules[base + col] === 0) {
          col++;
          continue;
        }
        const start = col;
        while (col < size && modules[base + col] === 1) col++;
        width[start] = col - start;
      }
    }
    for (let col = 0; col < size; col++) {
      const w = width[col] as number;
      const top = openRow[col] as number;
      if (top !== -1 && openWidth[col] !== w) {
        at = writeInt(out, at, col);
        at = writeInt(out, at, top);
        at = writeInt(out, at, openWidth[col] as number);
        at = writeInt(out, at, row - top);
        out[at++] = 0x72; // r
        out[at++] = 0x65; // e
        out[at++] = 0x0a;
        openRow[col] = -1;
      }
      if (w > 0 && openRow[col] === -1) {
        openRow[col] = row;
        openWidth[col] = w;
      }
    }
  }
  return out.slice(0, at);
}

/** n (0–999) and a space. */
function writeInt(out: Uint8Array, at: number, n: number): number {
  if (n >= 100) out[at++] = 48 + ((n / 100) | 0);
  if (n >= 10) out[at++] = 48 + (((n / 10) | 0) % 10);
  out[at++] = 48 + (n % 10);
  out[at++] = 32;
  return at;
}
