// The QR code's modules for a payment payload, from the `qrcode` package: one byte-mode segment
// of the UTF-8 bytes (ГОСТ Р 56042 payloads are UTF-8; letting the package split the text into
// mixed segments costs several times more), error correction M, and mask 0. The standard lets
// an encoder choose any mask; scoring all eight, the package's default, is most of its time,
// and every reader decodes mask 0 (the receipt tests read it back with zbarimg).
import QRCode from 'qrcode';

export interface QrMatrix {
  size: number;
  /** size × size modules by rows, 1 dark. */
  modules: Uint8Array;
}

/** The QR symbol of the text's UTF-8 bytes. */
export function qrMatrix(text: string): QrMatrix {
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0 });
  return { size: qr.modules.size, modules: qr.modules.data };
}
