// A charges import on PostgreSQL builds each period's new partition aside and swaps it in at the
// end (db/charges-partitions.ts). COPY into `charges` itself ran two foreign-key triggers and
// three index insertions per row (73,000 rows/s). Now each period's rows go into a table of their
// own that has the partition's keys but no foreign keys: PostgreSQL keeps its two indexes up on
// its own process while the import reads the file, and the foreign keys are checked at the end
// by one pass each.
//
// Nothing live is touched while the file is read. At the end (finish) each period's scope is
// recorded (import_scopes, and the shadow copy of its live rows for undo), set-based, and its new
// contents are assembled: the file's rows plus the live rows it does not replace. Counting, the summary and
// a dry run read those tables; a real run then adds the foreign keys and swaps them in (swap), in
// the import's one transaction: readers see the old month until the commit, then the new one.
import type { Knex } from 'knex';
import { engineOf } from '../../db/dialect/index.ts';
import {
  attachAsPartition, CHARGES_DEFAULT_PARTITION, chargesPartition, createBareLikeCharges, partitionExists, partitionForeignKeys, partitionKeys,
} from '../../db/charges-partitions.ts';
import type { ImportCounts } from './outcome.ts';
import { removedAccounts } from './replace-scope.ts';
import { countAgainstShadow, type ShadowTarget } from './shadow-counts.ts';
import type { BulkCell, BulkInserter } from './write-bulk.ts';
import type { ReplaceTable } from './write-replace.ts';

/** pg_advisory_xact_lock's key for "a charges import is writing": one at a time, whole transaction. */
const CHARGES_IMPORT_LOCK = 0x6b6b7001;
/** How long the swap waits for the parent's exclusive lock at a time, and how many times it tries. */
const SWAP_LOCK_WAIT_MS = 500;
const SWAP_LOCK_TRIES = 120;

interface PeriodBuild {
  period: string;
  /** The bare table holding the period's new contents. */
  table: string;
  /** The partition it becomes. */
  partition: string;
}

/** Whether an import of `table` builds its months aside: charges on PostgreSQL (the one partitioned table). */
export function buildsMonthsAside(db: Knex, table: string): boolean {
  return table === 'charges' && engineOf(db) === 'postgres';
}

/**
 * Called first in a charges import's transaction, before it reads anything: waits for any other
 * charges import to commit. Two at once would each assemble a month from what the other has not
 * yet swapped in, and each would hold what the other's swap must lock (a deadlock).
 */
export async function waitForOtherChargesImports(trx: Knex.Transaction): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [CHARGES_IMPORT_LOCK]);
}

export class MonthBuild {
  /** Each period's table, in the order the file brought them. */
  private readonly tables = new Map<string, string>();
  private builds: PeriodBuild[] | null = null;
  /** The file's (account, period) pairs, period → accounts, each once. */
  private readonly scopes = new Map<string, number[]>();
  /** Rows of a batch that holds several periods, split per period (arrays reused batch after batch). */
  private readonly split = new Map<string, { cells: BulkCell[]; rows: number }>();

  private readonly columns: readonly string[];

  /** `spec`: charges' (write-replace.ts REPLACE_TABLES). */
  constructor(
    private readonly trx: Knex.Transaction,
    private readonly importId: number,
    private readonly inserter: BulkInserter,
    private readonly spec: ReplaceTable,
  ) {
    this.columns = spec.columns;
    if (this.columns[1] !== 'period') throw new Error('month-build: the second column must be the period');
  }

