// Writing the kinds that replace an (account, period) scope: charges, balances, readings.
// Rows are written batch by batch inside the import's one transaction. The first time a batch
// brings an (account, period) pair, the pair is recorded in `import_scopes`, its current rows
// are copied to the table's shadow (`import_undo_<table>`, for undo and for the counts) and
// deleted; then the batch is inserted in bulk. Memory holds two batches (one filling while the
// other is written) in arrays reused all along, and a set of pairs.
import type { Knex } from 'knex';
import type { ImportCounts } from './outcome.ts';
import { periodIndex } from './lookups.ts';
import { buildsMonthsAside, MonthBuild } from './month-build.ts';
import { countAgainstShadow } from './shadow-counts.ts';
import { deleteTriples, removedAccounts } from './replace-scope.ts';
import { STAGE_PAIRS, STAGE_TABLE, StageInserter, type ImportStage } from './stage.ts';
import type { BulkCell, BulkInserter } from './write-bulk.ts';

export interface ReplaceTable {
  table: 'charges' | 'balances' | 'readings';
  /** Columns the import writes, in the order of each row's values. */
  columns: readonly string[];
  /** Every column of the live table, id included: what the shadow keeps. */
  allColumns: readonly string[];
  /** What identifies a row (for "replaced or new"). */
  key: readonly string[];
  /** What must be equal for "unchanged". */
  compare: readonly string[];
}

export const REPLACE_TABLES: Record<ReplaceTable['table'], ReplaceTable> = {
  charges: {
    table: 'charges',
    columns: ['account_id', 'period', 'service_id', 'volume_milli', 'volume_common_milli', 'tariff_mkop', 'charged', 'recalculation',
      'recalculation_reason', 'benefits', 'penalties', 'total'],
    allColumns: ['id', 'account_id', 'period', 'service_id', 'volume_milli', 'volume_common_milli', 'tariff_mkop', 'charged', 'recalculation',
      'recalculation_reason', 'benefits', 'penalties', 'total'],
    key: ['account_id', 'period', 'service_id'],
    compare: ['volume_milli', 'volume_common_milli', 'tariff_mkop', 'charged', 'recalculation', 'recalculation_reason', 'benefits', 'penalties', 'total'],
  },
  balances: {
    table: 'balances',
    columns: ['account_id', 'period', 'opening_balance', 'charged', 'paid', 'penalties', 'total_due', 'paid_until', 'due_date'],
    allColumns: ['id', 'account_id', 'period', 'opening_balance', 'charged', 'paid', 'penalties', 'total_due', 'paid_until', 'due_date'],
    key: ['account_id', 'period'],
    compare: ['opening_balance', 'charged', 'paid', 'penalties', 'total_due', 'paid_until', 'due_date'],
  },
  readings: {
    table: 'readings',
    columns: ['meter_id', 'period', 'zone', 'value_milli', 'taken_on', 'submitted_at', 'source', 'user_id'],
    allColumns: ['id', 'meter_id', 'period', 'zone', 'value_milli', 'taken_on', 'submitted_at', 'source', 'user_id'],
    key: ['meter_id', 'period', 'zone'],
    compare: ['value_milli', 'taken_on', 'source'],
  },
};

/** Rows per JSON text when staging (stageBatch): a whole batch's text (~300 KB) was a large object to V8 and lived until a full collection. */
const STAGE_JSON_ROWS = 1_500;
// Accounts per statement when handling a scope: well under both engines' variable limits.
const SCOPE_CHUNK = 500;

const quoted = (columns: readonly string[], prefix = '') => columns.map((c) => `${prefix}"${c}"`).join(', ');

/** The live rows of `table` for these accounts in one period (readings belong to accounts through meters). */
export function scopeCondition(table: ReplaceTable['table'], accounts: number): string {
  const list = Array.from({ length: accounts }, () => '?').join(', ');
  return table === 'readings'
    ? `"period" = ? AND "meter_id" IN (SELECT "id" FROM "meters" WHERE "account_id" IN (${list}))`
    : `"period" = ? AND "account_id" IN (${list})`;
}

/** Accounts that have rows of `table` in the period (before the import touches it). */
function accountsWithRows(table: ReplaceTable['table'], trx: Knex, period: string): Promise<{ account_id: number }[]> {
  return table === 'readings'
    ? trx('readings as r').join('meters as m', 'm.id', 'r.meter_id').where('r.period', period).distinct('m.account_id')
    : trx(table).where({ period }).distinct('account_id');
}

export interface ReplaceBatch {
  /** The rows' values one row after another, `spec.columns.length` each (see BulkInserter.insertFlat). */
  cells: BulkCell[];
  rows: number;
  /** Scope pairs first seen in this batch: period → accounts. */
  pairs: Map<string, number[]>;
}

