// The receipt page writer measures, cuts and wraps text exactly as pdfkit did when the receipt
// was drawn with pdfkit's own text calls: same widths, same ellipsis cut, same line breaks, so
// a resident's receipt looks as before. The references below are pdfkit's calls themselves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import { registerReceiptFonts, useFont, type DocumentFonts, type FontName, type PdfkitRun } from '../../../shared/receipts/fonts.ts';
import { PageWriter } from '../../../shared/receipts/page-writer.ts';
import { CW, M, Pen } from '../../../shared/receipts/pen.ts';
import { composable, composeWord } from '../../../shared/receipts/composed-runs.ts';
import { wrapText } from '../../../shared/receipts/wrap.ts';

function setup(): { doc: PDFKit.PDFDocument; fonts: DocumentFonts; pen: Pen } {
  const doc = new PDFDocument({ size: 'A4', margin: M, font: '', autoFirstPage: false });
  const fonts = registerReceiptFonts(doc);
  assert.ok(fonts, 'pdfkit internals as the fast writer expects');
  const writer = new PageWriter(doc, fonts);
  writer.newPage({ size: 'A4', margin: M });
  return { doc, fonts, pen: new Pen(writer) };
}

function pdfkitWidth(doc: PDFKit.PDFDocument, text: string, font: FontName, size: number): number {
  useFont(doc, font);
  return doc.fontSize(size).widthOfString(text);
}

/** The lines pdfkit draws for the receipt's wrapped values, and where it ends. */
function pdfkitLines(doc: PDFKit.PDFDocument, text: string, y: number, width: number, lines: number, size: number): { lines: string[]; bottom: number } {
  useFont(doc, 'Regular');
  doc.fontSize(size);
  const drawn: string[] = [];
  const kit = doc as unknown as { _line: (...args: unknown[]) => unknown };
  const own = kit._line;
  kit._line = (line: unknown, ...rest: unknown[]) => {
    drawn.push(String(line));
    return own.call(doc, line, ...rest);
  };
  try {
    doc.text(text, M, y, { width, height: doc.currentLineHeight(true) * lines, ellipsis: '…', lineGap: 0 });
  } finally {
    kit._line = own;
  }
  return { lines: drawn, bottom: doc.y };
}

const WRAPPED = [
  '216400, Смоленская обл., г. Десногорск, 1-й микрорайон, д. 1, кв. 1',
  '216400, Смоленская область, город Десногорск, 4-й микрорайон, дом 12, корпус 3, строение 1, квартира 245 (коммунальная, комната 3)',
  'Муниципальное унитарное предприятие «Комбинат коммунальных предприятий» (демо)',
  '+7 (48153) 7-00-00; аварийная служба +7 (48153) 7-00-04',
  'Перерасчёт за перерыв в подаче горячей воды сверх допустимой продолжительности',
  'QR-код для оплаты не сформирован: реквизиты получателя платежа неполны. Оплатите по реквизитам выше.',
  'abonent@kkp-demo.example.ru, https://kkp-demo.example.ru/lichnyj-kabinet/kvitancii/oplata-po-qr-kodu',
  'Константинопольская-Щербацкая Елизавета-Анастасия Вольдемаровна',
  'Сверхдлинноеслово'.repeat(6),
  'пере\u00adрасчёт по\u00adказаний при\u00adбора учёта за пе\u00adриод вре\u00adменного от\u00adсутствия',
];

