// Putting back what an import wrote, from its undo data: the replaced scope's rows come back from
// the shadow tables with their ids, rows it updated get their old values, rows it inserted are
// deleted. Undo (history.ts) and the recovery of a staged run that failed or died mid-way
// (interrupted.ts) both go through here.
import type { Knex } from 'knex';
import type { Row } from '../../db/bulk-insert.ts';
import { conflict } from '../errors.ts';
import type { ImportKind } from './rows.ts';
import { deleteUndoData } from './undo-retention.ts';
import { REPLACE_TABLES, scopeCondition } from './write-replace.ts';

const SCOPE_CHUNK = 500;

/**
 * Puts back everything an import wrote and deletes its undo data, in `trx`: for a staged import
 * (stage.ts) that failed or was interrupted after some of its moves were committed (interrupted.ts).
 */
export async function revertImportData(trx: Knex.Transaction, importId: number, kind: ImportKind): Promise<void> {
  if (kind === 'charges' || kind === 'balances' || kind === 'readings') await undoReplace(trx, importId, kind);
  await undoUpserts(trx, importId);
  await deleteUndoData(trx, importId);
}

export async function undoReplace(trx: Knex.Transaction, importId: number, kind: 'charges' | 'balances' | 'readings'): Promise<void> {
  const spec = REPLACE_TABLES[kind];
  const scopes: { account_id: number; period: string }[] = await trx('import_scopes').where({ import_id: importId }).select('account_id', 'period');
  const byPeriod = new Map<string, number[]>();
  for (const s of scopes) {
    const list = byPeriod.get(s.period) ?? [];
    list.push(Number(s.account_id));
    byPeriod.set(s.period, list);
  }
  // The import left only its own rows ('billing') in its scope, so any other reading there was
  // sent by a resident or a clerk after it: newer than what the import replaced, it stays, and
  // the reading the import had replaced for the same meter, period and zone is not brought back.
  const keepLater = kind === 'readings' ? ` AND "source" = 'billing'` : '';
  for (const [period, accounts] of byPeriod) {
    for (let start = 0; start < accounts.length; start += SCOPE_CHUNK) {
      const chunk = accounts.slice(start, start + SCOPE_CHUNK);
      await trx.raw(`DELETE FROM "${spec.table}" WHERE ${scopeCondition(spec.table, chunk.length)}${keepLater}`, [period, ...chunk]);
    }
  }
  const columns = spec.allColumns.map((c) => `"${c}"`).join(', ');
  const notSuperseded = kind === 'readings'
    ? ` AND NOT EXISTS (SELECT 1 FROM "readings" t WHERE t."meter_id" = u."meter_id" AND t."period" = u."period" AND t."zone" = u."zone")`
    : '';
  await trx.raw(
    `INSERT INTO "${spec.table}" (${columns}) SELECT ${spec.allColumns.map((c) => `u."${c}"`).join(', ')} FROM "import_undo_${spec.table}" u WHERE u."import_id" = ?${notSuperseded}`,
    [importId],
  );
}

export async function undoUpserts(trx: Knex.Transaction, importId: number): Promise<void> {
  const entries: { table_name: string; op: string; row_id: number; row: string | null }[] = await trx('import_undo_rows')
    .where({ import_id: importId }).orderBy('id', 'desc').select('table_name', 'op', 'row_id', 'row');
  const inserted = entries.filter((e) => e.op === 'insert' && e.table_name === 'accounts').map((e) => Number(e.row_id));
  for (let start = 0; start < inserted.length; start += SCOPE_CHUNK) {
    const linked = await trx('user_accounts').whereIn('account_id', inserted.slice(start, start + SCOPE_CHUNK)).first('account_id');
    if (linked) throw conflict('Нельзя отменить загрузку: к созданным ею лицевым счетам уже привязаны жители');
  }
  // Newest first: accounts go before the buildings they were created in.
  for (const e of entries) {
    if (e.op === 'insert') {
      await trx(e.table_name).where({ id: e.row_id }).delete();
    } else {
      const old = JSON.parse(String(e.row)) as Row;
      const { id, ...values } = old;
      await trx(e.table_name).where({ id: id ?? e.row_id }).update(values);
    }
  }
}
