// The payment QR code of a receipt, ГОСТ Р 56042-2014: `ST0001` + encoding digit (2 = UTF-8),
// then `Key=Value` pairs separated by `|`. The five mandatory fields come first and in the
// standard's order; bank apps read the rest by key. Pure: the receipt and the tests both use it.
import { validationFailed, type FieldError } from '../errors.ts';
import { formatPeriodNumeric, isPeriod, type Period } from '../period.ts';
import { bicError, correspondentAccountError, innError, kppError, settlementAccountError } from '../requisites.ts';

export const QR_HEADER_UTF8 = 'ST00012';

export interface PaymentQrInput {
  /** Payee's name (≤160). */
  name: string;
  /** Payee's settlement account, 20 digits. */
  personalAcc: string;
  /** Payee's bank (≤45; cut to fit: the BIC names the bank). */
  bankName: string;
  bic: string;
  correspAcc: string;
  payeeInn: string;
  kpp: string;
  /** Kopecks; omitted when null or ≤ 0 (the bank app then asks the payer for the amount). */
  sum: number | null;
  /** ≤210, cut to fit. */
  purpose: string;
  /** The resident's account number (лицевой счёт). */
  persAcc: string;
  period: Period;
  payerAddress?: string | null;
  lastName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
}

const MAX = { Name: 160, BankName: 45, Purpose: 210, PayerAddress: 210, LastName: 60, FirstName: 60, MiddleName: 60, PersAcc: 30 } as const;

/** The `|` separates fields and line breaks confuse scanners: both become spaces. */
export function cleanQrValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[|\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max).trimEnd();
}

/** The payload string; throws a validation error naming each wrong requisite. */
export function buildPaymentQr(input: PaymentQrInput): string {
  const errors: FieldError[] = [];
  const check = (field: string, message: string | null) => {
    if (message) errors.push({ field, message });
  };
  const name = cleanQrValue(input.name);
  if (!name) errors.push({ field: 'name', message: 'Не указано наименование получателя платежа' });
  if (name.length > MAX.Name) errors.push({ field: 'name', message: `Наименование получателя длиннее ${MAX.Name} знаков` });
  const bankName = cut(cleanQrValue(input.bankName), MAX.BankName);
  if (!bankName) errors.push({ field: 'bankName', message: 'Не указано наименование банка получателя' });
  check('bic', bicError(input.bic));
  check('personalAcc', settlementAccountError(input.personalAcc, input.bic));
  check('correspAcc', correspondentAccountError(input.correspAcc, input.bic));
  check('payeeInn', innError(input.payeeInn));
  check('kpp', kppError(input.kpp));
  const persAcc = cleanQrValue(input.persAcc);
  if (!/^[\p{L}\d\-/]{1,30}$/u.test(persAcc)) errors.push({ field: 'persAcc', message: 'Лицевой счёт указан неверно' });
  if (!isPeriod(input.period)) errors.push({ field: 'period', message: 'Период указывается как ГГГГ-ММ' });
  if (input.sum !== null && !Number.isSafeInteger(input.sum)) errors.push({ field: 'sum', message: 'Сумма указывается в копейках, целым числом' });
  if (errors.length > 0) throw validationFailed(errors, 'Реквизиты для QR-кода оплаты неполны или указаны с ошибкой');

  const fields: [string, string][] = [
    ['Name', name],
    ['PersonalAcc', input.personalAcc],
    ['BankName', bankName],
    ['BIC', input.bic],
    ['CorrespAcc', input.correspAcc],
    ['PayeeINN', input.payeeInn],
    ['KPP', input.kpp],
  ];
  if (input.sum !== null && input.sum > 0) fields.push(['Sum', String(input.sum)]);
  fields.push(['Purpose', cut(cleanQrValue(input.purpose), MAX.Purpose)], ['PersAcc', persAcc], ['PaymPeriod', formatPeriodNumeric(input.period)]);
  const optional: [keyof typeof MAX, string | null | undefined][] = [
    ['PayerAddress', input.payerAddress], ['LastName', input.lastName], ['FirstName', input.firstName], ['MiddleName', input.middleName],
  ];
  for (const [key, value] of optional) {
    const clean = value ? cut(cleanQrValue(value), MAX[key]) : '';
    if (clean) fields.push([key, clean]);
  }
  fields.push(['TechCode', '02']);
  return [QR_HEADER_UTF8, ...fields.map(([k, v]) => `${k}=${v}`)].join('|');
}

export interface ParsedPaymentQr {
  encoding: 'windows-1251' | 'utf-8' | 'koi8-r';
  /** Fields in the order they appear. */
  fields: [string, string][];
  get(key: string): string | undefined;
}

const ENCODINGS = { 1: 'windows-1251', 2: 'utf-8', 3: 'koi8-r' } as const;

/** Reads a payload back (for tests and for checking a scanned code); throws on a malformed one. */
export function parsePaymentQr(text: string): ParsedPaymentQr {
  const [header, ...parts] = text.split('|');
  const m = /^ST0001([123])$/.exec(header ?? '');
  if (!m) throw new Error(`not a ГОСТ Р 56042-2014 payload: header ${JSON.stringify(header)}`);
  const fields = parts.map((part): [string, string] => {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`malformed field ${JSON.stringify(part)}`);
    return [part.slice(0, eq), part.slice(eq + 1)];
  });
  const mandatory = ['Name', 'PersonalAcc', 'BankName', 'BIC', 'CorrespAcc'];
  const order = fields.slice(0, 5).map(([k]) => k);
  if (order.join() !== mandatory.join()) throw new Error(`mandatory fields out of order: ${order.join(', ')}`);
  const byKey = new Map(fields);
  return { encoding: ENCODINGS[Number(m[1]) as 1 | 2 | 3], fields, get: (key) => byKey.get(key) };
}

/** «Иванов Иван Иванович» → its three parts, when the name looks like one; else nothing. */
export function splitPersonName(fullName: string): { lastName: string; firstName: string; middleName: string | null } | null {
  const words = fullName.trim().split(/\s+/);
  if (words.length < 2 || words.length > 3 || !words.every((w) => /^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?$/u.test(w))) return null;
  return { lastName: words[0] as string, firstName: words[1] as string, middleName: words[2] ?? null };
}