  /**
   * Copies a batch of rows (values in `columns` order, one row after another) into the tables of
   * their periods; `pairs`: the (account, period) pairs the batch brings first, period → accounts
   * (each new period gets its table; the pairs are the import's scope, recorded at the end).
   */
  async append(cells: readonly BulkCell[], rows: number, pairs: ReadonlyMap<string, readonly number[]>): Promise<void> {
    for (const [period, accounts] of pairs) {
      if (!this.tables.has(period)) {
        // The COPY left open for the previous batches ends before any other statement (copy-stream.ts).
        await this.inserter.settle();
        await this.createTable(period);
      }
      const scope = this.scopes.get(period);
      if (scope) for (const accountId of accounts) scope.push(accountId);
      else this.scopes.set(period, [...accounts]);
    }
    if (rows === 0) return;
    const width = this.columns.length;
    // The COPY stays open from batch to batch (while the file holds one period), so the file's
    // reading never waits for the database to finish a batch; finish() ends it.
    if (this.tables.size === 1) return this.inserter.insertFlat(this.tables.values().next().value!, this.columns, cells, rows, { keepOpen: true });
    for (const part of this.split.values()) part.rows = 0;
    for (let r = 0, at = 0; r < rows; r++, at += width) {
      const period = cells[at + 1] as string;
      let part = this.split.get(period);
      if (!part) this.split.set(period, (part = { cells: [], rows: 0 }));
      let to = part.rows * width;
      for (let c = 0; c < width; c++) part.cells[to++] = cells[at + c] ?? null;
      part.rows++;
    }
    for (const [period, part] of this.split) {
      if (part.rows > 0) await this.inserter.insertFlat(this.tables.get(period)!, this.columns, part.cells, part.rows, { keepOpen: true });
      part.cells.fill(null, 0, part.rows * width);
    }
  }

  /** A bare table for the period with the partition's keys (not its foreign keys: swap adds those). */
  private async createTable(period: string): Promise<void> {
    if (!chargesPartition(period)) throw new Error(`period ${period} is not YYYY-MM`);
    const table = `charges_build_${this.importId}_${period.replace('-', '_')}`;
    await createBareLikeCharges(this.trx, table);
    for (const sql of partitionKeys(table, period)) await this.trx.raw(sql);
    this.tables.set(period, table);
  }

  /**
   * Assembles each period's new contents: the file's rows, then the live rows it leaves — those
   * outside its (account, period) pairs, or by service outside its (account, period, service)
   * triples. Writers of charges wait from here to the commit, so no row changes unseen.
   */
  async finish(byService: boolean): Promise<void> {
    await this.inserter.settle();
    if (this.builds) return;
    this.builds = [];
    if (this.tables.size === 0) return;
    // SHARE ROW EXCLUSIVE: reads go on; other writers (an account's cascading delete) wait.
    await this.trx.raw('LOCK TABLE "charges" IN SHARE ROW EXCLUSIVE MODE');
    for (const [period, table] of [...this.tables].sort(([a], [b]) => a.localeCompare(b))) {
      const partition = chargesPartition(period)!;
      const live = (await partitionExists(this.trx, partition)) ? partition : CHARGES_DEFAULT_PARTITION;
      // The scope and its undo copy, before the kept rows join the file's: its (account, period)
      // pairs, as the writer collected them (a DISTINCT over the month's table took 0.5 s a
      // million rows), then, set-based, every live row of those pairs as it was.
      await this.recordScope(period);
      const inScope = `EXISTS (SELECT 1 FROM "import_scopes" s WHERE s."import_id" = ? AND s."account_id" = o."account_id" AND s."period" = o."period")`;
      const all = this.spec.allColumns;
      await this.trx.raw(
        `INSERT INTO "import_undo_charges" ("import_id", ${all.map((c) => `"${c}"`).join(', ')})
         SELECT ?, ${all.map((c) => `o."${c}"`).join(', ')} FROM "${live}" o WHERE o."period" = ? AND ${inScope}`,
        [this.importId, period, this.importId],
      );
      const replaced = byService ? `EXISTS (SELECT 1 FROM "${table}" b WHERE b."account_id" = o."account_id" AND b."service_id" = o."service_id")` : inScope;
      // A statement does not see its own inserts: the anti-join reads the file's rows only.
      await this.trx.raw(
        `INSERT INTO "${table}" SELECT o.* FROM "${live}" o WHERE o."period" = ? AND NOT ${replaced}`,
        byService ? [period] : [period, this.importId],
      );
      this.builds.push({ period, table, partition });
    }
  }

