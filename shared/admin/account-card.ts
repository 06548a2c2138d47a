// An account as the console's account view starts from: the account itself (or «not found») and
// who holds a login for it. The figures shown beside them are the resident's own reads
// (shared/billing, shared/meters), so they stay the same as on the site and the receipt.
import type { Knex } from 'knex';
import { notFound } from '../errors.ts';

export interface AccountHeader {
  id: number;
  number: string;
  address: string;
  ownerName: string | null;
  status: string;
}

export interface AccountLogin {
  userId: number;
  login: string;
  fullName: string | null;
}

/** The account by id; «not found» when there is none. */
export async function findAccount(db: Knex, id: number): Promise<AccountHeader> {
  const row: { id: number; number: string; address: string; owner_name: string | null; status: string } | undefined = await db('accounts')
    .where({ id }).first('id', 'number', 'address', 'owner_name', 'status');
  if (!row) throw notFound('Лицевой счёт не найден');
  return { id: Number(row.id), number: row.number, address: row.address, ownerName: row.owner_name, status: row.status };
}

/** The residents' logins linked to the account, by login. */
export async function accountLogins(db: Knex, accountId: number): Promise<AccountLogin[]> {
  const rows: { id: number; login: string; full_name: string | null }[] = await db('user_accounts as ua')
    .join('users as u', 'u.id', 'ua.user_id').where('ua.account_id', accountId).orderBy('u.login')
    .select('u.id', 'u.login', 'u.full_name');
  return rows.map((l) => ({ userId: Number(l.id), login: l.login, fullName: l.full_name }));
}
