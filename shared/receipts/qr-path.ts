// A QR symbol as one path of filled rectangles in module units: a run of dark modules in a row
// is one rectangle, carried down over the rows below that have the very same run. The union,
// and so the printed code, is the same as one square per module, in a fraction of the bytes
// (a receipt's code has ~4,000 dark modules; this writes ~1,500 rectangles).
import type { QrMatrix } from './qr-matrix.ts';

/** The path's operators as bytes (ASCII), written straight into a buffer: no strings to join. */
export function qrPath({ size, modules }: QrMatrix): Uint8Array {
  // open[col] = the row where a rectangle of `width[col]` modules started, still growing.
  const openRow = new Int32Array(size).fill(-1);
  const openWidth = new Int32Array(size);
  // At most one rectangle per module, each at most four numbers of three digits and «re».
  const out = new Uint8Array(size * size * 19);
  let at = 0;
  const put = (n: number) => {
    if (n >= 100) out[at++] = 48 + Math.floor(n / 100);
    if (n >= 10) out[at++] = 48 + (Math.floor(n / 10) % 10);
    out[at++] = 48 + (n % 10);
    out[at++] = 32;
  };
  const close = (col: number, row: number) => {
    const top = openRow[col] as number;
    put(col);
    put(top);
    put(openWidth[col] as number);
    put(row - top);
    out[at++] = 114; // r
    out[at++] = 101; // e
    out[at++] = 10;
    openRow[col] = -1;
  };
  const runs = new Int32Array(size);
  for (let row = 0; row <= size; row++) {
    // This row's runs: runs[start] = length, 0 elsewhere.
    runs.fill(0);
    if (row < size) {
      const at = row * size;
      for (let col = 0; col < size;) {
        if (!modules[at + col]) {
          col++;
          continue;
        }
        let end = col + 1;
        while (end < size && modules[at + end]) end++;
        runs[col] = end - col;
        col = end;
      }
    }
    for (let col = 0; col < size; col++) {
      const length = runs[col] as number;
      if (openRow[col] !== -1 && openWidth[col] !== length) close(col, row);
      if (length > 0 && openRow[col] === -1) {
        openRow[col] = row;
        openWidth[col] = length;
      }
    }
  }
  return out.subarray(0, at);
}
