// The accounts from billing data that may be an applicant's: by account number (unique index),
// by the owner's surname (a range on the owner_name index, never a scan of all accounts), and
// by address (the buildings with that house number, then their accounts with that flat, on
// the building_id index). The clerk sees them best first, with logins already linked.
import type { Knex } from 'knex';
import { normalizeWord, parseAddress, streetMatches, surnameOf } from './address-tokens.ts';

/** An account from billing data that may be the applicant's, with what matched. */
export interface AccountMatch {
  accountId: number;
  number: string;
  address: string;
  ownerName: string;
  /** Which of the applicant's data agree with this account. */
  matched: ('number' | 'surname' | 'address' | 'passport')[];
  /** Logins already linked to the account. */
  existingLogins: string[];
}

export interface ApplicantData {
  accountNumber: string;
  fullName: string;
  address: string;
  passportHash: string | null;
}

type Criterion = AccountMatch['matched'][number];

// A number in the receipt outweighs anything typed from memory; a passport hash is strong
// evidence; surname and address together outweigh either alone, never the number.
const WEIGHTS: Record<Criterion, number> = { number: 8, passport: 4, surname: 2, address: 2 };
const ORDER: Criterion[] = ['number', 'passport', 'surname', 'address'];
/** Rows read per query: enough for a namesake or a building's flat, bounded for common surnames. */
const PER_QUERY = 50;

interface AccountRow {
  id: number;
  number: string;
  address: string;
  owner_name: string;
  owner_passport_hash: string | null;
  building_id: number;
  flat: string;
}

const COLUMNS = ['id', 'number', 'address', 'owner_name', 'owner_passport_hash', 'building_id', 'flat'];

export async function findMatchingAccounts(db: Knex, applicant: ApplicantData, limit = 10): Promise<AccountMatch[]> {
  const surname = surnameOf(applicant.fullName);
  const place = parseAddress(applicant.address);
  const buildingIds = await buildingsAt(db, place);

  const [byNumber, bySurname, byAddress] = await Promise.all([
    db('accounts').where({ number: applicant.accountNumber }).select(COLUMNS) as Promise<AccountRow[]>,
    accountsWithSurname(db, surname),
    accountsAt(db, buildingIds, place.flat),
  ]);

  const candidates = new Map<number, AccountRow>();
  for (const row of [...byNumber, ...byAddress, ...bySurname]) candidates.set(Number(row.id), row);

  const scored = [...candidates.values()].map((row) => {
    const matched = criteriaMet(row, applicant, surname, place, buildingIds);
    return { row, matched, score: matched.reduce((s, c) => s + WEIGHTS[c], 0) };
  });
  const best = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.row.number.localeCompare(b.row.number))
    .slice(0, limit);

  const logins = await loginsOf(db, best.map((s) => Number(s.row.id)));
  return best.map(({ row, matched }) => ({
    accountId: Number(row.id),
    number: row.number,
    address: row.address,
    ownerName: row.owner_name,
    matched,
    existingLogins: logins.get(Number(row.id)) ?? [],
  }));
}

function criteriaMet(row: AccountRow, applicant: ApplicantData, surname: string, place: ReturnType<typeof parseAddress>, buildingIds: number[]): Criterion[] {
  return ORDER.filter((c) => {
    switch (c) {
      case 'number': return row.number === applicant.accountNumber;
      case 'passport': return applicant.passportHash !== null && row.owner_passport_hash === applicant.passportHash;
      case 'surname': return surname !== '' && surnameOf(row.owner_name) === surname;
      case 'address': return buildingIds.includes(Number(row.building_id)) && flatMatches(row.flat, place.flat);
    }
  });
}

/**
 * What of the application does not match the account the clerk chose: the account number, the
 * owner's surname, the address (a passport is not asked of every applicant). The same tests as
 * the ranking, for one account.
 */