export class ReplaceWriter {
  // Two arrays take turns: one fills while the other is written, then it comes back empty.
  private cells: BulkCell[] = [];
  private spare: BulkCell[] | null = null;
  private count = 0;
  private readonly width: number;
  private newPairs = new Map<string, number[]>();
  private seen = new Set<number>();
  // Per period, the accounts that had rows before the import: only their scope has anything to
  // save and delete, so loading a new period costs no query per batch (and no scan on
  // PostgreSQL, whose planner may take the period index for `period = ? AND account_id IN …`).
  private existing = new Map<string, Set<number>>();
  /**
   * Charges only (replace-scope.ts): replace each row's own (account, period, service) instead of
   * the whole pair; the pair is still copied to the shadow. Set before the first write.
   */
  byService = false;

  /**
   * Staged (SQLite, stage.ts): batches go to the stage as they come, each remembered with its new
   * scope pairs and its rows' place there, and move into the live table later in the same order.
   */
  private readonly stage: ImportStage | null = null;
  private readonly staged: { first: number; rows: number; pairs: Map<string, number[]> }[] = [];
  private stagedRows = 0;
  private moved = 0;
  private pairsStaged = false;

  /**
   * Charges on PostgreSQL (month-build.ts): batches go to a bare table, each period's new
   * contents are assembled at the end and swapped in for its partition; nothing live is deleted
   * batch by batch.
   */
  readonly build: MonthBuild | null = null;

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly importId: number,
    readonly spec: ReplaceTable,
    private readonly inserter: BulkInserter,
  ) {
    this.width = spec.columns.length;
    if (buildsMonthsAside(trx, spec.table)) this.build = new MonthBuild(trx, importId, inserter, spec);
    if (inserter instanceof StageInserter) {
      this.stage = inserter.stage;
      this.stage.mover = { batches: () => this.staged.length, move: (trx, b) => this.moveStaged(trx, b) };
    }
  }

  get pending(): number {
    return this.count;
  }

  /** Queues one row (values in `spec.columns` order, copied: the array may be reused) of the account's period. */
  add(values: readonly BulkCell[], accountId: number, period: string): void {
    const pair = accountId * 2048 + periodIndex(period);
    if (!this.seen.has(pair)) {
      this.seen.add(pair);
      const accounts = this.newPairs.get(period);
      if (accounts) accounts.push(accountId);
      else this.newPairs.set(period, [accountId]);
    }
    const cells = this.cells;
    let at = this.count * this.width;
    for (let c = 0; c < this.width; c++) cells[at++] = values[c] ?? null;
    this.count++;
  }

  /** Takes the queued rows and their new scope pairs, so more can be queued while they are written. */
  take(): ReplaceBatch {
    const batch = { cells: this.cells, rows: this.count, pairs: this.newPairs };
    this.cells = this.spare ?? [];
    this.spare = null;
    this.count = 0;
    this.newPairs = new Map();
    return batch;
  }

  /** Writes a taken batch (or stages it); its array is then emptied and reused for a later one. */
  async write(batch: ReplaceBatch): Promise<void> {
    try {
      if (this.stage) await this.stageBatch(batch);
      else await this.writeBatch(batch);
    } finally {
      batch.cells.fill(null, 0, batch.rows * this.width);
      this.spare = batch.cells;
    }
  }

  private async writeBatch(batch: ReplaceBatch): Promise<void> {
    // The month build records the scope itself, set-based, at the end (month-build.ts finish).
    if (this.build) return this.build.append(batch.cells, batch.rows, batch.pairs);
    await this.replaceScopes(this.trx, this.inserter, batch.pairs, this.byService ? batch : null);
    await this.inserter.insertFlat(this.spec.table, this.spec.columns, batch.cells, batch.rows);
  }

  /**
   * Makes room for a batch's rows: records its new scope pairs, copies their live rows to the
   * shadow and deletes them (or, by service, only the rows of the batch's own triples).
   */
  private async replaceScopes(
    trx: Knex.Transaction, inserter: BulkInserter, pairs: Map<string, number[]>, triples: { cells: BulkCell[]; rows: number; width?: number } | null,
  ): Promise<void> {
    const { table, allColumns } = this.spec;
    for (const [period, accounts] of pairs) {
      await inserter.insert('import_scopes', ['import_id', 'account_id', 'period'], accounts.map((accountId) => [this.importId, accountId, period]));
      let before = this.existing.get(period);
      if (!before) {
        before = new Set((await accountsWithRows(table, trx, period)).map((r) => Number(r.account_id)));
        this.existing.set(period, before);
      }
      const replaced = accounts.filter((accountId) => before.has(accountId));
      for (let start = 0; start < replaced.length; start += SCOPE_CHUNK) {
        const chunk = replaced.slice(start, start + SCOPE_CHUNK);
        const where = scopeCondition(table, chunk.length);
        await trx.raw(
          `INSERT INTO "import_undo_${table}" ("import_id", ${quoted(allColumns)}) SELECT ?, ${quoted(allColumns)} FROM "${table}" WHERE ${where}`,
          [this.importId, period, ...chunk],
        );
        if (!triples) await trx.raw(`DELETE FROM "${table}" WHERE ${where}`, [period, ...chunk]);
      }
    }
    if (triples) await deleteTriples(trx, triples.cells, triples.rows, triples.width ?? this.width, this.existing);
  }

  /**
   * Bound as JSON text, 1,500 rows a statement, taken apart by SQLite (json_each) on its own
   * thread while the next batch is parsed: binding each of 48,000 cells from JavaScript cost ~20 %
   * more CPU. A text of a whole batch (~300 KB) would be a large object to V8, kept until the next
   * full collection (~40 MB more peak memory); 1,500 rows (~105 KB) die young.
   */
  private async stageBatch(batch: ReplaceBatch): Promise<void> {
    // The batch goes in one statement, as several JSON texts of STAGE_JSON_ROWS rows: a statement
    // per text left SQLite idle between them until the reading let Node see the last one end
    // (0.4 s a million rows), and one text for all was a large object to V8 (see STAGE_JSON_ROWS).
    const texts: string[] = [];
    for (let start = 0; start < batch.rows; start += STAGE_JSON_ROWS) {
      const end = Math.min(batch.rows, start + STAGE_JSON_ROWS);
      const rows = new Array<BulkCell[]>(end - start);
      for (let r = start; r < end; r++) rows[r - start] = batch.cells.slice(r * this.width, (r + 1) * this.width);
      texts.push(JSON.stringify(rows));
    }
    if (texts.length > 0) await this.stage!.run(this.stageSql(texts.length), texts);
    // A fresh temp table numbers its rows 1, 2, 3… in the order they come.
    this.staged.push({ first: this.stagedRows + 1, rows: batch.rows, pairs: batch.pairs });
    this.stagedRows += batch.rows;
  }

  /**
   * The statement staging `texts` JSON texts of rows, in order: each row made binary JSON once (a
   * materialized CTE), then read by position (json_extract re-read each row's text per column:
   * SQLite CPU 3.2 → 2.2 µs a row). A fresh temp table numbers the rows in the order they come.
   */
  private stageSql(texts: number): string {
    const { columns } = this.spec;
    const each = Array.from({ length: texts }, () => 'SELECT jsonb("value") AS j FROM json_each(?)').join(' UNION ALL ');
    return `WITH r AS MATERIALIZED (${each}) INSERT INTO temp."${STAGE_TABLE}" (${quoted(columns)}) SELECT ${columns.map((_, i) => `j ->> ${i}`).join(', ')} FROM r`;
  }

  /** Moves staged batch `b` into the live table, inside `trx` (stage.ts moveAll). */
  private async moveStaged(trx: Knex.Transaction, b: number): Promise<void> {
    const stage = this.stage!;
    const batch = this.staged[b]!;
    const range = [batch.first, batch.first + batch.rows - 1];
    let triples: { cells: BulkCell[]; rows: number; width: number } | null = null;
    if (this.byService) {
      const found = await stage.all<{ a: number; p: string; s: number }>(
        `SELECT "account_id" AS a, "period" AS p, "service_id" AS s FROM temp."${STAGE_TABLE}" WHERE rowid BETWEEN ? AND ?`, range,
      );
      triples = { cells: found.flatMap((r) => [r.a, r.p, r.s]), rows: found.length, width: 3 };
    }
    await this.replaceScopes(trx, stage.liveInserter, batch.pairs, triples);
    const columns = quoted(this.spec.columns);
    await trx.raw(`INSERT INTO "${this.spec.table}" (${columns}) SELECT ${columns} FROM temp."${STAGE_TABLE}" WHERE rowid BETWEEN ? AND ?`, range);
    this.moved++;
  }

  /**
   * Staged, before any move: what moving the rows would do, from the stage against the live
   * tables, with set-based queries on the stage's connection (reads: no write lock). The same
   * figures counts() gives after the moves. U: the live rows of every (account, period) the file
   * holds (what the moves copy to the shadow); J: the staged rows whose key has a live row (it
   * can only be in U); E: those of J equal in every compared column. Inserted = staged − J,
   * replaced = J − E, unchanged = E, removed = U − J; by service nothing is removed (the rows of
   * services the file does not hold stay). A staged row of a service a dry run has not created
   * has no service id and matches nothing: it is inserted.
   */
  async forecast(rowsWritten: number, byService: boolean): Promise<Pick<ImportCounts, 'inserted' | 'replaced' | 'unchanged' | 'removed'>> {
    const stage = this.stage!;
    const { table, key, compare } = this.spec;
    await this.stagePairs();
    const joined = await stage.all<{ matched: number; same: number }>(
      `SELECT count(*) AS matched, coalesce(sum(CASE WHEN ${compare.map((c) => `s."${c}" IS t."${c}"`).join(' AND ')} THEN 1 ELSE 0 END), 0) AS same
         FROM temp."${STAGE_TABLE}" s JOIN main."${table}" t ON ${key.map((c) => `t."${c}" = s."${c}"`).join(' AND ')}`,
    );
    const matched = Number(joined[0]?.matched ?? 0);
    const unchanged = Number(joined[0]?.same ?? 0);
    const scope = byService ? [{ n: matched }] : await stage.all<{ n: number }>(`SELECT count(*) AS n FROM ${this.scopeRows()}`);
    return { inserted: rowsWritten - matched, replaced: matched - unchanged, unchanged, removed: Number(scope[0]?.n ?? 0) - matched };
  }

  /** Up to `limit` account numbers whose rows the run removes (or removed): from the stage before any move, else the shadow. */
  async removedAccounts(limit: number): Promise<string[]> {
    const { key } = this.spec;
    if (this.build) return this.build.removedAccounts(limit);
    if (!this.stage || this.moved > 0) return removedAccounts(this.trx, this.importId, this.spec, limit);
    const stage = this.stage;
    await this.stagePairs();
    // Rare (a run that removes rows): the stage's key index is made only for it. `+t.` drops the
    // live column's affinity: compared with it, the untyped stage column could not use its index
    // (a scan of the stage per live row). Both hold the same types (integers, text).
    await stage.run(`CREATE INDEX IF NOT EXISTS temp."${STAGE_TABLE}_key" ON "${STAGE_TABLE}" (${quoted(key)})`);
    const rows = await stage.all<{ number: string }>(
      `SELECT DISTINCT a."number" AS "number" FROM ${this.scopeRows()} JOIN main."accounts" a ON a."id" = p."account_id"
        WHERE NOT EXISTS (SELECT 1 FROM temp."${STAGE_TABLE}" s WHERE ${key.map((c) => `s."${c}" = +t."${c}"`).join(' AND ')})
        ORDER BY a."number" LIMIT ?`,
      [limit],
    );
    return rows.map((r) => String(r.number));
  }

  /** The staged (account, period) pairs, once, in a temp table of their own (readings: the meter's account). */
  private async stagePairs(): Promise<void> {
    if (this.pairsStaged) return;
    const stage = this.stage!;
    await stage.run(`DROP TABLE IF EXISTS temp."${STAGE_PAIRS}"`);
    await stage.run(`CREATE TEMP TABLE "${STAGE_PAIRS}" ("account_id", "period", PRIMARY KEY ("account_id", "period")) WITHOUT ROWID`);
    await stage.run(this.spec.table === 'readings'
      ? `INSERT OR IGNORE INTO temp."${STAGE_PAIRS}" SELECT m."account_id", s."period" FROM temp."${STAGE_TABLE}" s JOIN main."meters" m ON m."id" = s."meter_id"`
      : `INSERT OR IGNORE INTO temp."${STAGE_PAIRS}" SELECT "account_id", "period" FROM temp."${STAGE_TABLE}"`);
    this.pairsStaged = true;
  }

  /**
   * FROM clause: the live rows `t` of the staged pairs `p` (what the moves would copy to the
   * shadow). CROSS JOIN keeps SQLite's order, pairs first, each looked up by index: left to
   * itself it may scan every reading of every month.
   */
  private scopeRows(): string {
    const table = this.spec.table;
    return table === 'readings'
      ? `temp."${STAGE_PAIRS}" p CROSS JOIN main."meters" m ON m."account_id" = p."account_id" CROSS JOIN main."readings" t ON t."meter_id" = m."id" AND t."period" = p."period"`
      : `temp."${STAGE_PAIRS}" p CROSS JOIN main."${table}" t ON t."account_id" = p."account_id" AND t."period" = p."period"`;
  }

  /**
   * Inserted/replaced/unchanged/removed, from the shadow copy against what is now live. A shadow
   * row whose live row has the same id was not touched (a service outside a by-service write).
   */
  async counts(rowsWritten: number): Promise<Pick<ImportCounts, 'inserted' | 'replaced' | 'unchanged' | 'removed'>> {
    if (this.build) return this.build.counts(rowsWritten);
    return countAgainstShadow(this.trx, this.importId, this.spec, rowsWritten);
  }
}
