// The operator company's public face (name and contacts) for page headers and footers.
import type { Knex } from 'knex';
import { getSettings } from './settings.ts';

export interface CompanyInfo {
  name: string;
  supportPhone: string;
  supportEmail: string;
  emergencyPhone: string;
}

export async function loadCompanyInfo(db: Knex): Promise<CompanyInfo> {
  const s = await getSettings(db, ['company.operatorId', 'support.phone', 'support.email', 'emergency.phone']);
  const company = s['company.operatorId']
    ? await db('companies').where({ id: s['company.operatorId'] }).first('short_name')
    : await db('companies').where({ is_operator: true }).first('short_name');
  return {
    name: company?.short_name ?? 'Личный кабинет',
    supportPhone: s['support.phone'],
    supportEmail: s['support.email'],
    emergencyPhone: s['emergency.phone'],
  };
}
