// PostgreSQL: `charges` becomes partitioned by month, so a month's import can build its period
// aside and swap it in (db/charges-partitions.ts, issue 17: a million rows at COPY speed instead
// of two foreign-key triggers per row). Existing rows move into a partition per period. SQLite
// keeps its plain table: nothing to do there.
import type { Knex } from 'knex';
import { engineOf } from '../dialect/index.ts';
import {
  attachAsPartition, CHARGES_DEFAULT_PARTITION, chargesPartition, createBareLikeCharges, parentKeys, partitionForeignKeys, partitionKeys,
} from '../charges-partitions.ts';

const isPostgres = (knex: Knex) => engineOf(knex) === 'postgres';

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('ALTER TABLE "charges" RENAME TO "charges_plain"');
  for (const name of ['charges_pkey', 'charges_account_id_period_service_id_unique', 'charges_account_id_foreign', 'charges_service_id_foreign']) {
    await knex.raw(`ALTER TABLE "charges_plain" RENAME CONSTRAINT "${name}" TO "${name.replace('charges_', 'charges_plain_')}"`);
  }
  await knex.raw('DROP INDEX "charges_period_index"');
  await knex.raw('CREATE TABLE "charges" (LIKE "charges_plain" INCLUDING DEFAULTS) PARTITION BY LIST ("period")');
  for (const sql of parentKeys()) await knex.raw(sql);
  await knex.raw('ALTER SEQUENCE "charges_id_seq" OWNED BY "charges"."id"');
  await knex.raw(`CREATE TABLE "${CHARGES_DEFAULT_PARTITION}" PARTITION OF "charges" DEFAULT`);
  const periods = (await knex('charges_plain').distinct('period').orderBy('period')).map((r: { period: string }) => r.period);
  for (const period of periods) {
    const table = chargesPartition(period);
    if (!table) continue;
    await createBareLikeCharges(knex, table);
    await knex.raw(`INSERT INTO "${table}" SELECT * FROM "charges_plain" WHERE "period" = ?`, [period]);
    for (const sql of [...partitionKeys(table, period), ...partitionForeignKeys(table)]) await knex.raw(sql);
    await attachAsPartition(knex, table, period);
  }
  // Rows of a period not written YYYY-MM (none are expected) go to the default partition.
  await knex.raw('INSERT INTO "charges" SELECT * FROM "charges_plain" p WHERE NOT EXISTS (SELECT 1 FROM "charges" c WHERE c."id" = p."id" AND c."period" = p."period")');
  await knex.raw('DROP TABLE "charges_plain"');
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('CREATE TABLE "charges_plain" (LIKE "charges" INCLUDING DEFAULTS)');
  await knex.raw('INSERT INTO "charges_plain" SELECT * FROM "charges"');
  await knex.raw('ALTER SEQUENCE "charges_id_seq" OWNED BY "charges_plain"."id"');
  await knex.raw('DROP TABLE "charges" CASCADE');
  await knex.raw('ALTER TABLE "charges_plain" RENAME TO "charges"');
  await knex.raw('ALTER TABLE "charges" ADD CONSTRAINT "charges_pkey" PRIMARY KEY ("id")');
  await knex.raw('ALTER TABLE "charges" ADD CONSTRAINT "charges_account_id_period_service_id_unique" UNIQUE ("account_id", "period", "service_id")');
  await knex.raw('CREATE INDEX "charges_period_index" ON "charges" ("period")');
  await knex.raw('ALTER TABLE "charges" ADD CONSTRAINT "charges_account_id_foreign" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE');
  await knex.raw('ALTER TABLE "charges" ADD CONSTRAINT "charges_service_id_foreign" FOREIGN KEY ("service_id") REFERENCES "services" ("id")');
}
