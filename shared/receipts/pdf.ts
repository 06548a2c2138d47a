// The receipt as PDF (pdfkit), laid out after the model form of Приказ Минстроя № 43/пр:
// 1 payer and provider, 2 payees' bank details and meters, 3 services and the amount due,
// 6 recalculations, and the payment part with the ГОСТ Р 56042-2014 QR code. Text is placed
// at computed positions without pdfkit's line wrapper except where a long value may wrap:
// that, shared fonts (fonts.ts) and a QR drawn as one path keep a page to a few milliseconds.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { registerReceiptFonts, trimFontCaches, useFont, type FontName } from './fonts.ts';
import { dateRu, milliUnits, rubles, squareMetres, tariffRubles } from './format.ts';
import type { ReceiptData, ReceiptLine } from './data.ts';

const PAGE = { width: 595.28, height: 841.89 };
const M = 28;
const CW = PAGE.width - 2 * M;
const PAYMENT_HEIGHT = 168;
const PAYMENT_TOP = PAGE.height - M - PAYMENT_HEIGHT;
const GREY = '#555555';
const RULE = '#999999';

function newDocument(): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4', margin: M, font: '', autoFirstPage: false, compress: true,
    info: { Title: 'Платёжный документ', Creator: 'Личный кабинет абонента' },
  });
  registerReceiptFonts(doc);
  return doc;
}

let rendered = 0;

