// Files shaped the way real systems write them, for the shipped mappings in docs/mappings: a
// Сбербанк payment registry (windows-1251 text, no header, a control line «=count;sum;…»),
// another bank's registry with the same fields in another order, a 1C:ЖКХ charges statement
// (CSV and XLSX: title lines, service names, decimal commas, «Итого по лицевому счету» and «Всего»
// rows) and a settlement centre's DBF of charges in cp866 (numeric account, services by code).
// Amounts are integer kopecks here; each writer writes them as that system does.
import { writeFileSync } from 'node:fs';
import { DBFFile, type FieldDescriptor } from 'dbffile';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

const two = (n: number) => String(n).padStart(2, '0');
/** 123456 → '1234,56' (bank registries: no grouping). */
const plainComma = (kopecks: number) => `${kopecks < 0 ? '-' : ''}${Math.floor(Math.abs(kopecks) / 100)},${two(Math.abs(kopecks) % 100)}`;
/** 123456 → '1 234,56' with a no-break space, as 1C writes numbers into text. */
const grouped = (kopecks: number) => plainComma(kopecks).replace(/\B(?=(\d{3})+,)/g, '\u00a0');
/** '2026-09-05' → '05-09-2026'. */
const dmyDash = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
/** '2026-09' → '0926'. */
const mmyy = (period: string) => `${period.slice(5, 7)}${period.slice(2, 4)}`;

const MONTHS = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
/** '2026-09' → 'Сентябрь 2026 г.' (1C's period column). */
export const periodName = (period: string) => `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)} г.`;

// ── Bank registries ──

export interface RegistryPayment {
  account: string;
  /** ISO date. */
  paidOn: string;
  /** 'YYYY-MM': the month paid for. */
  period: string;
  kopecks: number;
}

export interface RegistryOptions {
  /** 'sberbank': the shipped mapping's order; 'other-bank': the same fields, period and amount and numbers elsewhere. */
  layout?: 'sberbank' | 'other-bank';
  /** The control line: right (default), none, or stating these figures. */
  control?: 'right' | 'none' | { count: number; kopecks: number };
}

/**
 * A payment registry as Сбербанк sends it: windows-1251, «;», no header, one payment a line —
 * date;time;branch;cashier;operation no;account;payer;address;period MMYY;amount;transferred;commission —
 * and the control line «=count;amount;transferred;commission;order no;order date».
 */
