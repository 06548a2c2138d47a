// 54-ФЗ receipt data for a card payment through ЮKassa («Чеки от ЮKassa» or the company's own
// online cash register connected there). The object follows ЮKassa's `receipt` in the create-payment
// request (https://yookassa.ru/developers/api#create_payment, receipt): `customer` with an e-mail
// or a phone, one `items` entry per account paid for (one, unless a resident pays several accounts
// at once), and the shop's tax codes from 'payments.fiscal'.
import { kopecksToDecimal } from '../money.ts';
import { formatPeriodRu, type Period } from '../period.ts';
import type { FiscalSettings } from '../settings/settings.ts';

export interface FiscalReceipt {
  customer: { email: string } | { phone: string };
  items: {
    description: string;
    /** A string with two decimals, as the API takes it. */
    quantity: string;
    amount: { value: string; currency: 'RUB' };
    vat_code: number;
    payment_subject: FiscalSettings['paymentSubject'];
    payment_mode: FiscalSettings['paymentMode'];
    /** ФФД 1.2 (Чеки от ЮKassa and updated registers) requires the unit; a payment is one «piece». */
    measure: 'piece';
  }[];
  tax_system_code?: number;
}

/** ЮKassa limits an item's description to 128 characters. */
export const RECEIPT_DESCRIPTION_MAX = 128;

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export const isReceiptEmail = (value: string): boolean => value.length <= 254 && EMAIL.test(value);

/** '+7 (915) 123-45-67', '8 915 1234567' → '79151234567'; null when it is not a Russian mobile/landline number. */
export function receiptPhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) return `7${digits.slice(1)}`;
  if (digits.length === 10) return `7${digits}`;
  return null;
}

/**
 * Where the receipt goes: the resident's e-mail, else (an own cash register only: «Чеки от ЮKassa»
 * deliver by e-mail alone) the phone; null when the resident must give an e-mail first.
 */
export function receiptCustomer(
  issuer: FiscalSettings['issuer'],
  contacts: { email?: string | null; phone?: string | null },
): FiscalReceipt['customer'] | null {
  const email = contacts.email?.trim() ?? '';
  if (email && isReceiptEmail(email)) return { email };
  const phone = issuer === 'cash_register' ? receiptPhone(contacts.phone) : null;
  return phone ? { phone } : null;
}

/** «Оплата ЖКУ, л/с 00011008, октябрь 2026». */
export function receiptDescription(accountNumber: string, period: Period): string {
  return `Оплата ЖКУ, л/с ${accountNumber}, ${formatPeriodRu(period)}`.slice(0, RECEIPT_DESCRIPTION_MAX);
}

/** One account's share of a payment: one item of the receipt. */
export interface ReceiptLine {
  accountNumber: string;
  period: Period;
  amountKopecks: number;
}

export function buildReceipt(fiscal: FiscalSettings, input: { customer: FiscalReceipt['customer']; lines: ReceiptLine[] }): FiscalReceipt {
  return {
    customer: input.customer,
    items: input.lines.map((line) => ({
      description: receiptDescription(line.accountNumber, line.period),
      quantity: '1.00',
      amount: { value: kopecksToDecimal(line.amountKopecks), currency: 'RUB' },
      vat_code: fiscal.vatCode,
      payment_subject: fiscal.paymentSubject,
      payment_mode: fiscal.paymentMode,
      measure: 'piece',
    })),
    ...(fiscal.taxSystemCode !== undefined ? { tax_system_code: fiscal.taxSystemCode } : {}),
  };
}
