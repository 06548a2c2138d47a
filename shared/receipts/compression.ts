// Stream compression for receipts. pdfkit deflates every stream at zlib's default level 6;
// a receipt page's operators compress nearly as well at level 1 in a fraction of the time.
// The font subset (the same bytes in nearly every document, fonts.ts) is deflated once, at the
// default level, and the result reused. pdfkit's deflate is not configurable, so each stream
// object is compressed here just before pdfkit writes it, and marked as already compressed.
import { deflateSync } from 'node:zlib';

interface StreamRef {
  compress: boolean;
  buffer: Uint8Array[];
  data: Record<string, unknown>;
  finalize(): void;
}

const PAGE_LEVEL = 1;
const deflatedOnce = new WeakMap<Uint8Array, Buffer | null>();

/** Bytes that many documents embed (a font subset): deflated once, at the default level. */
export function markShared(bytes: Uint8Array): void {
  if (!deflatedOnce.has(bytes)) deflatedOnce.set(bytes, null);
}

export function fastCompression(doc: PDFKit.PDFDocument): void {
  const d = doc as unknown as { ref(data?: unknown): StreamRef };
  const ref = d.ref.bind(doc);
  d.ref = (data?: unknown) => {
    const r = ref(data);
    if (r.compress !== true || !Array.isArray(r.buffer) || typeof r.finalize !== 'function' || !r.data) return r;
    const finalize = r.finalize.bind(r);
    r.finalize = () => {
      if (r.buffer.length > 0) {
        r.buffer = [deflated(r.buffer)];
        r.compress = false;
        r.data.Filter = 'FlateDecode';
      }
      finalize();
    };
    return r;
  };
}

function deflated(chunks: Uint8Array[]): Buffer {
  const only = chunks.length === 1 ? (chunks[0] as Uint8Array) : null;
  if (only && deflatedOnce.has(only)) {
    const hit = deflatedOnce.get(only);
    if (hit) return hit;
    const out = deflateSync(only);
    deflatedOnce.set(only, out);
    return out;
  }
  return deflateSync(only ?? Buffer.concat(chunks), { level: PAGE_LEVEL });
}