/** One receipt as a PDF file in memory. */
export async function renderReceiptPdf(data: ReceiptData): Promise<Buffer> {
  if (++rendered % 100 === 0) trimFontCaches();
  const doc = newDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(doc, 'end');
  drawReceipt(doc, data);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

export interface BulkOptions {
  /** Called after each receipt with the number done so far. */
  onProgress?: (done: number) => void;
  signal?: AbortSignal;
}

/**
 * Many receipts as ONE PDF, a page (rarely two) per receipt, written to `out` as it goes:
 * finished pages leave memory at once, and a slow reader holds the writer back.
 * Resolves with the number of receipts once `out` has everything.
 */
export async function writeReceiptsPdf(out: Writable, receipts: AsyncIterable<ReceiptData>, options: BulkOptions = {}): Promise<number> {
  const doc = newDocument();
  doc.pipe(out);
  const finished = once(out, 'finish');
  // Awaited below; a failure before then is the loop's to report, not an unhandled rejection.
  finished.catch(() => undefined);
  let done = 0;
  try {
    for await (const receipt of receipts) {
      options.signal?.throwIfAborted();
      drawReceipt(doc, receipt);
      done += 1;
      options.onProgress?.(done);
      if (done % 100 === 0) trimFontCaches();
      if (out.writableNeedDrain) await once(out, 'drain');
      // Let timers and I/O (a progress poll, the HTTP bridge) in now and then.
      if (done % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    doc.unpipe(out);
    out.destroy(error as Error);
    throw error;
  }
  if (done === 0) doc.addPage();
  doc.end();
  await finished;
  return done;
}

// ─── One receipt ─────────────────────────────────────────────────────────────

/** Draws one receipt on a new page (two when it has very many lines). */
export function drawReceipt(doc: PDFKit.PDFDocument, r: ReceiptData): void {
  doc.addPage({ size: 'A4', margin: M });
  const pen = new Pen(doc);
  let y = header(pen, r, M);
  y = sectionPayer(pen, r, y + 6);
  y = sectionPayees(pen, r, y + 6);
  y = sectionMeters(pen, r, y + 4);
  y = sectionServices(pen, r, y + 6);
  y = sectionSettlement(pen, r, y + 4);
  sectionRecalculations(pen, r, y + 6);
  paymentPart(pen, r);
}

/** Thin drawing helpers over pdfkit; `room` moves to a new page when the next block won't fit. */
class Pen {
  private font: FontName | null = null;
  private size = 0;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  text(s: string, x: number, y: number, o: { font?: FontName; size?: number; color?: string } = {}): void {
    this.set(o.font ?? 'Regular', o.size ?? 7.5);
    if (o.color) this.doc.fillColor(o.color);
    this.doc.text(s, x, y, { lineBreak: false });
    if (o.color) this.doc.fillColor('black');
  }

  /** Right-aligned at `right`. */
  textRight(s: string, right: number, y: number, o: { font?: FontName; size?: number } = {}): void {
    this.set(o.font ?? 'Regular', o.size ?? 7.5);
    this.doc.text(s, right - this.doc.widthOfString(s), y, { lineBreak: false });
  }

  /** Cut with an ellipsis to fit `width`. */
  textFit(s: string, x: number, y: number, width: number, o: { font?: FontName; size?: number } = {}): void {
    this.set(o.font ?? 'Regular', o.size ?? 7.5);
    let shown = s;
    if (this.doc.widthOfString(shown) > width) {
      while (shown.length > 1 && this.doc.widthOfString(`${shown}…`) > width) shown = shown.slice(0, -1);
      shown = `${shown.trimEnd()}…`;
    }
    this.doc.text(shown, x, y, { lineBreak: false });
  }

  /** Wrapped into `width`, at most `lines` lines; returns the height used. */
  paragraph(s: string, x: number, y: number, width: number, lines: number, o: { font?: FontName; size?: number } = {}): number {
    const size = o.size ?? 7.5;
    this.set(o.font ?? 'Regular', size);
    const lineHeight = this.doc.currentLineHeight(true);
    if (this.doc.widthOfString(s) <= width) {
      this.doc.text(s, x, y, { lineBreak: false });
      return lineHeight;
    }
    this.doc.text(s, x, y, { width, height: lineHeight * lines, ellipsis: '…', lineGap: 0 });
    return Math.min(this.doc.y - y, lineHeight * lines);
  }

  rule(x1: number, y: number, x2: number, color = RULE, width = 0.5): void {
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(width).stroke(color);
  }

  box(x: number, y: number, w: number, h: number): void {
    this.doc.rect(x, y, w, h).lineWidth(0.6).stroke(RULE);
  }

  title(s: string, y: number): number {
    this.doc.rect(M, y, CW, 11).fill('#e8e8e8');
    this.doc.fillColor('black');
    this.text(s, M + 3, y + 2, { font: 'Bold', size: 7.5 });
    return y + 13;
  }

  /** A new page when `height` more points would run into the payment part. */
  room(y: number, height: number): number {
    if (y + height <= PAYMENT_TOP - 6) return y;
    this.doc.addPage({ size: 'A4', margin: M });
    return M;
  }

  private set(font: FontName, size: number): void {
    if (font !== this.font) {
      useFont(this.doc, font);
      this.font = font;
    }
    if (size !== this.size) {
      this.doc.fontSize(size);
      this.size = size;
    }
  }
}

function header(pen: Pen, r: ReceiptData, y: number): number {
  pen.text(`ПЛАТЁЖНЫЙ ДОКУМЕНТ за ${r.periodLabel} г.`, M, y, { font: 'Bold', size: 12 });
  pen.textRight(`№ ${r.documentNumber}`, M + CW, y + 2, { font: 'Bold', size: 9 });
  pen.text('для внесения платы за жилое помещение и коммунальные услуги', M, y + 16, { size: 7, color: GREY });
  pen.textRight('форма по приказу Минстроя России № 43/пр от 26.01.2018', M + CW, y + 16, { size: 6.5 });
  return y + 26;
}

function labelled(pen: Pen, label: string, value: string, x: number, y: number, width: number, lines = 1): number {
  pen.text(label, x, y, { size: 7, color: GREY });
  const labelWidth = 62;
  return Math.max(10, pen.paragraph(value, x + labelWidth, y, width - labelWidth, lines, { size: 7.5 }) + 1.5);
}

function sectionPayer(pen: Pen, r: ReceiptData, y0: number): number {
  let y = pen.title(`Раздел 1. Сведения о плательщике и исполнителе услуг · расчётный период: ${r.periodLabel}`, y0);
  const half = CW / 2 - 6;
  const p = r.payer;
  let left = y + 2;
  left += labelled(pen, 'Плательщик', p.ownerName, M, left, half);
  left += labelled(pen, 'Адрес', p.address, M, left, half, 2);
  left += labelled(pen, 'Лицевой счёт', p.accountNumber, M, left, half);
  left += labelled(pen, 'Площадь, м²', `общая ${squareMetres(p.totalAreaCm2)}${p.livingAreaCm2 !== null ? `, жилая ${squareMetres(p.livingAreaCm2)}` : ''}`, M, left, half);
  left += labelled(pen, 'Проживает', `${p.residents} чел.`, M, left, half);
  left += labelled(pen, 'Документ', `№ ${r.documentNumber}`, M, left, half);

  const x = M + CW / 2 + 6;
  const c = r.provider;
  let right = y + 2;
  right += labelled(pen, 'Исполнитель', c.name, x, right, half, 2);
  if (c.address) right += labelled(pen, 'Адрес', c.address, x, right, half, 2);
  right += labelled(pen, 'ИНН / КПП', `${c.inn ?? '—'} / ${c.kpp ?? '—'}`, x, right, half);
  const phones = [r.contacts.supportPhone || c.phone, r.contacts.emergencyPhone ? `аварийная служба ${r.contacts.emergencyPhone}` : null].filter(Boolean).join('; ');
  if (phones) right += labelled(pen, 'Телефон', phones, x, right, half, 2);
  const online = [r.contacts.supportEmail || c.email, c.website].filter(Boolean).join(', ');
  if (online) right += labelled(pen, 'E-mail, сайт', online, x, right, half);
  y = Math.max(left, right);
  return y;
}

function sectionPayees(pen: Pen, r: ReceiptData, y0: number): number {
  let y = pen.title('Раздел 2. Реквизиты для оплаты', y0);
  for (const payee of r.payees) {
    y = pen.room(y, 22);
    const c = payee.company;
    pen.textFit(c.shortName, M, y + 1, 170, { font: 'Bold', size: 7.5 });
    pen.textFit(`Услуги: ${payee.services.join(', ') || '—'}`, M + 175, y + 1, CW - 175 - 100, { size: 7 });
    pen.textRight(`начислено ${rubles(payee.charged)} руб.`, M + CW, y + 1, { size: 7 });
    pen.textFit(
      `ИНН ${c.inn ?? '—'}  КПП ${c.kpp ?? '—'}  р/с ${c.settlementAccount ?? '—'}  ${c.bankName ?? ''}  БИК ${c.bic ?? '—'}  к/с ${c.correspondentAccount ?? '—'}`,
      M, y + 10.5, CW, { size: 7 },
    );
    y += 21;
  }
  return y;
}

const METER_COLUMNS = { device: M, zone: M + 300, previous: M + 400, current: M + 470, used: M + CW - 2 };

function sectionMeters(pen: Pen, r: ReceiptData, y0: number): number {
  if (r.meters.length === 0) return y0;
  let y = pen.room(y0, 24);
  pen.text('Индивидуальные приборы учёта', M, y, { font: 'Bold', size: 7 });
  pen.text('Зона', METER_COLUMNS.zone, y, { size: 6.5, color: GREY });
  pen.textRight('Предыдущие', METER_COLUMNS.previous, y, { size: 6.5 });
  pen.textRight('Текущие', METER_COLUMNS.current, y, { size: 6.5 });
  pen.textRight('Расход', METER_COLUMNS.used, y, { size: 6.5 });
  y += 9;
  pen.rule(M, y, M + CW);
  y += 2;
  for (const meter of r.meters) {
    for (const z of meter.zones) {
      y = pen.room(y, 10);
      if (z.zone === 1) {
        pen.textFit(`${meter.serviceName}, № ${meter.serial}${meter.location ? `, ${meter.location}` : ''} (${meter.unit}), поверка до ${dateRu(meter.verificationDue)}`, M, y, 295, { size: 7 });
      }
      const zoneName = z.zoneCount === 1 ? 'одна' : z.zoneCount === 2 ? (z.zone === 1 ? 'Т1 день' : 'Т2 ночь') : (['Т1 пик', 'Т2 полупик', 'Т3 ночь'][z.zone - 1] ?? `Т${z.zone}`);
      pen.text(zoneName, METER_COLUMNS.zone, y, { size: 7 });
      pen.textRight(z.previous ? milliUnits(z.previous.valueMilli, meter.precision) : '—', METER_COLUMNS.previous, y, { size: 7 });
      pen.textRight(milliUnits(z.currentMilli, meter.precision), METER_COLUMNS.current, y, { size: 7 });
      const used = z.previous && z.currentMilli !== null ? z.currentMilli - z.previous.valueMilli : null;
      pen.textRight(used === null ? '—' : milliUnits(used, meter.precision), METER_COLUMNS.used, y, { size: 7 });
      y += 9.5;
    }
  }
  return y;
}

// Service table: name, unit, volume individual / common, tariff, charged, recalculation, benefits, total.
const SERVICE_COLUMNS: { title: string[]; width: number }[] = [
  { title: ['Вид услуги'], width: 150 },
  { title: ['Ед.', 'изм.'], width: 30 },
  { title: ['Объём', 'индивид.'], width: 50 },
  { title: ['Объём', 'общедом.'], width: 45 },
  { title: ['Тариф,', 'руб./ед.'], width: 50 },
  { title: ['Начислено,', 'руб.'], width: 54 },
  { title: ['Перерасчёт,', 'руб.'], width: 52 },
  { title: ['Льготы,', 'руб.'], width: 48 },
  { title: ['Итого,', 'руб.'], width: CW - 479 },
];
const COLUMN_RIGHT = SERVICE_COLUMNS.reduce<number[]>((acc, c) => [...acc, (acc.at(-1) ?? M) + c.width], []);

function lineCells(l: ReceiptLine): string[] {
  return [
    l.unit,
    milliUnits(l.volumeMilli),
    l.volumeCommonMilli === null ? '—' : milliUnits(l.volumeCommonMilli),
    tariffRubles(l.tariffMkop),
    rubles(l.charged),
    l.recalculation ? rubles(l.recalculation) : '0,00',
    l.benefits ? rubles(-l.benefits) : '0,00',
    // Penalties have their own row below, as the model form lists them.
    rubles(l.total - l.penalties),
  ];
}

function sectionServices(pen: Pen, r: ReceiptData, y0: number): number {
  let y = pen.room(y0, 40);
  y = pen.title('Раздел 3. Расчёт размера платы за содержание и ремонт жилого помещения и коммунальные услуги', y);
  SERVICE_COLUMNS.forEach((c, i) => {
    c.title.forEach((t, row) => {
      if (i === 0) pen.text(t, M + 2, y + row * 7.5, { font: 'Bold', size: 6.5 });
      else pen.textRight(t, (COLUMN_RIGHT[i] as number) - 2, y + row * 7.5, { font: 'Bold', size: 6.5 });
    });
  });
  y += 16;
  pen.rule(M, y, M + CW, 'black');
  y += 2;
  for (const line of r.lines) {
    y = pen.room(y, 10);
    pen.textFit(line.serviceName, M + 2, y, 146, { size: 7 });
    lineCells(line).forEach((cell, i) => pen.textRight(cell, (COLUMN_RIGHT[i + 1] as number) - 2, y, { size: 7 }));
    y += 10;
  }
  pen.rule(M, y, M + CW);
  y += 2;
  const t = r.totals;
  const sumRow = ['', '', '', '', rubles(t.charged), rubles(t.recalculation), rubles(-t.benefits), rubles(t.total - t.penalties)];
  pen.text('Всего за услуги', M + 2, y, { font: 'Bold', size: 7 });
  sumRow.forEach((cell, i) => cell && pen.textRight(cell, (COLUMN_RIGHT[i + 1] as number) - 2, y, { font: 'Bold', size: 7 }));
  y += 10;
  pen.text('Пени', M + 2, y, { size: 7 });
  pen.textRight(rubles(t.penalties), (COLUMN_RIGHT.at(-1) as number) - 2, y, { size: 7 });
  y += 10;
  pen.text('Итого начислено за период', M + 2, y, { font: 'Bold', size: 7 });
  pen.textRight(rubles(t.total), (COLUMN_RIGHT.at(-1) as number) - 2, y, { font: 'Bold', size: 7 });
  return y + 10;
}

function sectionSettlement(pen: Pen, r: ReceiptData, y0: number): number {
  const b = r.balance;
  let y = pen.room(y0, 56);
  const labelX = M + CW - 300;
  const right = M + CW - 2;
  const row = (label: string, value: string, bold = false) => {
    pen.text(label, labelX, y, { font: bold ? 'Bold' : 'Regular', size: bold ? 8.5 : 7.5 });
    pen.textRight(value, right, y, { font: bold ? 'Bold' : 'Regular', size: bold ? 8.5 : 7.5 });
    y += bold ? 12 : 10;
  };
  row(b.openingBalance >= 0 ? 'Задолженность на начало периода, руб.' : 'Аванс на начало периода, руб.', rubles(Math.abs(b.openingBalance)));
  row('Начислено за период (с пени), руб.', rubles(b.charged));
  row(`Оплачено${b.paidUntil ? ` (учтены платежи по ${dateRu(b.paidUntil)})` : ''}, руб.`, rubles(b.paid));
  if (b.totalDue > 0) {
    row('Итого к оплате, руб.', rubles(b.totalDue), true);
    if (b.dueDate) row('Оплатить до', dateRu(b.dueDate));
  } else {
    row('Итого к оплате, руб.', '0,00', true);
    row('Аванс на конец периода, руб.', rubles(-b.totalDue));
  }
  return y;
}

function sectionRecalculations(pen: Pen, r: ReceiptData, y0: number): number {
  const recalculated = r.lines.filter((l) => l.recalculation !== 0);
  if (recalculated.length === 0) return y0;
  let y = pen.room(y0, 26);
  y = pen.title('Раздел 6. Перерасчёты', y);
  for (const l of recalculated) {
    y = pen.room(y, 18);
    pen.textFit(l.serviceName, M + 2, y, 140, { size: 7 });
    pen.textRight(rubles(l.recalculation), M + CW - 2, y, { size: 7 });
    y += pen.paragraph(l.recalculationReason ?? 'основание не указано', M + 148, y, CW - 148 - 70, 2, { size: 7 }) + 2;
  }
  return y;
}

// ─── The payment part ────────────────────────────────────────────────────────

function paymentPart(pen: Pen, r: ReceiptData): void {
  const doc = pen.doc;
  const top = PAYMENT_TOP;
  doc.save();
  doc.moveTo(M, top).lineTo(M + CW, top).lineWidth(0.5).dash(3, { space: 2 }).stroke(RULE);
  doc.restore();
  pen.text('✂ линия отреза', M, top + 2, { size: 6, color: GREY });
  const y = top + 12;
  pen.box(M, y, CW, PAYMENT_HEIGHT - 12);

  const qrSide = 128;
  if ('payload' in r.qr) drawQr(doc, r.qr.payload, M + 6, y + 6, qrSide);
  else pen.paragraph(r.qr.problem, M + 8, y + 40, qrSide - 4, 6, { size: 7 });

  const x = M + qrSide + 18;
  const width = CW - qrSide - 24;
  let line = y + 8;
  pen.text('payload' in r.qr ? 'Оплатите по QR-коду в приложении банка' : 'Оплатите по реквизитам', x, line, { font: 'Bold', size: 10 });
  line += 16;
  const c = r.provider;
  const pair = (label: string, value: string) => {
    pen.text(label, x, line, { size: 7, color: GREY });
    pen.textFit(value, x + 80, line, width - 80, { size: 7.5 });
    line += 10.5;
  };
  pair('Получатель', c.name);
  pair('ИНН / КПП', `${c.inn ?? '—'} / ${c.kpp ?? '—'}`);
  pair('Расчётный счёт', c.settlementAccount ?? '—');
  pair('Банк', `${c.bankName ?? '—'}, БИК ${c.bic ?? '—'}, к/с ${c.correspondentAccount ?? '—'}`);
  pair('Плательщик', `${r.payer.ownerName}, ${r.payer.address}`);
  pair('Лицевой счёт', r.payer.accountNumber);
  pair('Период', `${r.periodLabel} (документ № ${r.documentNumber})`);
  line += 4;
  const due = r.balance.totalDue;
  pen.text('Сумма к оплате, руб.', x, line, { font: 'Bold', size: 10 });
  pen.textRight(due > 0 ? rubles(due) : '0,00', M + CW - 8, line - 2, { font: 'Bold', size: 14 });
  line += 16;
  if (due > 0 && r.balance.dueDate) pen.text(`Оплатить до ${dateRu(r.balance.dueDate)}`, x, line, { size: 7.5 });
  else pen.text('Задолженности нет; платёж будет учтён как аванс.', x, line, { size: 7.5 });
}

/**
 * The QR code (error correction M, byte mode: the payload's UTF-8) as filled rectangles: one per run of dark modules in a row,
 * all in one path. Vector, sharp at any zoom, and much faster than a PNG round trip.
 */
function drawQr(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, side: number): void {
  // A fixed mask: every decoder reads any of the eight, and scoring all eight for the "best"
  // one would take longer than the rest of the page (2 ms against under 1).
  const qr = QRCode.create([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0 });
  const { size, data } = qr.modules;
  // A quiet zone of four modules is left white around the code, inside `side`. The path is in
  // module units under a scaling matrix: small integers keep the page's content stream short.
  const m = side / (size + 8);
  const ops: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      let end = col + 1;
      while (end < size && data[row * size + end]) end++;
      ops.push(`${col} ${row} ${end - col} 1 re`);
      col = end;
    }
  }
  doc.save();
  doc.fillColor('black');
  doc.transform(m, 0, 0, m, x + 4 * m, y + 4 * m);
  doc.addContent(ops.join(' '));
  doc.addContent('f');
  doc.restore();
}
