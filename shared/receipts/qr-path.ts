// A QR symbol as one path of filled rectangles in module units: a run of dark modules in a row
// is one rectangle, carried down over the rows below that have the very same run. The union,
// and so the printed code, is the same as one square per module, in a fraction of the bytes
// (a receipt's code has ~4,000 dark modules; this writes ~1,500 rectangles).
import type { QrMatrix } from './qr-matrix.ts';

export function qrPath({ size, modules }: QrMatrix): string {
  // open[col] = the row where a rectangle of `width[col]` modules started, still growing.
  const openRow = new Int32Array(size).fill(-1);
  const openWidth = new Int32Array(size);
  let ops = '';
  const close = (col: number, row: number) => {
    ops += `${col} ${openRow[col]} ${openWidth[col]} ${row - (openRow[col] as number)} re `;
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
  return ops;
}
