// What a charges file replaces (mapping `replaceScope`, docs/import-loading.md «Что заменяется»).
// 'account-period': the whole (account, period) of every pair the file holds — rows of services
// the file does not mention are deleted. 'service': only the (account, period, service) triples
// the file holds; everything else stays. 'auto' (the default): 'service' when the whole file
// holds one service (a settlement centre's heating file), else 'account-period'.
//
// The writer learns the file's services batch by batch, so 'auto' starts by triples whenever the
// first batch holds one service, and if a second service comes later it ends as 'account-period'
// by deleting, at the end, the rows the import left untouched in its pairs. That is exact because
// under triples the whole pair is still copied to the shadow table the first time it is touched
// (so undo restores every pair as before, deleting it and putting back its shadow rows with their
// ids): a live row whose id is in this import's shadow is one the import did not replace.
import type { Knex } from 'knex';
import type { ShadowTarget } from './shadow-counts.ts';
import type { BulkCell } from './write-bulk.ts';

export type ReplaceScope = 'auto' | 'account-period' | 'service';

/** Accounts per statement: well under both engines' variable limits. */
const CHUNK = 500;

/**
 * Deletes the live charges the batch's rows replace by their own triple (account, period,
 * service), for the accounts that had rows in the period before the import (`existing`);
 * their pairs are already in the shadow table. Cells: account_id, period, service_id first.
 */
export async function deleteTriples(
  trx: Knex.Transaction, cells: readonly BulkCell[], rows: number, width: number, existing: Map<string, Set<number>>,
): Promise<void> {
  // period → service → accounts: a one-service file makes one list per period.
  const groups = new Map<string, Map<number, number[]>>();
  for (let r = 0, at = 0; r < rows; r++, at += width) {
    const accountId = cells[at] as number;
    const period = cells[at + 1] as string;
    if (!existing.get(period)?.has(accountId)) continue;
    const serviceId = cells[at + 2] as number;
    let byService = groups.get(period);
    if (!byService) groups.set(period, (byService = new Map()));
    const accounts = byService.get(serviceId);
    if (accounts) accounts.push(accountId);
    else byService.set(serviceId, [accountId]);
  }
  for (const [period, byService] of groups) {
    for (const [serviceId, accounts] of byService) {
      for (let start = 0; start < accounts.length; start += CHUNK) {
        const chunk = accounts.slice(start, start + CHUNK);
        await trx.raw(
          `DELETE FROM "charges" WHERE "period" = ? AND "service_id" = ? AND "account_id" IN (${chunk.map(() => '?').join(', ')})`,
          [period, serviceId, ...chunk],
        );
      }
    }
  }
}

/** Turns a triples-scoped write into the whole (account, period): deletes what the import left untouched in its pairs. */
export async function deleteUntouched(trx: Knex.Transaction, importId: number): Promise<void> {
  await trx.raw(`DELETE FROM "charges" WHERE "id" IN (SELECT "id" FROM "import_undo_charges" WHERE "import_id" = ?)`, [importId]);
}

/**
 * Up to `limit` account numbers whose rows the import removed (or removes): in the shadow, with no
 * row of the same key after it — in the live table, or in each period's built table
 * (shadow-counts.ts ShadowTarget, month-build.ts).
 */
export async function removedAccounts(
  trx: Knex.Transaction, importId: number, spec: { table: 'charges' | 'balances' | 'readings'; key: readonly string[] }, limit: number,
  targets: readonly ShadowTarget[] = [{ table: spec.table }],
): Promise<string[]> {
  const { table, key } = spec;
  const account = table === 'readings' ? 'JOIN "meters" m ON m."id" = u."meter_id" JOIN "accounts" a ON a."id" = m."account_id"' : 'JOIN "accounts" a ON a."id" = u."account_id"';
  const found = new Set<string>();
  for (const target of targets) {
    const gone = `NOT EXISTS (SELECT 1 FROM "${target.table}" t WHERE ${key.map((c) => `t."${c}" = u."${c}"`).join(' AND ')})`;
    const result = await trx.raw(
      `SELECT DISTINCT a."number" AS "number" FROM "import_undo_${table}" u ${account}
        WHERE u."import_id" = ?${target.period === undefined ? '' : ' AND u."period" = ?'} AND ${gone} ORDER BY a."number" LIMIT ?`,
      target.period === undefined ? [importId, limit] : [importId, target.period, limit],
    );
    for (const row of (Array.isArray(result) ? result : result.rows) as { number: string }[]) found.add(String(row.number));
  }
  return [...found].sort().slice(0, limit);
}
