// Migrations are listed here, in order, so they load the same way under tsx, tests and Electron.
import type { Knex } from 'knex';
import * as organisation from './20261123_0001_organisation.ts';
import * as accountsAndResidents from './20261123_0002_accounts_and_residents.ts';
import * as billing from './20261123_0003_billing.ts';
import * as meters from './20261123_0004_meters.ts';
import * as audit from './20261123_0005_audit.ts';
import * as access from './20261123_0006_access.ts';
import * as billingExchange from './20261123_0007_billing_exchange.ts';
import * as cardPayments from './20261123_0008_card_payments.ts';
import * as requests from './20261123_0010_requests.ts';
import * as notifications from './20261123_0011_notifications.ts';
import * as cardPaymentReceipts from './20261123_0012_card_payment_receipts.ts';
import * as overviewIndexes from './20261123_0013_overview_indexes.ts';
import * as importUndoRetention from './20261123_0014_import_undo_retention.ts';
import * as importMoves from './20261207_0015_import_moves.ts';
import * as chargesByMonth from './20261207_0016_charges_by_month.ts';
import * as undoDataUnchecked from './20261207_0017_undo_data_unchecked.ts';
import * as workerHeartbeats from './20261207_0018_worker_heartbeats.ts';
import * as paymentMethods from './20261207_0019_payment_methods.ts';
import * as paymentParts from './20261207_0020_payment_parts.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
  /** `transaction: false`: the migration runs outside a transaction (knex's per-migration config). */
  config?: { transaction?: boolean };
}

const migrations: Record<string, Migration> = {
  '20261123_0001_organisation': organisation,
  '20261123_0002_accounts_and_residents': accountsAndResidents,
  '20261123_0003_billing': billing,
  '20261123_0004_meters': meters,
  '20261123_0005_audit': audit,
  '20261123_0006_access': access,
  '20261123_0007_billing_exchange': billingExchange,
  '20261123_0008_card_payments': cardPayments,
  '20261123_0010_requests': requests,
  '20261123_0011_notifications': notifications,
  '20261123_0012_card_payment_receipts': cardPaymentReceipts,
  '20261123_0013_overview_indexes': overviewIndexes,
  '20261123_0014_import_undo_retention': importUndoRetention,
  '20261207_0015_import_moves': importMoves,
  '20261207_0016_charges_by_month': chargesByMonth,
  '20261207_0017_undo_data_unchecked': undoDataUnchecked,
  '20261207_0018_worker_heartbeats': workerHeartbeats,
  '20261207_0019_payment_methods': paymentMethods,
  '20261207_0020_payment_parts': paymentParts,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};

export async function migrateLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource });
}

export async function rollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
