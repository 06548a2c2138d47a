// Phone numbers as SMS gateways want them. Contacts are stored as +7XXXXXXXXXX already
// (shared/profile/contacts.ts); anything older or typed elsewhere is normalised the same way,
// and a number that is not a Russian one gets no SMS rather than a wrong one.
import { normalizeRussianPhone } from '../profile/contacts.ts';

/** `+7XXXXXXXXXX`, or null when the text is not a Russian phone number. */
export function toGsmPhone(input: string | null | undefined): string | null {
  if (!input) return null;
  const result = normalizeRussianPhone(input);
  return result.ok ? result.phone : null;
}

/** sms.ru writes numbers as 11 digits without the plus: `79151234567`. */
export function smsRuNumber(gsmPhone: string): string {
  return gsmPhone.replace(/^\+/, '');
}
