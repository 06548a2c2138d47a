// Russian number typography by integer arithmetic: digit groups of three split by a no-break
// space, a decimal comma. The same output as Intl.NumberFormat('ru-RU') for whole numbers of the
// smallest unit (kopecks, cm², thousandths), which every page shows several times; Intl costs
// a microsecond or more per call, this a fraction of it. Unit tests compare the two.

const NBSP = '\u00a0';

/** 1234567 → '1 234 567' (no-break spaces); n a non-negative safe integer. */
export function groupThousands(n: number): string {
  if (n < 1000) return String(n);
  let out = '';
  while (n >= 1000) {
    const group = n % 1000;
    out = `${NBSP}${group < 10 ? '00' : group < 100 ? '0' : ''}${group}${out}`;
    n = Math.floor(n / 1000);
  }
  return `${n}${out}`;
}

/**
 * A whole number of hundredths as a decimal with a comma: exactly two fraction digits when
 * `fixed`, else at most two with trailing zeros dropped (Intl's maximumFractionDigits: 2).
 * undefined for anything but a safe integer, so the caller can fall back to Intl.
 */
export function formatHundredths(hundredths: number, fixed: boolean): string | undefined {
  if (!Number.isSafeInteger(hundredths)) return undefined;
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const whole = groupThousands(Math.floor(abs / 100));
  const fraction = abs % 100;
  if (fixed) return `${sign}${whole},${fraction < 10 ? '0' : ''}${fraction}`;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole},${fraction % 10 === 0 ? fraction / 10 : fraction < 10 ? `0${fraction}` : fraction}`;
}
