// Money is integer kopecks everywhere; rubles exist only on the screen and in input fields.
import { z } from 'zod';
import { formatHundredths } from './digits.ts';

export type Kopecks = number;

const RUBLES = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*(?:₽|руб\.?)?\s*$/;

/** '1 234,5' → 123450; null when the text is not an amount of money. */
export function parseRubles(text: string): Kopecks | null {
  const m = RUBLES.exec(text.replace(/[\s\u00a0]/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

const groupFormatter = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 123456 → '1 234,56 ₽' (with narrow no-break spaces, as Russian typography wants). */
export function formatRubles(kopecks: Kopecks): string {
  // Whole kopecks (all stored money) by integer arithmetic; anything else, such as an average,
  // through Intl. + 0 turns −0 (a negated zero) into 0, so nothing shows «-0,00».
  return `${formatHundredths(kopecks + 0, true) ?? groupFormatter.format(kopecks / 100 + 0)}\u00a0₽`;
}

/** 123456 → '1234.56' for machine formats (QR, exports). */
export function kopecksToDecimal(kopecks: Kopecks): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An amount as a form field is filled in for a resident to edit: «1500,50» (rublesInputSchema reads it back). */
export function kopecksToFormAmount(kopecks: Kopecks): string {
  return kopecksToDecimal(kopecks).replace('.', ',');
}

export const rublesInputSchema = z
  .string()
  .transform((v, ctx) => {
    const k = parseRubles(v);
    if (k === null) {
      ctx.addIssue({ code: 'custom', message: 'Укажите сумму в рублях, например 1500,50' });
      return z.NEVER;
    }
    return k;
  });