export async function mismatchesWith(db: Knex, applicant: ApplicantData, accountId: number): Promise<{ missing: Exclude<Criterion, 'passport'>[]; ownerName: string }> {
  const row = (await db('accounts').where({ id: accountId }).first(COLUMNS)) as AccountRow | undefined;
  if (!row) return { missing: [], ownerName: '' };
  const place = parseAddress(applicant.address);
  const met = criteriaMet(row, applicant, surnameOf(applicant.fullName), place, await buildingsAt(db, place));
  const missing = (['number', 'surname', 'address'] as const).filter((c) => !met.includes(c));
  return { missing, ownerName: row.owner_name };
}

/**
 * Owners whose name starts with the surname, in the spellings billing systems use (as written
 * with a capital, all capitals; with ё and with е). Each is a range on the owner_name index:
 * [«Иванов», «Иваног») holds every name beginning with «Иванов» in a binary collation.
 * A name has at most one ё (it is always stressed), so «семенов» is looked up as «Семенов»,
 * «Сёменов» and «Семёнов»: a few index seeks, not a scan.
 */
async function accountsWithSurname(db: Knex, surname: string): Promise<AccountRow[]> {
  if (surname.length < 2) return [];
  const spellings = new Set<string>();
  for (const base of withOneYo(surname)) {
    spellings.add(capitalised(base));
    spellings.add(base.toUpperCase());
  }
  const rows = await Promise.all(
    [...spellings].map((prefix) =>
      db('accounts').where('owner_name', '>=', prefix).andWhere('owner_name', '<', successor(prefix)).orderBy('owner_name').limit(PER_QUERY).select(COLUMNS) as Promise<AccountRow[]>,
    ),
  );
  return rows.flat();
}

/** The word (with е only, as normalised) and each spelling with one of its е written as ё. */
function withOneYo(word: string): string[] {
  const spellings = [word];
  for (let i = word.indexOf('е'); i !== -1; i = word.indexOf('е', i + 1)) spellings.push(`${word.slice(0, i)}ё${word.slice(i + 1)}`);
  return spellings;
}

/** «петров-водкин» → «Петров-Водкин». */
const capitalised = (word: string) => word.replace(/(^|-)(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());

/** The smallest string greater than every string starting with `prefix` (binary order). */
const successor = (prefix: string) => prefix.slice(0, -1) + String.fromCodePoint((prefix.codePointAt(prefix.length - 1) ?? 0) + 1);

/** Buildings with the applicant's house number whose street words the applicant wrote. */
async function buildingsAt(db: Knex, place: ReturnType<typeof parseAddress>): Promise<number[]> {
  if (!place.house) return [];
  // Buildings are few (thousands at most), and the house number narrows them at once.
  const rows: { id: number; street: string; house: string }[] = await db('buildings')
    .whereIn('house', [...new Set([place.house, place.house.toUpperCase()])])
    .select('id', 'street', 'house')
    .limit(PER_QUERY);
  return rows.filter((b) => streetMatches(b.street, place.words)).map((b) => Number(b.id));
}

async function accountsAt(db: Knex, buildingIds: number[], flat: string | null): Promise<AccountRow[]> {
  if (buildingIds.length === 0) return [];
  const flats = flat === null ? [''] : [...new Set([flat, flat.toUpperCase()])];
  return db('accounts').whereIn('building_id', buildingIds).whereIn('flat', flats).limit(PER_QUERY).select(COLUMNS);
}

const flatMatches = (accountFlat: string, flat: string | null) => normalizeWord(accountFlat) === (flat ?? '');

async function loginsOf(db: Knex, accountIds: number[]): Promise<Map<number, string[]>> {
  const byAccount = new Map<number, string[]>();
  if (accountIds.length === 0) return byAccount;
  const rows: { account_id: number; login: string }[] = await db('user_accounts as ua')
    .join('users as u', 'u.id', 'ua.user_id')
    .whereIn('ua.account_id', accountIds)
    .orderBy('u.login')
    .select('ua.account_id', 'u.login');
  for (const r of rows) {
    const list = byAccount.get(Number(r.account_id)) ?? [];
    list.push(r.login);
    byAccount.set(Number(r.account_id), list);
  }
  return byAccount;
}