export function writeBankRegistry(path: string, payments: readonly RegistryPayment[], o: RegistryOptions = {}): void {
  const lines = payments.map((p, i) => {
    const commission = Math.round(p.kopecks * 0.01);
    const time = `${two(9 + (i % 8))}-${two((i * 7) % 60)}-${two((i * 13) % 60)}`;
    const branch = '8609';
    const operation = String(700_000_123 + i * 17);
    const payer = `Иванов${i % 2 ? 'а' : ''} И. П.`;
    const address = `г. Десногорск, мкр. 1, д. 1, кв. ${i + 1}`;
    if (o.layout === 'other-bank') {
      // Another bank's template: a unique id in 4, the branch's own operation number in 5,
      // the amount in 9 and the period in 10 (where the Сбербанк layout has the period and the amount).
      return [dmyDash(p.paidOn), time, branch, operation, String(i + 1), p.account, payer, address, plainComma(p.kopecks), mmyy(p.period), plainComma(commission), plainComma(p.kopecks - commission)].join(';');
    }
    return [dmyDash(p.paidOn), time, branch, `0${String(100 + (i % 3))}`, operation, p.account, payer, address, mmyy(p.period), plainComma(p.kopecks), plainComma(p.kopecks - commission), plainComma(commission)].join(';');
  });
  const control = o.control ?? 'right';
  if (control !== 'none') {
    const stated = control === 'right' ? { count: payments.length, kopecks: payments.reduce((s, p) => s + p.kopecks, 0) } : control;
    const commission = payments.reduce((s, p) => s + Math.round(p.kopecks * 0.01), 0);
    lines.push(`=${stated.count};${plainComma(stated.kopecks)};${plainComma(stated.kopecks - commission)};${plainComma(commission)};417;${dmyDash(payments[0]?.paidOn ?? '2026-09-30')}`);
  }
  writeFileSync(path, iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1251'));
}

// ── 1C:ЖКХ charges statement ──

export interface StatementLine {
  account: string;
  /** 'YYYY-MM'. */
  period: string;
  /** The service as 1C names it: «Отопление», «ХВС»… */
  service: string;
  unit: string;
  /** Volume with a point, up to 3 decimals. */
  volume: string;
  /** Tariff with a point. */
  tariff: string;
  charged: number;
  recalculation: number;
  /** A benefit, positive here; 1C writes it with a minus. */
  benefits: number;
  penalties: number;
}

export const lineTotal = (l: StatementLine) => l.charged + l.recalculation - l.benefits + l.penalties;

const STATEMENT_HEADER = ['Лицевой счет', 'Адрес', 'Период', 'Услуга', 'Ед. изм.', 'Количество', 'Тариф', 'Начислено', 'Перерасчет', 'Льготы', 'Пени', 'К оплате'];
const STATEMENT_TITLE = ['Ведомость начислений', 'Организация: МУП «Тест», г. Десногорск'];

interface StatementRow {
  kind: 'line' | 'account-total' | 'grand-total';
  cells: (string | number | null)[];
}

/** The statement's rows after the header: each account's lines, its «Итого по лицевому счету» row, and «Всего» at the end. */
function statementRows(lines: readonly StatementLine[], money: (kopecks: number) => string | number, number: (text: string) => string | number): StatementRow[] {
  const rows: StatementRow[] = [];
  const sums = (group: readonly StatementLine[]) => [
    group.reduce((s, l) => s + l.charged, 0), group.reduce((s, l) => s + l.recalculation, 0), -group.reduce((s, l) => s + l.benefits, 0),
    group.reduce((s, l) => s + l.penalties, 0), group.reduce((s, l) => s + lineTotal(l), 0),
  ].map(money);
  const accounts = [...new Set(lines.map((l) => l.account))];
  for (const account of accounts) {
    const group = lines.filter((l) => l.account === account);
    for (const l of group) {
      rows.push({
        kind: 'line',
        cells: [
          l.account, `г. Десногорск, мкр. 1, д. 1, кв. ${accounts.indexOf(account) + 1}`, periodName(l.period), l.service, l.unit, number(l.volume), number(l.tariff),
          money(l.charged), l.recalculation ? money(l.recalculation) : null, l.benefits ? money(-l.benefits) : null, l.penalties ? money(l.penalties) : null, money(lineTotal(l)),
        ],
      });
    }
    rows.push({ kind: 'account-total', cells: [null, `Итого по лицевому счету ${account}`, null, null, null, null, null, ...sums(group)] });
  }
  rows.push({ kind: 'grand-total', cells: ['Всего', null, null, null, null, null, null, ...sums(lines)] });
  return rows;
}

/** 1C:ЖКХ's «Ведомость начислений» saved as CSV: windows-1251, «;», title lines, decimal commas with grouped thousands. */
export function writeStatementCsv(path: string, lines: readonly StatementLine[], o: { header?: string[] } = {}): void {
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  const out = [...STATEMENT_TITLE, '', (o.header ?? STATEMENT_HEADER).join(';')];
  for (const row of statementRows(lines, grouped, (t) => t.replace('.', ','))) out.push(row.cells.map(text).join(';'));
  writeFileSync(path, iconv.encode(`${out.join('\r\n')}\r\n`, 'win1251'));
}

/** The same statement as 1C saves it to Excel: the same rows, numbers and money as number cells. */
export async function writeStatementXlsx(path: string, lines: readonly StatementLine[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('TDSheet');
  for (const title of STATEMENT_TITLE) sheet.addRow([title]);
  sheet.addRow([]);
  sheet.addRow(STATEMENT_HEADER);
  for (const row of statementRows(lines, (k) => k / 100, (t) => Number(t))) sheet.addRow(row.cells);
  await workbook.xlsx.writeFile(path);
}

// ── Settlement centre DBF ──

export interface CentreCharge {
  account: string;
  period: string;
  /** The centre's numeric service code. */
  code: number;
  name: string;
  volume: string;
  tariff: string;
  charged: number;
  recalculation: number;
  benefits: number;
  total: number;
}

const CENTRE_FIELDS: FieldDescriptor[] = [
  { name: 'LS', type: 'N', size: 10, decimalPlaces: 0 },
  { name: 'PERIOD', type: 'C', size: 6 },
  { name: 'KOD_USL', type: 'N', size: 3, decimalPlaces: 0 },
  { name: 'NAIM_USL', type: 'C', size: 40 },
  { name: 'KOLVO', type: 'N', size: 12, decimalPlaces: 3 },
  { name: 'TARIF', type: 'N', size: 12, decimalPlaces: 4 },
  { name: 'NACH', type: 'N', size: 12, decimalPlaces: 2 },
  { name: 'PERER', type: 'N', size: 12, decimalPlaces: 2 },
  { name: 'LGOTA', type: 'N', size: 12, decimalPlaces: 2 },
  { name: 'ITOGO', type: 'N', size: 12, decimalPlaces: 2 },
];

/** A settlement centre's charges: dBase III in cp866, LS as a number (leading zeros gone), PERIOD YYYYMM, services by code. */
export async function writeCentreDbf(path: string, charges: readonly CentreCharge[], o: { fields?: FieldDescriptor[] } = {}): Promise<void> {
  const fields = o.fields ?? CENTRE_FIELDS;
  const dbf = await DBFFile.create(path, fields, { encoding: 'cp866' });
  const records = charges.map((c) => {
    const all: Record<string, unknown> = {
      LS: Number(c.account), PERIOD: c.period.replace('-', ''), KOD_USL: c.code, NAIM_USL: c.name, KOLVO: Number(c.volume), TARIF: Number(c.tariff),
      NACH: c.charged / 100, PERER: c.recalculation / 100, LGOTA: c.benefits / 100, ITOGO: c.total / 100,
    };
    return Object.fromEntries(fields.map((f) => [f.name, all[f.name] ?? null]));
  });
  await dbf.appendRecords(records);
}
