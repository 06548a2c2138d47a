// What an import of a replacing kind did (or will do), counted from its shadow copy — the live
// rows of its (account, period) pairs as they were — against the rows as they are after it: the
// live table (write-replace.ts), or on PostgreSQL each period's table built aside before it is
// swapped in (month-build.ts). One query per target, summed.
import type { Knex } from 'knex';
import { engineOf } from '../../db/dialect/index.ts';
import type { ImportCounts } from './outcome.ts';
import type { ReplaceTable } from './write-replace.ts';

/** Where the rows after the import are: a table, and the one period of the shadow it holds (a built month). */
export interface ShadowTarget {
  table: string;
  period?: string;
}

const rowsOf = (result: unknown): Record<string, unknown>[] => (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows);

/**
 * Inserted/replaced/unchanged/removed. A shadow row whose key has a row after the import is
 * matched: kept when it is the same row (same id: a service a by-service write left alone),
 * unchanged when equal in every compared column, else replaced. Shadow rows without one were removed.
 */
export async function countAgainstShadow(
  trx: Knex.Transaction, importId: number, spec: Pick<ReplaceTable, 'table' | 'key' | 'compare'>, rowsWritten: number,
  targets: readonly ShadowTarget[] = [{ table: spec.table }],
): Promise<Pick<ImportCounts, 'inserted' | 'replaced' | 'unchanged' | 'removed'>> {
  const same = engineOf(trx) === 'postgres' ? 'IS NOT DISTINCT FROM' : 'IS';
  let matched = 0;
  let kept = 0;
  let unchanged = 0;
  for (const target of targets) {
    const result = await trx.raw(
      `SELECT count(*) AS matched, coalesce(sum(CASE WHEN t."id" = u."id" THEN 1 ELSE 0 END), 0) AS kept,
              coalesce(sum(CASE WHEN t."id" <> u."id" AND ${spec.compare.map((c) => `u."${c}" ${same} t."${c}"`).join(' AND ')} THEN 1 ELSE 0 END), 0) AS same
         FROM "import_undo_${spec.table}" u JOIN "${target.table}" t ON ${spec.key.map((c) => `t."${c}" = u."${c}"`).join(' AND ')}
        WHERE u."import_id" = ?${target.period === undefined ? '' : ' AND u."period" = ?'}`,
      target.period === undefined ? [importId] : [importId, target.period],
    );
    const row = rowsOf(result)[0] as { matched: number | string; kept: number | string; same: number | string };
    matched += Number(row.matched);
    kept += Number(row.kept);
    unchanged += Number(row.same);
  }
  const shadow = await trx(`import_undo_${spec.table}`).where({ import_id: importId }).count({ n: '*' }).first();
  const replacedOrSame = matched - kept;
  return {
    inserted: rowsWritten - replacedOrSame, replaced: replacedOrSame - unchanged, unchanged,
    removed: Number(shadow?.n ?? 0) - replacedOrSame - kept,
  };
}
