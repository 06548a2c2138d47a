// Check digits for the demo companies' requisites. The numbers are made up, but they pass the
// checks real software runs (INN, OGRN, account keys against the BIC), so import forms and QR
// validators in the portal accept them like real ones.

/** A 10-digit legal-entity INN from 9 digits plus its check digit. */
export function innWithCheck(body9: string): string {
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = weights.reduce((acc, w, i) => acc + w * digitAt(body9, i), 0);
  return `${body9}${(sum % 11) % 10}`;
}

/** A 13-digit OGRN from 12 digits plus its check digit. */
export function ogrnWithCheck(body12: string): string {
  return `${body12}${Number(BigInt(body12) % 11n) % 10}`;
}

/**
 * A 20-digit settlement account «40702810K…»: the key K (9th digit) makes the weighted sum of
 * the BIC's last three digits and the account divisible by 10 (Bank of Russia rules).
 */
export function settlementAccount(bic: string, first8: string, last11: string): string {
  return withAccountKey(bic.slice(-3), first8, last11);
}

/** The bank's correspondent account «30101810K0000000XXX», XXX being the BIC's last digits. */
export function correspondentAccount(bic: string): string {
  return withAccountKey(`0${bic.slice(4, 6)}`, '30101810', `00000000${bic.slice(-3)}`);
}

function withAccountKey(prefix3: string, first8: string, last11: string): string {
  const weights = [7, 1, 3];
  const digits = `${prefix3}${first8}0${last11}`;
  const sum = [...digits].reduce((acc, d, i) => acc + ((Number(d) * (weights[i % 3] as number)) % 10), 0);
  const key = ((sum % 10) * 3) % 10;
  return `${first8}${key}${last11}`;
}

function digitAt(s: string, i: number): number {
  return Number(s.charAt(i));
}
