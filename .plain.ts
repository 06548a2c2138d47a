import PDFDocument from 'pdfkit';
import { registerReceiptFonts } from './shared/receipts/fonts.ts';
import { plainRun } from './shared/receipts/plain-runs.ts';
const doc = new PDFDocument({ font: '', autoFirstPage: false });
const f = registerReceiptFonts(doc)!;
for (const name of ['Regular', 'Bold'] as const) {
  const font = f.fonts[name];
  let bad = 0; let n = 0;
  for (let i = 0; i < 20000; i++) {
    const len = 1 + Math.floor(Math.random() * 14);
    let s = ''; for (let k = 0; k < len; k++) s += '0123456789 \u00a0,.-:/'[Math.floor(Math.random() * 17)];
    const p = plainRun(font, s); if (!p) { bad++; continue; }
    const ref = font.layout(s); n++;
    if (ref.advanceWidth !== p.advanceWidth || ref.glyphs.length !== p.glyphs.length || ref.glyphs.some((g, j) => g.id !== p.glyphs[j]!.id)) { bad++; if (bad < 5) console.log('diff', JSON.stringify(s), ref.advanceWidth, p.advanceWidth); }
  }
  console.log(name, 'compared', n, 'bad', bad);
}