  /** Writes the period's pairs to import_scopes, in flat chunks through one COPY (BulkInserter.insertFlat). */
  private async recordScope(period: string): Promise<void> {
    const accounts = this.scopes.get(period) ?? [];
    const CHUNK = 10_000;
    const cells: BulkCell[] = [];
    for (let start = 0; start < accounts.length; start += CHUNK) {
      const end = Math.min(accounts.length, start + CHUNK);
      let at = 0;
      for (let i = start; i < end; i++) {
        cells[at++] = this.importId;
        cells[at++] = accounts[i]!;
        cells[at++] = period;
      }
      // One COPY for all the chunks: the database takes a chunk while the next is encoded.
      await this.inserter.insertFlat('import_scopes', ['import_id', 'account_id', 'period'], cells, end - start, { keepOpen: true });
    }
    await this.inserter.settle();
  }

  /** The built tables, each holding one period's rows as they will be (shadow-counts.ts). */
  private targets(): ShadowTarget[] {
    return (this.builds ?? []).map(({ table, period }) => ({ table, period }));
  }

  /** Inserted/replaced/unchanged/removed, against the built tables (as the rows will be once swapped in). */
  counts(rowsWritten: number): Promise<Pick<ImportCounts, 'inserted' | 'replaced' | 'unchanged' | 'removed'>> {
    return countAgainstShadow(this.trx, this.importId, this.spec, rowsWritten, this.targets());
  }

  /** Up to `limit` account numbers whose rows the run removes: in the shadow, with no row of the same key built. */
  removedAccounts(limit: number): Promise<string[]> {
    return removedAccounts(this.trx, this.importId, this.spec, limit, this.targets());
  }

  /**
   * A real run: gives each built table its keys (one pass each, while readers still see the old
   * month), then replaces the period's partition with it. The replacing takes the parent's
   * exclusive lock, so it comes last and is short: residents' reads of charges wait from here to
   * the commit, a few milliseconds.
   */
  async swap(): Promise<void> {
    await this.inserter.settle();
    const builds = this.builds ?? [];
    if (builds.length === 0) return;
    // Statistics are left to autovacuum (it analyses a table this new within its next round);
    // until then the planner sizes the table by its pages, and an account's charges come by the
    // unique key.
    for (const { table } of builds) for (const sql of partitionForeignKeys(table)) await this.trx.raw(sql);
    await this.lockParent();
    for (const { period, table, partition } of builds) {
      if (await partitionExists(this.trx, partition)) {
        await this.trx.raw(`ALTER TABLE "charges" DETACH PARTITION "${partition}"`);
        await this.trx.raw(`DROP TABLE "${partition}"`);
      } else {
        // The period's rows lived in the default partition: they are in the built table now (or replaced).
        await this.trx.raw(`DELETE FROM "${CHARGES_DEFAULT_PARTITION}" WHERE "period" = ?`, [period]);
      }
      await this.trx.raw(`ALTER TABLE "${table}" RENAME TO "${partition}"`);
      await attachAsPartition(this.trx, partition, period);
    }
  }

  /**
   * Takes the parent's exclusive lock, waiting at most SWAP_LOCK_WAIT_MS at a time: while the
   * swap waits behind a long reader (an export), every resident's read of charges would queue
   * behind the swap. So it steps back (a savepoint), lets them through and tries again.
   */
  private async lockParent(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.trx.transaction(async (sp) => {
          await sp.raw(`SET LOCAL lock_timeout = ${SWAP_LOCK_WAIT_MS}`);
          await sp.raw('LOCK TABLE "charges" IN ACCESS EXCLUSIVE MODE');
        });
        await this.trx.raw('SET LOCAL lock_timeout = 0');
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55P03' || attempt >= SWAP_LOCK_TRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, SWAP_LOCK_WAIT_MS));
      }
    }
  }
}
