// The user agreement and consent to personal data processing (152-ФЗ). Consent must be provable,
// so whoever records it (the application form, self-registration) stores AGREEMENT_VERSION with
// the time and address. Change the version whenever the text on /agreement changes in substance.
import type { Knex } from 'knex';
import { getSettings } from '../settings/settings.ts';

export const AGREEMENT_VERSION = 'Редакция 1 от 23.11.2026';
/** The date the current version took effect, YYYY-MM-DD. */
export const AGREEMENT_EFFECTIVE_DATE = '2026-11-23';

/** The operator of personal data as the agreement names it: the company running the portal. */
export interface AgreementOperator {
  name: string;
  shortName: string;
  inn: string | null;
  ogrn: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
}

interface CompanyRow {
  name: string;
  short_name: string;
  inn: string | null;
  ogrn: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
}

const COLUMNS = ['name', 'short_name', 'inn', 'ogrn', 'address', 'email', 'phone'];

/** The operator company (setting `company.operatorId`, else the one marked as operator); null if none yet. */
export async function loadAgreementOperator(db: Knex): Promise<AgreementOperator | null> {
  const s = await getSettings(db, ['company.operatorId', 'support.phone', 'support.email']);
  const row: CompanyRow | undefined = s['company.operatorId']
    ? await db('companies').where({ id: s['company.operatorId'] }).first(COLUMNS)
    : await db('companies').where({ is_operator: true }).orderBy('id').first(COLUMNS);
  if (!row) return null;
  return {
    name: row.name,
    shortName: row.short_name,
    inn: row.inn || null,
    ogrn: row.ogrn || null,
    address: row.address || null,
    email: row.email || s['support.email'] || null,
    phone: row.phone || s['support.phone'] || null,
  };
}
