// Consent to personal data processing (152-ФЗ, art. 9): provable, so each one is a row with the
// agreement's version, the time and the address it came from. The forms that collect personal
// data (the access application, self-registration) record it in the transaction of their change.
import type { Knex } from 'knex';
import { z } from 'zod';
import { AGREEMENT_VERSION } from '../profile/agreement.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export type ConsentPurpose = 'application' | 'registration' | 'profile' | 'feedback';

export const CONSENT_REQUIRED_MESSAGE = 'Необходимо согласие на обработку персональных данных';

/**
 * The consent checkbox (`consent`): a ticked HTML checkbox sends 'on' (or the value it carries),
 * the console and tests may send true. Anything else, including a missing field, is refused.
 */
export const consentFieldSchema = z.unknown().refine(
  (v) => v === true || v === 'on' || v === '1' || v === 'true' || v === 'yes',
  { message: CONSENT_REQUIRED_MESSAGE },
).transform(() => true as const);

export interface ConsentInput {
  purpose: ConsentPurpose;
  ip: string | null;
  userAgent: string | null;
  email: string | null;
  userId?: number | null;
  now?: number;
}

/** Stores one consent with the current agreement version; returns its id. */
export async function recordConsent(db: Knex, input: ConsentInput): Promise<number> {
  const [row] = await db('consents')
    .insert({
      purpose: input.purpose,
      agreement_version: AGREEMENT_VERSION,
      agreed_at: input.now ?? Date.now(),
      ip: input.ip?.slice(0, 64) ?? null,
      user_agent: input.userAgent?.slice(0, 300) || null,
      email: input.email?.slice(0, 254) ?? null,
      user_id: input.userId ?? null,
    })
    .returning('id');
  return insertedId(row);
}
