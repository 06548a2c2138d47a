// A QR symbol as a one-bit image: a row of modules per image row, eight modules a byte, each row
// padded to a whole byte (the PDF image layout). Drawn as an image mask (receipt-page.ts) it is
// painted module for module, with no smoothing, at a twentieth of the bytes of a vector path
// and no drawing work per module.
import { qrMatrix, type QrMatrix } from './qr-matrix.ts';

/** A QR symbol ready to draw: its size in modules and its rows of bits, 1 dark. */
export interface QrCode { size: number; bits: Uint8Array }

/** The payload's QR symbol (qr-matrix.ts) as bits. */
export function qrCode(payload: string): QrCode {
  const matrix = qrMatrix(payload);
  return { size: matrix.size, bits: qrBits(matrix) };
}

/** Rows of bits, most significant bit first, each row padded to a whole byte. */
export function qrBits({ size, modules }: QrMatrix): Uint8Array {
  const stride = (size + 7) >> 3;
  const out = new Uint8Array(stride * size);
  for (let row = 0; row < size; row++) {
    const from = row * size;
    const to = row * stride;
    for (let col = 0; col < size; col++) {
      if (modules[from + col] === 1) out[to + (col >> 3)]! |= 0x80 >> (col & 7);
    }
  }
  return out;
}
