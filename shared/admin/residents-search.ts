// Finding residents for the console: by account number or login (prefix, indexed), or by words
// found in the name, the owner's name, the address, the e-mail or the login (a scan; see
// text-search.ts). The «Подозрительные» list: users locked by failed sign-ins, until a clerk
// unblocks them. Each search is audited: its results are personal data.
import type { Knex } from 'knex';
import type { z } from 'zod';
import { isBlocked } from '../residents/sessions.ts';
import type { Page } from '../lists/page.ts';
import { applySort } from '../lists/sort.ts';
import { auditStaffAction, type AdminContext } from './context.ts';
import { PAGE_SIZE, type accountSearchSchema, type residentSearchSchema } from './schemas.ts';
import { digitQuery, searchWords, whereDigitPrefix, whereWordsIn } from './text-search.ts';

export interface ResidentListItem {
  userId: number;
  login: string;
  fullName: string | null;
  email: string | null;
  accounts: { id: number; number: string; address: string }[];
  blocked: boolean;
  /** Locked by failed sign-ins (listed as «Подозрительные»). */
  suspiciousAt: number | null;
}

export interface AccountSearchItem {
  id: number;
  number: string;
  address: string;
  ownerName: string;
}

const SUSPICIOUS_LIMIT = 500;
/** What the search's sortable columns order by (the login breaks ties). */
const SEARCH_SORT = { login: 'u.login', name: 'u.full_name', email: 'u.email' } as const;
const ACCOUNT_SEARCH_LIMIT = 30;

interface UserListRow {
  id: number;
  login: string;
  full_name: string | null;
  email: string | null;
  blocked_at: number | null;
  blocked_until: number | null;
  suspicious_at: number | null;
}

const userListColumns = ['u.id', 'u.login', 'u.full_name', 'u.email', 'u.blocked_at', 'u.blocked_until', 'u.suspicious_at'];

/** Ids of the users the query finds, as a subquery. */
function matchingUserIds(db: Knex, query: string): Knex.QueryBuilder {
  const digits = digitQuery(query);
  if (digits) {
    const byNumber = whereDigitPrefix(
      db('accounts as a').join('user_accounts as ua', 'ua.account_id', 'a.id').select('ua.user_id as id'),
      'a.number',
      digits,
    );
    const byLogin = whereDigitPrefix(db('users').select('id'), 'login', digits);
    return byNumber.union(byLogin);
  }
  const q = db('users as u')
    .leftJoin('user_accounts as ua', 'ua.user_id', 'u.id')
    .leftJoin('accounts as a', 'a.id', 'ua.account_id')
    .distinct('u.id');
  return whereWordsIn(db, q, ['u.login', 'u.full_name', 'u.email', 'a.owner_name', 'a.address'], searchWords(query));
}

export async function searchResidents(
  ctx: AdminContext,
  input: z.output<typeof residentSearchSchema>,
): Promise<Page<ResidentListItem>> {
  const { db } = ctx;
  const ids = matchingUserIds(db, input.query);
  const countRow = await db('users as u').whereIn('u.id', ids).count({ n: '*' }).first();
  const total = Number(countRow?.n ?? 0);
  const rows: UserListRow[] = await applySort(db('users as u').whereIn('u.id', matchingUserIds(db, input.query)), input.sort, SEARCH_SORT, (q) => void q.orderBy('u.login'))
    .limit(PAGE_SIZE)
    .offset((input.page - 1) * PAGE_SIZE)
    .select(userListColumns);
  const items = await toListItems(db, rows, ctx.now());
  await auditStaffAction(db, ctx, { action: 'resident.search', details: { query: input.query, page: input.page, found: total } });
  return { items, total };
}

/** Users locked by failed sign-ins and not yet unblocked by a clerk, newest first. */
export async function listSuspicious(ctx: AdminContext): Promise<ResidentListItem[]> {
  const rows: UserListRow[] = await ctx.db('users as u')
    .whereNotNull('u.suspicious_at')
    .orderBy([{ column: 'u.suspicious_at', order: 'desc' }, { column: 'u.id', order: 'desc' }])
    .limit(SUSPICIOUS_LIMIT)
    .select(userListColumns);
  const items = await toListItems(ctx.db, rows, ctx.now());
  await auditStaffAction(ctx.db, ctx, { action: 'resident.list_suspicious', details: { found: items.length } });
  return items;
}

/** Accounts to link to a login: by number prefix, or by words of the address and owner's name. */
export async function searchAccounts(ctx: AdminContext, input: z.output<typeof accountSearchSchema>): Promise<AccountSearchItem[]> {
  const { db } = ctx;
  const q = db('accounts as a').orderBy('a.number').limit(ACCOUNT_SEARCH_LIMIT).select('a.id', 'a.number', 'a.address', 'a.owner_name');
  const digits = digitQuery(input.query);
  if (digits) whereDigitPrefix(q, 'a.number', digits);
  else whereWordsIn(db, q, ['a.address', 'a.owner_name'], searchWords(input.query));
  const rows: { id: number; number: string; address: string; owner_name: string }[] = await q;
  await auditStaffAction(db, ctx, { action: 'account.search', details: { query: input.query, found: rows.length } });
  return rows.map((r) => ({ id: r.id, number: r.number, address: r.address, ownerName: r.owner_name }));
}

/** List items for user rows, with their linked accounts in one more query; order kept. */
export async function toListItems(db: Knex, rows: UserListRow[], now: number): Promise<ResidentListItem[]> {
  const accounts = await accountsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    userId: r.id,
    login: r.login,
    fullName: r.full_name,
    email: r.email,
    accounts: accounts.get(r.id) ?? [],
    blocked: isBlocked(r, now),
    suspiciousAt: r.suspicious_at,
  }));
}

type LinkedAccount = ResidentListItem['accounts'][number];

export async function accountsOf(db: Knex, userIds: number[]): Promise<Map<number, LinkedAccount[]>> {
  const byUser = new Map<number, LinkedAccount[]>();
  if (userIds.length === 0) return byUser;
  const rows: { user_id: number; id: number; number: string; address: string }[] = await db('user_accounts as ua')
    .join('accounts as a', 'a.id', 'ua.account_id')
    .whereIn('ua.user_id', userIds)
    .orderBy('a.number')
    .select('ua.user_id', 'a.id', 'a.number', 'a.address');
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ id: r.id, number: r.number, address: r.address });
    byUser.set(r.user_id, list);
  }
  return byUser;
}

export { userListColumns, type UserListRow };
