// Drawing a receipt page without pdfkit's per-call machinery. A string is shaped once
// (shaped.ts: pdfkit's own layout, so the glyphs and kerning are pdfkit's) into a ready
// text operand; the page's operators collect in one string, text runs share text objects, and
// the page is handed to pdfkit as one chunk. pdfkit still writes the pages, the fonts (subset,
// widths, ToUnicode: the text stays extractable) and the cross-reference table.
// Without the fonts' internals (fonts.ts returns null) text goes through pdfkit's own calls.
import { shareLayoutCaches, useFont, type DocumentFonts, type EmbeddedFont, type FontName, type Glyph } from './fonts.ts';
import { include, num, operand, shape, type Shaped } from './shaped.ts';

const BLACK = '#000000';
const operands = new Map<string, string>();

/** '#rrggbb' (or 'black') as the three numbers of an `rg`/`RG` operator. */
export function rgb(color: string): string {
  const hex = color === 'black' ? BLACK : color;
  let out = operands.get(hex);
  if (out) return out;
  if (!/^#[0-9a-f]{6}$/i.test(hex)) throw new Error(`Colour as #rrggbb expected: ${color}`);
  out = [1, 3, 5].map((i) => num(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ');
  operands.set(hex, out);
  return out;
}

interface PdfkitReference { id: number; gen: number; data: object }

interface PdfkitPages {
  page?: { dictionary?: PdfkitReference };
  options: { bufferPages?: boolean };
  _root?: { data: { Pages?: { data: { Kids?: PdfkitReference[] } } } };
}

/** A written object's reference, as pdfkit prints it («id gen R»), and nothing else. */
function bareReference(ref: PdfkitReference): PdfkitReference {
  const bare = Object.create(Object.getPrototypeOf(ref) as object) as PdfkitReference;
  bare.id = ref.id;
  bare.gen = ref.gen;
  return bare;
}

export class PageWriter {
  private out = '';
  private inText = false;
  private font: FontName | null = null;
  private size = 0;
  private fill: string | null = null;
  private stroke: string | null = null;
  private lineWidth = -1;
  private dashed = false;
  private images = 0;

  constructor(readonly doc: PDFKit.PDFDocument, private readonly fonts: DocumentFonts | null) {}

  /** pdfkit's `doc.widthOfString(text)` at this font and size. */
  width(text: string, font: FontName, size: number): number {
    let advance: number;
    if (this.fonts) {
      const embedded = this.fonts.fonts[font];
      advance = shape(embedded, font, text)?.width ?? embedded.layout(text).advanceWidth;
    } else {
      useFont(this.doc, font);
      return this.doc.fontSize(size).widthOfString(text);
    }
    return ((advance * (size / 1000)) + 0) * 100 / 100;
  }

  /**
   * The advance after each character (by UTF-16 unit) of the laid-out string, in points: a
   * first guess at where a cut string ends. Null where glyphs and characters do not pair up.
   */
  advances(text: string, font: FontName, size: number): Float64Array | null {
    const embedded = this.fonts?.fonts[font];
    const shaped = embedded ? shape(embedded, font, text) : null;
    if (!embedded || !shaped || shaped.glyphs.length !== text.length) return null;
    const out = new Float64Array(text.length);
    let x = 0;
    for (let i = 0; i < text.length; i++) {
      const g = shaped.glyphs[i] as Glyph;
      if (g.codePoints.length !== 1 || g.codePoints[0] !== text.charCodeAt(i)) return null;
      x += ((g.advanceWidth * embedded.scale - (shaped.kerns[i] as number)) * size) / 1000;
      out[i] = x;
    }
    return out;
  }

  /** pdfkit's `doc.currentLineHeight(true)` at this font and size. */
  lineHeight(font: FontName, size: number): number {
    if (!this.fonts) {
      useFont(this.doc, font);
      return this.doc.fontSize(size).currentLineHeight(true);
    }
    const f = this.fonts.fonts[font];
    return ((f.ascender + f.lineGap - f.descender) / 1000) * size;
  }

  /** One line of text with its top-left corner at (x, y), as `doc.text(text, x, y, { lineBreak: false })`. */
  text(text: string, x: number, y: number, font: FontName, size: number, color = BLACK): void {
    if (text.length === 0) return;
    const embedded = this.fonts?.fonts[font];
    const shaped = embedded ? shape(embedded, font, text) : null;
    if (!embedded || !shaped) {
      this.viaPdfkit(text, x, y, font, size, color);
      return;
    }
    if (shaped.glyphs.length === 0) return;
    if (!this.inText) {
      this.out += 'BT\n';
      this.inText = true;
      this.font = null;
    }
    if (font !== this.font || size !== this.size) {
      this.out += `/${embedded.id} ${num(size)} Tf\n`;
      this.font = font;
      this.size = size;
    }
    this.setFill(color);
    this.out += `1 0 0 -1 ${num(x)} ${num(y + (embedded.ascender / 1000) * size)} Tm\n${this.operand(embedded, font, shaped)}\n`;
  }

  rect(x: number, y: number, w: number, h: number, color: string): void {
    this.endText();
    this.setFill(color);
    this.out += `${num(x)} ${num(y)} ${num(w)} ${num(h)} re\nf\n`;
  }

  strokeRect(x: number, y: number, w: number, h: number, color: string, width: number): void {
    this.setStroke(color, width, false);
    this.out += `${num(x)} ${num(y)} ${num(w)} ${num(h)} re\nS\n`;
  }

  line(x1: number, y1: number, x2: number, y2: number, color: string, width: number, dashed = false): void {
    this.setStroke(color, width, dashed);
    this.out += `${num(x1)} ${num(y1)} m\n${num(x2)} ${num(y2)} l\nS\n`;
  }

  /**
   * A one-bit image mask (rows of bits, most significant first, each row padded to a byte; 1 is
   * painted in `color`) over the square of `side` points with its top-left corner at (x, y).
   * Each sample is a sharp square: no smoothing when scaled up.
   */
  imageMask(size: number, bits: Uint8Array, x: number, y: number, side: number, color = BLACK): void {
    this.endText();
    this.setFill(color);
    const image = (this.doc as unknown as { ref(data: object): { compress: boolean; end(chunk: Uint8Array): void } }).ref({
      Type: 'XObject', Subtype: 'Image', Width: size, Height: size, ImageMask: true, BitsPerComponent: 1, Decode: [1, 0], Interpolate: false,
    });
    // A thousand bytes or so: not worth a deflate.
    image.compress = false;
    image.end(Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength));
    const page = this.doc.page as unknown as { xobjects: Record<string, unknown> };
    const name = `Q${++this.images}`;
    page.xobjects[name] = image;
    // pdfkit's page space runs downwards; an image's first row is at the top of its unit square.
    this.out += `q\n${num(side)} 0 0 ${num(-side)} ${num(x)} ${num(y + side)} cm\n/${name} Do\nQ\n`;
  }

  /** Ends the page's drawing: its operators go to pdfkit as one chunk. */
  flush(): void {
    this.endText();
    // As bytes: pdfkit would otherwise encode the string itself, and the glyph ids in it are binary.
    if (this.out !== '') this.doc.addContent(Buffer.from(this.out, 'latin1') as unknown as string);
    this.out = '';
  }

  newPage(options: PDFKit.PDFDocumentOptions): void {
    this.flush();
    const kit = this.doc as unknown as PdfkitPages;
    const previous = kit.options.bufferPages ? undefined : kit.page;
    this.doc.addPage(options);
    // pdfkit has written the previous page now, but its page list keeps the page's dictionary
    // (with its resources and content objects) to the end, only to print «n 0 R»: a bare
    // reference with just the number takes its place, so a bulk print's memory stays flat.
    if (previous?.dictionary) {
      const kids = kit._root?.data.Pages?.data.Kids;
      const at = kids ? kids.lastIndexOf(previous.dictionary) : -1;
      if (kids && at >= 0) kids[at] = bareReference(previous.dictionary);
      previous.dictionary.data = {};
    }
    this.fill = null;
    this.stroke = null;
    this.lineWidth = -1;
    this.dashed = false;
    this.images = 0;
    if (!this.fonts) return;
    shareLayoutCaches(this.fonts);
    const page = this.doc.page as unknown as { fonts: Record<string, unknown> };
    for (const font of Object.values(this.fonts.fonts)) page.fonts[font.id] ??= font.ref();
  }

  private operand(embedded: EmbeddedFont, font: FontName, shaped: Shaped): string {
    const stable = (this.fonts as DocumentFonts).stable[font];
    if (stable && shaped.tj === undefined) {
      // Built once for every document when all its glyphs have the same ids in each.
      shaped.tj = shaped.glyphs.every((g) => stable.has(g.id)) ? operand(shaped, (g) => stable.get(g.id) as number) : null;
    }
    return (stable && shaped.tj) || operand(shaped, (g) => include(embedded, g));
  }

  /** The rare string pdfkit must place itself (glyphs off their advance), or every one without the fonts' internals. */
  private viaPdfkit(text: string, x: number, y: number, font: FontName, size: number, color: string): void {
    this.flush();
    useFont(this.doc, font);
    this.doc.fontSize(size).fillColor(color).text(text, x, y, { lineBreak: false });
    this.fill = null;
  }

  private endText(): void {
    if (!this.inText) return;
    this.out += 'ET\n';
    this.inText = false;
  }

  private setFill(color: string): void {
    if (color === this.fill) return;
    this.out += `${rgb(color)} rg\n`;
    this.fill = color;
  }

  private setStroke(color: string, width: number, dashed: boolean): void {
    this.endText();
    if (color !== this.stroke) this.out += `${rgb(color)} RG\n`;
    if (width !== this.lineWidth) this.out += `${num(width)} w\n`;
    if (dashed !== this.dashed) this.out += dashed ? '[3 2] 0 d\n' : '[] 0 d\n';
    this.stroke = color;
    this.lineWidth = width;
    this.dashed = dashed;
  }
}
