// One receipt page, laid out after the model form of Приказ Минстроя № 43/пр: 1 payer and
// provider, 2 payees' bank details and meters, 3 services and the amount due, 6 recalculations,
// and the payment part with the ГОСТ Р 56042-2014 QR code. Text is placed at computed positions;
// only a long value may wrap (pen.ts). Drawing goes through the page writer (page-writer.ts).
import { dateRu, milliUnits, rubles, squareMetres, tariffRubles } from './format.ts';
import type { ReceiptData, ReceiptLine } from './data.ts';
import type { PageWriter } from './page-writer.ts';
import { CW, GREY, M, PAYMENT_HEIGHT, PAYMENT_TOP, Pen, RULE } from './pen.ts';
import { qrCode, type QrCode } from './qr-image.ts';

// ─── One receipt ─────────────────────────────────────────────────────────────

/**
 * Draws one receipt on a new page (two when it has very many lines); `qr` is its QR code when
 * already made (a bulk print makes them on another thread: qr-ahead.ts).
 */
export function drawReceipt(writer: PageWriter, r: ReceiptData, qr: QrCode | null = null): void {
  writer.newPage({ size: 'A4', margin: M });
  const pen = new Pen(writer);
  let y = header(pen, r, M);
  y = sectionPayer(pen, r, y + 6);
  y = sectionPayees(pen, r, y + 6);
  y = sectionMeters(pen, r, y + 4);
  y = sectionServices(pen, r, y + 6);
  y = sectionSettlement(pen, r, y + 4);
  sectionRecalculations(pen, r, y + 6);
  paymentPart(pen, r, qr);
  writer.flush();
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

function paymentPart(pen: Pen, r: ReceiptData, qr: QrCode | null): void {
  const top = PAYMENT_TOP;
  pen.writer.line(M, top, M + CW, top, RULE, 0.5, true);
  pen.text('✂ линия отреза', M, top + 2, { size: 6, color: GREY });
  const y = top + 12;
  pen.box(M, y, CW, PAYMENT_HEIGHT - 12);

  const qrSide = 128;
  if ('payload' in r.qr) drawQr(pen.writer, qr ?? qrCode(r.qr.payload), M + 6, y + 6, qrSide);
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
  // Card payment without signing in, valid until the next receipt (shared/payments/pay-link.ts).
  if (r.payUrl) pen.textFit(`Оплатить онлайн: ${r.payUrl}`, x, line + 11, width, { size: 7.5 });
}

/**
 * The QR code (error correction M, byte mode: the payload's UTF-8) as a one-bit image mask
 * (qr-image.ts), a sample per module. A fixed mask pattern (0): every decoder reads any of the
 * eight, and scoring all eight would cost more than the rest of the page.
 */
function drawQr(writer: PageWriter, code: QrCode, x: number, y: number, side: number): void {
  // A quiet zone of four modules is left white around the code, inside `side`.
  const m = side / (code.size + 8);
  writer.imageMask(code.size, code.bits, x + 4 * m, y + 4 * m, code.size * m);
}
