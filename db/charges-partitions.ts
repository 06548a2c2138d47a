// On PostgreSQL `charges` is partitioned by month (LIST on period): one table per period, plus a
// default one for any row whose month has none. A month's import builds the period's new table
// aside — bare, so a million rows go in at COPY speed — gives it the parent's keys and foreign
// keys (each checked by one set-based pass instead of a trigger per row) and swaps it in for the
// old one in a short step at the end (shared/import/month-build.ts). A partition holds one
// period, so no index on `period` is kept: the partition is the index.
// SQLite keeps one plain table: it stages and moves in its own way (shared/import/stage.ts).
import type { Knex } from 'knex';

export const CHARGES_DEFAULT_PARTITION = 'charges_default';

const PERIOD = /^(\d{4})-(\d{2})$/;

/** The partition of a period: `charges_2026_10`; null for a value that is not `YYYY-MM` (its rows stay in the default one). */
export function chargesPartition(period: string): string | null {
  const m = PERIOD.exec(period);
  return m ? `charges_${m[1]}_${m[2]}` : null;
}

/**
 * The keys of a partition-to-be, named after it: the same definitions as the parent's, so ATTACH
 * PARTITION adopts them instead of building them again; and a check that it holds `period` only,
 * so ATTACH need not read the table to know. Made on the empty table, they are kept up as its
 * rows are copied in (on PostgreSQL's own process, beside the import's reading of the file).
 */
export function partitionKeys(table: string, period: string): string[] {
  if (!chargesPartition(period)) throw new Error(`period ${period} is not YYYY-MM`);
  return [
    `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_pkey" PRIMARY KEY ("id", "period")`,
    `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_account_period_service" UNIQUE ("account_id", "period", "service_id")`,
    // The period is checked (PERIOD) before it is written here, as a literal: DDL takes no parameters.
    `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_period" CHECK ("period" = '${period}')`,
  ];
}

/** The foreign keys of a partition-to-be, each checked by one pass over the table: added once it is full. */
export function partitionForeignKeys(table: string): string[] {
  return [
    `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_account_id_foreign" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE`,
    `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_service_id_foreign" FOREIGN KEY ("service_id") REFERENCES "services" ("id")`,
  ];
}

/** The parent's own keys (migration 0016), which every partition's match. */
export function parentKeys(): string[] {
  return [
    'ALTER TABLE "charges" ADD CONSTRAINT "charges_pkey" PRIMARY KEY ("id", "period")',
    'ALTER TABLE "charges" ADD CONSTRAINT "charges_account_id_period_service_id_unique" UNIQUE ("account_id", "period", "service_id")',
    'ALTER TABLE "charges" ADD CONSTRAINT "charges_account_id_foreign" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE',
    'ALTER TABLE "charges" ADD CONSTRAINT "charges_service_id_foreign" FOREIGN KEY ("service_id") REFERENCES "services" ("id")',
  ];
}

/** A new bare table shaped like `charges` (columns, defaults: ids from the same sequence), for building a partition. */
export async function createBareLikeCharges(db: Knex, table: string): Promise<void> {
  await db.raw(`CREATE TABLE "${table}" (LIKE "charges" INCLUDING DEFAULTS)`);
}

/** Makes a built table, with its keys and foreign keys, the partition of `period` (the period's old one must be gone). */
export async function attachAsPartition(db: Knex, table: string, period: string): Promise<void> {
  if (!chargesPartition(period)) throw new Error(`period ${period} is not YYYY-MM`);
  // The period is checked (PERIOD) before it is ever written here, as a literal: ATTACH takes no parameters.
  await db.raw(`ALTER TABLE "charges" ATTACH PARTITION "${table}" FOR VALUES IN ('${period}')`);
}

/** The period's partition if it is there. */
export async function partitionExists(db: Knex, table: string): Promise<boolean> {
  const result = await db.raw('SELECT to_regclass(?) AS t', [`public.${table}`]);
  return Boolean((result.rows[0] as { t: string | null }).t);
}
