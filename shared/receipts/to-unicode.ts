// The fonts' ToUnicode maps (what makes a receipt's text extractable and searchable) made once.
// pdfkit writes the map anew at the end of every document; for a document whose subset is the
// usual one (fonts.ts: the alphabet and nothing more) the map is the same text every time, so
// its bytes are kept, and compressed once (compression.ts). Other documents get pdfkit's own.
import { markShared } from './compression.ts';
import type { EmbeddedFont, FontName } from './fonts.ts';

const maps = new Map<string, Uint8Array>();

/** Makes this document's font write the shared map when its subset has stayed the usual one. */
export function shareToUnicode(doc: PDFKit.PDFDocument, font: EmbeddedFont, name: FontName, usualGlyphs: number | null): void {
  const f = font as EmbeddedFont & { toUnicodeCmap?: () => unknown };
  if (typeof f.toUnicodeCmap !== 'function' || usualGlyphs === null) return;
  const own = f.toUnicodeCmap.bind(font);
  f.toUnicodeCmap = () => {
    if (font.unicode.length !== usualGlyphs || font.subset.glyphs.length !== usualGlyphs) return own();
    const key = `${name}:${usualGlyphs}`;
    let bytes = maps.get(key);
    if (!bytes) {
      bytes = Buffer.from(`${cmapText(font.unicode)}\n`, 'latin1');
      markShared(bytes);
      maps.set(key, bytes);
    }
    const cmap = (doc as unknown as { ref(): { end(chunk: Uint8Array): void } }).ref();
    cmap.end(bytes);
    return cmap;
  };
}

const hex = (n: number) => `0000${n.toString(16)}`.slice(-4);

/** pdfkit's ToUnicode CMap text (EmbeddedFont.toUnicodeCmap), for the same bytes. */
export function cmapText(unicode: number[][]): string {
  const entries = unicode.map((codePoints) => {
    const encoded: string[] = [];
    for (let value of codePoints) {
      if (value > 0xffff) {
        value -= 0x10000;
        encoded.push(hex(((value >>> 10) & 0x3ff) | 0xd800));
        value = 0xdc00 | (value & 0x3ff);
      }
      encoded.push(hex(value));
    }
    return `<${encoded.join(' ')}>`;
  });
  const ranges: string[] = [];
  for (let start = 0; start < entries.length; start += 256) {
    const end = Math.min(start + 256, entries.length);
    ranges.push(`<${hex(start)}> <${hex(end - 1)}> [${entries.slice(start, end).join(' ')}]`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <<
  /Registry (Adobe)
  /Ordering (UCS)
  /Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000><ffff>
endcodespacerange
${ranges.length} beginbfrange
${ranges.join('\n')}
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}
