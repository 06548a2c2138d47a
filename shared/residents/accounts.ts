// The accounts a resident may see: only those linked to the user. Every resident query goes
// through resolveAccount, so a foreign id in a URL or form is simply "not found".
import type { Knex } from 'knex';
import { notFound } from '../errors.ts';

export interface AccountSummary {
  id: number;
  number: string;
  address: string;
  ownerName: string;
  totalAreaCm2: number;
  residents: number;
  buildingId: number;
}

const accountSummaryColumns = ['a.id', 'a.number', 'a.address', 'a.owner_name', 'a.total_area_cm2', 'a.residents', 'a.building_id'];

interface AccountRow {
  id: number;
  number: string;
  address: string;
  owner_name: string;
  total_area_cm2: number;
  residents: number;
  building_id: number;
}

const toAccountSummary = (r: AccountRow): AccountSummary => ({
  id: r.id,
  number: r.number,
  address: r.address,
  ownerName: r.owner_name,
  totalAreaCm2: r.total_area_cm2,
  residents: r.residents,
  buildingId: r.building_id,
});

/** The user's account by id, or by number; throws not_found for anything not linked to the user. */
export async function resolveAccount(db: Knex, userId: number, ref: { id: number } | { number: string }): Promise<AccountSummary> {
  const q = db('accounts as a').join('user_accounts as ua', 'ua.account_id', 'a.id').where('ua.user_id', userId);
  if ('id' in ref) q.andWhere('a.id', ref.id);
  else q.andWhere('a.number', ref.number);
  const row: AccountRow | undefined = await q.first(accountSummaryColumns);
  if (!row) throw notFound('Лицевой счёт не найден среди ваших счетов');
  return toAccountSummary(row);
}
