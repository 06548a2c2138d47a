// «Оплатить онлайн» without signing in: the link on a receipt (PDF, e-mail, SMS) names the
// account and the period, signed with a key derived from APP_SECRET, so it cannot be made up for
// another account and needs no table. It is short enough for an SMS: the account id in base 36,
// the period as YYYYMM and 16 bytes of HMAC (128 bits: guessing is hopeless, and the page is
// rate-limited besides). Whether it is still current («until the next receipt») is not in the
// token but in the data: see pay-link-page.ts.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { personalDataKey } from '../access/passport.ts';
import type { AppConfig } from '../config/env.ts';
import { isPeriod, type Period } from '../period.ts';

export type PayLinkConfig = Pick<AppConfig, 'appSecret' | 'env'>;

export interface PayLink {
  accountId: number;
  period: Period;
}

const TOKEN_SHAPE = /^([0-9a-z]{1,8})\.(\d{4})(\d{2})\.([\w-]{22})$/;

function mac(config: PayLinkConfig, link: PayLink): string {
  // A key of its own, so a pay link never doubles as another keyed hash of the same secret.
  const key = createHmac('sha256', personalDataKey(config)).update('kkp:pay-links').digest();
  return createHmac('sha256', key).update(`${link.accountId}:${link.period}`).digest().subarray(0, 16).toString('base64url');
}

export function payLinkToken(config: PayLinkConfig, link: PayLink): string {
  return `${link.accountId.toString(36)}.${link.period.replace('-', '')}.${mac(config, link)}`;
}

/** The absolute address printed on the receipt and put in the letters: `<site>/p/<token>`. */
export function payLinkUrl(config: PayLinkConfig & Pick<AppConfig, 'publicUrl'>, link: PayLink): string {
  return `${config.publicUrl}/p/${payLinkToken(config, link)}`;
}

/** The account and period a token stands for, or null when it is malformed or its signature does not match. */
export function readPayLinkToken(config: PayLinkConfig, token: string): PayLink | null {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return null;
  const [, id, year, month, signature] = match as unknown as [string, string, string, string, string];
  const accountId = Number.parseInt(id, 36);
  const period = `${year}-${month}`;
  // Canonical forms only: one token per (account, period), no leading zeros or other spellings.
  if (!Number.isSafeInteger(accountId) || accountId <= 0 || accountId.toString(36) !== id || !isPeriod(period)) return null;
  const link: PayLink = { accountId, period };
  const expected = Buffer.from(mac(config, link));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? link : null;
}