describe('receipt text layout', () => {
  it('wraps the way pdfkit wraps: same lines, same ellipsis, same end', () => {
    const { doc, pen } = setup();
    const half = CW / 2 - 6 - 62;
    const cases = [
      { width: half, lines: 2, size: 7.5 }, { width: half, lines: 1, size: 7.5 },
      { width: 124, lines: 6, size: 7 }, { width: CW - 218, lines: 2, size: 7 }, { width: 60, lines: 3, size: 7 },
    ];
    let wrappedSome = 0;
    for (const text of WRAPPED) {
      for (const c of cases) {
        for (const y of [92.192139, 133.37, 700.5]) {
          const lineHeight = doc.fontSize(c.size).currentLineHeight(true);
          const ours = wrapText(text, { y, width: c.width, lineHeight, lines: c.lines }, (s) => pen.writer.width(s, 'Regular', c.size));
          assert.deepEqual(ours, pdfkitLines(doc, text, y, c.width, c.lines, c.size), `${text} in ${c.width} × ${c.lines}`);
          if (ours.lines.length > 1) wrappedSome++;
        }
      }
    }
    assert.ok(wrappedSome > 50);
  });

  it('measures as pdfkit measures, to the last bit, numbers included', () => {
    const { doc, pen } = setup();
    const texts = [...WRAPPED, '1 490,55', '-78,69', '22 036,49', '№ 10000001-202610', 'AVAТо ffi fl', 'Итого к оплате, руб.', '100,001 ', ' 7 '];
    for (const font of ['Regular', 'Bold'] as const) {
      for (const size of [6.5, 7, 7.5, 9, 14]) {
        for (const text of texts) assert.equal(pen.writer.width(text, font, size), pdfkitWidth(doc, text, font, size), `${font} ${size} «${text}»`);
      }
    }
  });

  it('cuts with an ellipsis where the old letter-by-letter loop cut', () => {
    const { doc, pen } = setup();
    const texts = [...WRAPPED, 'ИНН 6724999010  КПП 672401001  р/с 40702810500000000101  АО «Деснабанк», г. Смоленск  БИК 046614999  к/с 30101810400000000999'];
    for (const text of texts) {
      for (let width = 10; width < 420; width += 13) {
        for (const [font, size] of [['Regular', 7.5], ['Bold', 7.5], ['Regular', 7]] as const) {
          const w = (s: string) => pdfkitWidth(doc, s, font, size);
          let shown = text;
          if (w(shown) > width) {
            while (shown.length > 1 && w(`${shown}…`) > width) shown = shown.slice(0, -1);
            shown = `${shown.trimEnd()}…`;
          }
          assert.equal(pen.fit(text, width, font, size), shown, `«${text}» in ${width}`);
        }
      }
    }
  });

  it('puts words together from their characters exactly as the shaping engine lays them out', () => {
    const { fonts } = setup();
    const characters: string[] = [];
    for (let code = 0x21; code < 0x10000; code++) if (composable(code)) characters.push(String.fromCharCode(code));
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const words = WRAPPED.flatMap((text) => text.split(/(?<=[ \t])/));
    for (let i = 0; i < 4000; i++) {
      let word = '';
      for (let k = 1 + Math.floor(random() * 9); k > 0; k--) word += characters[Math.floor(random() * characters.length)];
      words.push(random() < 0.5 ? `${word} ` : word);
    }
    for (const name of ['Regular', 'Bold'] as const) {
      const font = fonts.fonts[name];
      // pdfkit's own layout of one word, positions scaled to thousandths of an em.
      const pdfkit = (word: string) => (font as unknown as { layoutRun(word: string): PdfkitRun }).layoutRun(word);
      let composed = 0;
      for (const word of words) {
        const ours = composeWord(font, word);
        if (!ours) continue;
        composed++;
        const run = pdfkit(word);
        assert.deepEqual(ours.glyphs.map((g) => g.id), run.glyphs.map((g) => g.id), word);
        assert.deepEqual(ours.kerns, run.positions.map((p) => p.advanceWidth - p.xAdvance), word);
        assert.ok(run.positions.every((p) => !p.xOffset && !p.yOffset), word);
        assert.equal(ours.advanceWidth, run.advanceWidth, word);
      }
      assert.ok(composed > words.length * 0.95, `${name}: ${composed} of ${words.length} words composed`);
      // A ligature (fi) is left to the shaping engine; so is a character outside the set.
      if (pdfkit('fi').glyphs.length === 1) assert.equal(composeWord(font, 'fi'), null);
      assert.equal(composeWord(font, 'a\u0301'), null);
    }
  });

  it('gives every document the same subset ids for the alphabet', () => {
    const first = setup().fonts;
    const second = setup().fonts;
    for (const name of ['Regular', 'Bold'] as const) {
      assert.ok(first.stable[name] && first.stable[name]?.size > 100);
      assert.equal(second.stable[name], first.stable[name]);
    }
  });
});
