// Consent to personal-data processing, provable (152-ФЗ): which text version, when, from where.
// NOTE: a stand-in with the API agreed with the application form's author (wt-apply); the
// merge keeps one copy.
import type { Knex } from 'knex';
import { AGREEMENT_VERSION } from '../profile/agreement.ts';

export type ConsentPurpose = 'application' | 'registration' | 'profile';

export interface ConsentInput {
  purpose: ConsentPurpose;
  ip: string | null;
  userAgent: string | null;
  email: string | null;
  userId?: number | null;
  now?: number;
}

/** Stores the consent with the agreement's current version; returns its id. */
export async function recordConsent(trx: Knex, input: ConsentInput): Promise<number> {
  const [row] = await trx('consents')
    .insert({
      purpose: input.purpose,
      agreement_version: AGREEMENT_VERSION,
      agreed_at: input.now ?? Date.now(),
      ip: input.ip?.slice(0, 64) ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      email: input.email?.slice(0, 254) ?? null,
      user_id: input.userId ?? null,
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}
