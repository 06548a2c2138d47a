// Writing the kinds that update rows in place by a natural key: accounts (by number), meters (by
// account, service and serial), payments (by source and billing's id); also the buildings and
// services an import creates. Each batch loads the existing rows for its keys, leaves equal ones
// alone, updates changed ones (keeping the old row as JSON in `import_undo_rows`) and inserts
// the rest (listing their ids there, so undo can delete them).
import type { Knex } from 'knex';
import { insertRows, type Row } from '../../db/bulk-insert.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export interface UpsertTable {
  table: 'accounts' | 'meters' | 'payments';
  /** The columns that identify a row. */
  key: readonly string[];
  /** Columns an import sets; a row whose values all match is unchanged. */
  compare: readonly string[];
  /** Existing rows (all columns) that may match these keys: one indexed query per batch. */
  existing(trx: Knex.Transaction, rows: Row[]): Promise<Record<string, unknown>[]>;
}

export const UPSERT_TABLES: Record<UpsertTable['table'], UpsertTable> = {
  accounts: {
    table: 'accounts',
    key: ['number'],
    compare: ['building_id', 'flat', 'address', 'total_area_cm2', 'living_area_cm2', 'residents', 'owner_name', 'owner_passport_hash', 'status'],
    existing: (trx, rows) => trx('accounts').whereIn('number', rows.map((r) => String(r.number))).select('*'),
  },
  meters: {
    table: 'meters',
    key: ['account_id', 'service_id', 'serial'],
    compare: ['zones', 'precision', 'location', 'installed_on', 'verified_on', 'verification_due', 'archived_at'],
    existing: (trx, rows) => trx('meters').whereIn('account_id', [...new Set(rows.map((r) => Number(r.account_id)))]).select('*'),
  },
  payments: {
    table: 'payments',
    key: ['source', 'external_id'],
    compare: ['account_id', 'amount', 'paid_at', 'period', 'status'],
    existing: (trx, rows) => trx('payments').whereIn('external_id', rows.map((r) => String(r.external_id))).select('*'),
  },
};

const keyOf = (spec: UpsertTable, row: Record<string, unknown>) => spec.key.map((c) => String(row[c])).join('|');
// SQLite returns booleans as 0/1 and both engines agree on the rest after db/connection.ts.
function same(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  return x === null || y === null ? x === y : String(x) === String(y);
}

export interface UpsertCounts {
  inserted: number;
  replaced: number;
  unchanged: number;
}

export class UpsertWriter {
  private rows: Row[] = [];
  readonly counts: UpsertCounts = { inserted: 0, replaced: 0, unchanged: 0 };

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly importId: number,
    readonly spec: UpsertTable,
    /** Columns set only on insert (created_at) and on every write (updated_at). */
    private readonly stamps: { onInsert: Row; onUpdate: Row },
    /**
     * Count only, write nothing (a dry run on SQLite, load.ts: no transaction, so no write lock).
     * The counts are the run's: a file holds each key once, so no batch depends on an earlier one's writes.
     */
    private readonly preview = false,
  ) {}

  get pending(): number {
    return this.rows.length;
  }

  add(row: Row): void {
    this.rows.push(row);
  }

  queued(): Row[] {
    return this.rows;
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const { table, compare } = this.spec;
    const existing = new Map((await this.spec.existing(this.trx, this.rows)).map((r) => [keyOf(this.spec, r), r]));
    const inserts: Row[] = [];
    const undo: Row[] = [];
    for (const row of this.rows) {
      const old = existing.get(keyOf(this.spec, row));
      if (!old) {
        inserts.push({ ...row, ...this.stamps.onInsert });
        continue;
      }
      const changed = compare.filter((c) => !same(old[c], row[c]));
      if (changed.length === 0) {
        this.counts.unchanged++;
        continue;
      }
      this.counts.replaced++;
      if (this.preview) continue;
      undo.push({ import_id: this.importId, table_name: table, op: 'update', row_id: Number(old.id), row: JSON.stringify(old) });
      const patch: Row = { ...this.stamps.onUpdate };
      for (const c of changed) patch[c] = row[c] ?? null;
      await this.trx(table).where({ id: old.id }).update(patch);
    }
    if (this.preview) {
      this.counts.inserted += inserts.length;
      this.rows = [];
      return;
    }
    if (inserts.length > 0) {
      await insertRows(this.trx, table, inserts);
      this.counts.inserted += inserts.length;
      const ids = await this.spec.existing(this.trx, inserts);
      const wanted = new Set(inserts.map((r) => keyOf(this.spec, r)));
      for (const r of ids) {
        if (wanted.has(keyOf(this.spec, r)) && !existing.has(keyOf(this.spec, r))) {
          undo.push({ import_id: this.importId, table_name: table, op: 'insert', row_id: Number(r.id), row: null });
        }
      }
    }
    await insertRows(this.trx, 'import_undo_rows', undo);
    this.rows = [];
  }
}

/** Inserts one row the import creates (a building, a service), listed for undo; returns its id. */
export async function insertForImport(trx: Knex.Transaction, importId: number, table: 'buildings' | 'services', row: Row): Promise<number> {
  const [created] = await trx(table).insert(row).returning('id');
  const id = insertedId(created);
  await trx('import_undo_rows').insert({ import_id: importId, table_name: table, op: 'insert', row_id: id, row: null });
  return id;
}
