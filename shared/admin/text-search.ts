// Building blocks of the console's searches. Account numbers and logins are matched by prefix
// as a range on their unique indexes; names, addresses and e-mails by case-insensitive
// substring (ё = е; Dialect.containsFolded), which no plain index serves: a scan of users and
// accounts. A substring search is what clerks need (a surname, a street, part of an e-mail), and
// at a municipal company's size it stays well under a second: ~50 ms per word over 50 000
// accounts on a busy SQLite test machine. pg_trgm (a GIN trigram index on the folded text) is
// the step to take on PostgreSQL if a company is far larger.
import type { Knex } from 'knex';
import { dialectOf } from '../../db/dialect/index.ts';
import { foldForSearch } from '../../db/dialect/fold.ts';

/** A query of digits only (spaces and dashes ignored) is an account number or a numeric login. */
export function digitQuery(query: string): string | null {
  const compact = query.replace(/[\s-]/g, '');
  return /^\d+$/.test(compact) ? compact : null;
}

/**
 * The range [from, to) of digit strings starting with `prefix`: '0019' → ['0019', '002').
 * A range, unlike LIKE 'prefix%', uses a plain index on both engines (SQLite's LIKE only uses
 * an index under a NOCASE column or case_sensitive_like). `to` is null for a prefix of nines.
 */
export function digitPrefixRange(prefix: string): { from: string; to: string | null } {
  const head = prefix.replace(/9+$/, '');
  if (head === '') return { from: prefix, to: null };
  return { from: prefix, to: head.slice(0, -1) + String(Number(head.at(-1)) + 1) };
}

export function whereDigitPrefix(q: Knex.QueryBuilder, column: string, prefix: string): Knex.QueryBuilder {
  const { from, to } = digitPrefixRange(prefix);
  // A prefix of nines has no digit string above it; LIKE (digits need no escaping) is rare here.
  return to === null ? q.where(column, 'like', `${prefix}%`) : q.where(column, '>=', from).andWhere(column, '<', to);
}

/** The words of a query, folded; each must be found somewhere for a row to match. */
export function searchWords(query: string): string[] {
  return foldForSearch(query).split(/[\s,.]+/).filter(Boolean).slice(0, 6);
}

/** `column` contains `word` (already folded), case-insensitively and with ё = е. */
export function foldedContains(db: Knex, column: string, word: string): Knex.Raw {
  const { sql, bindings } = dialectOf(db).containsFolded(column, word);
  return db.raw(sql, bindings);
}

/** Every word is contained in at least one of the columns. */
export function whereWordsIn(db: Knex, q: Knex.QueryBuilder, columns: string[], words: string[]): Knex.QueryBuilder {
  for (const word of words) {
    q.andWhere((any) => {
      for (const column of columns) any.orWhere(foldedContains(db, column, word));
    });
  }
  return q;
}
