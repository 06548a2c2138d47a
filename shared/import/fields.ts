// Field parsers for billing files: what a billing system writes (decimal comma or point, spaces
// between thousands, DD.MM.YYYY or ISO dates, MM.YYYY or YYYY-MM periods) becomes our units
// (kopecks, thousandths, ISO dates, 'YYYY-MM'). Each is a zod schema over a string cell, so the
// import's rows, the console's forms and the site validate with one set of rules and messages.
import { z } from 'zod';
import { toReadingMilli, type ReadingRefusal } from '../readings/decimal.ts';
import { normalizedString } from '../text.ts';

const SPACES = /[\s\u00a0\u202f]/g;
const DECIMAL = /^([+-]?)(\d{1,15})(?:[.,](\d+))?$/;

/** '1 234,56' → 1234.56 × 10^scale as an integer, exactly; null when not a number or too precise. */
export function parseScaled(text: string, scale: number): number | null {
  const m = DECIMAL.exec(text.replace(SPACES, ''));
  if (!m) return null;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) return null;
  const value = Number(m[2]) * 10 ** scale + Number(fraction.padEnd(scale, '0') || '0');
  if (!Number.isSafeInteger(value)) return null;
  return m[1] === '-' ? -value : value;
}

const NEGATIVE_HINT = ' (если биллинг пишет это поле с минусом, укажите его в negativeFields сопоставления)';

const scaled = (scale: number, what: string, options: { allowNegative: boolean }) =>
  z.string().transform((text, ctx) => {
    const value = parseScaled(text, scale);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: `${what}: ожидается число${scale ? ` (не больше ${scale} знаков после запятой)` : ''}` });
      return z.NEVER;
    }
    if (!options.allowNegative && value < 0) {
      // A billing system may write benefits and the like as negative: the mapping can say so.
      ctx.addIssue({ code: 'custom', message: `${what}: не может быть отрицательным${NEGATIVE_HINT}` });
      return z.NEVER;
    }
    return value;
  });

/** Rubles with kopecks → kopecks. */
export const kopecksField = (what = 'Сумма', allowNegative = false) => scaled(2, what, { allowNegative });
/** A volume → thousandths of the unit. */
export const milliField = (what = 'Объём', allowNegative = false) => scaled(3, what, { allowNegative });

/**
 * A meter reading → thousandths, by the rule a resident's form uses (toReadingMilli), with up to
 * three digits after the comma: a file's row does not know its meter's precision, and billing
 * may keep more digits than the register shows.
 */
export const readingField = (what = 'Показание') =>
  z.string().transform((text, ctx) => {
    const read = toReadingMilli(text, 3);
    if (read.ok) return read.milli;
    ctx.addIssue({ code: 'custom', message: readingRefusal(what, read.refusal) });
    return z.NEVER;
  });

function readingRefusal(what: string, refusal: ReadingRefusal): string {
  switch (refusal) {
    case 'negative':
      return `${what}: не может быть отрицательным${NEGATIVE_HINT}`;
    case 'too-large':
      return `${what}: не может быть больше 99 999 999`;
    default:
      // Worded as every other number of a file is.
      return `${what}: ожидается число (не больше 3 знаков после запятой)`;
  }
}

/** A tariff in rubles per unit (up to 5 decimals) → thousandths of a kopeck. */
export const tariffField = (what = 'Тариф') => scaled(5, what, { allowNegative: false });
/** Square metres → cm² (m² × 100, two decimals). */
export const areaField = (what = 'Площадь') => scaled(2, what, { allowNegative: false });

export const integerField = (what: string, min = 0, max = 1_000_000) =>
  z.string().transform((text, ctx) => {
    const value = parseScaled(text, 0);
    if (value === null || value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `${what}: ожидается целое число от ${min} до ${max}` });
      return z.NEVER;
    }
    return value;
  });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RU_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** '05.11.2026' or '2026-11-05' (a trailing time is ignored) → '2026-11-05'; null when not a real date. */
export function parseDateCell(text: string): string | null {
  const t = text.trim().replace(/[ T]\d{1,2}:\d{2}(:\d{2})?$/, '');
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(t);
  const ru = iso ? null : RU_DATE.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (ru) [y, m, d] = [Number(ru[3]), Number(ru[2]), Number(ru[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const dateField = (what = 'Дата') =>
  z.string().transform((text, ctx) => {
    const date = parseDateCell(text);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: `${what}: ожидается дата ДД.ММ.ГГГГ или ГГГГ-ММ-ДД` });
      return z.NEVER;
    }
    return date;
  });

// Four digits (0926) are September 2026 or 2009's June: only the mapping can say (cells.ts reads them then).
const PERIOD_HINT = ' (период из четырёх цифр, как 0926, читается, если в сопоставлении указан periodFormat MMYY или YYMM)';

/** '11.2026', '11/2026', '2026-11' or '2026.11' → '2026-11'. */
export function parsePeriodCell(text: string): string | null {
  const t = text.trim();
  const monthFirst = /^(\d{1,2})[./-](\d{4})$/.exec(t);
  const yearFirst = monthFirst ? null : /^(\d{4})[./-](\d{1,2})$/.exec(t);
  if (!monthFirst && !yearFirst) return null;
  const [year, month] = monthFirst ? [Number(monthFirst[2]), Number(monthFirst[1])] : [Number(yearFirst![1]), Number(yearFirst![2])];
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

export const periodField = (what = 'Период') =>
  z.string().transform((text, ctx) => {
    const period = parsePeriodCell(text);
    if (!period) {
      const hint = /^\s*\d{3,4}\s*$/.test(text) ? PERIOD_HINT : '';
      ctx.addIssue({ code: 'custom', message: `${what}: ожидается ММ.ГГГГ, ГГГГ-ММ, ГГГГММ или «Сентябрь 2026»${hint}` });
      return z.NEVER;
    }
    return period;
  });

/** A required text: normalised (shared/text.ts: NFC, invisible characters out, control characters refused), trimmed. */
export const textField = (what: string, max: number) =>
  normalizedString(what).pipe(z.string().trim().min(1, `${what}: не заполнено`).max(max, `${what}: длиннее ${max} символов`));

/** An optional cell: empty → null, otherwise parsed by `inner`. */
export const optional = <S extends z.ZodType<unknown, string>>(inner: S) =>
  z.string().transform((text, ctx): z.output<S> | null => {
    if (text.trim() === '') return null;
    const parsed = inner.safeParse(text);
    if (parsed.success) return parsed.data as z.output<S>;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return z.NEVER;
  });
