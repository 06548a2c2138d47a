// Start-up step shared by the site, the console and the CLI: bring the schema up to date, put
// back what an import whose process died had written (shared/import/interrupted.ts) and,
// when demo data is enabled and the database is empty, load the demo town. A database that
// already has accounts or users is left alone: that is a normal start, not an error.
import type { Knex } from 'knex';
import type { AppConfig } from '../shared/config/env.ts';
import { recoverInterruptedImports } from '../shared/import/interrupted.ts';
import { formatRubles } from '../shared/money.ts';
import { migrationSource } from './migrations/index.ts';
import { isEmptyForDemo, seedDemo, type SeedSummary } from './seeds/demo.ts';
import { describeDemoState, readDemoState } from './seeds/demo-state.ts';

export type DemoOutcome =
  | { status: 'seeded'; summary: SeedSummary }
  /** DEMO_SEED is off (the default in production). */
  | { status: 'disabled' }
  /** The database already holds accounts or users. */
  | { status: 'not_empty' };

export interface ReadyOutcome {
  /** Migrations applied by this call, oldest first; empty when the schema was current. */
  migrated: string[];
  demo: DemoOutcome;
  /** Imports whose process had died mid-way, put back at this start (present only when there were some). */
  recoveredImports?: number[];
}

/** What is used of the pino logger (shared/logger.ts), so tests can pass a plain object. */
export interface ReadyLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export async function ensureDatabaseReady(
  db: Knex,
  config: Pick<AppConfig, 'demoSeed' | 'timeZone'>,
  logger?: ReadyLogger,
  now: () => Date = () => new Date(),
): Promise<ReadyOutcome> {
  const migrated = await migrate(db);
  if (migrated.length > 0) logger?.info({ migrations: migrated }, `Применены миграции: ${migrated.length}`);
  // A staged import (SQLite) commits its moves as it goes: if its process died, the rows it had
  // moved are put back now, before anyone is served, not at the next import or undo.
  const recovered = await recoverInterruptedImports(db, now().getTime());
  if (recovered.length > 0) logger?.warn({ imports: recovered }, `Прерванные загрузки отменены: № ${recovered.join(', ')}`);
  const ready = recovered.length > 0 ? { migrated, recoveredImports: recovered } : { migrated };
  if (!config.demoSeed) return { ...ready, demo: { status: 'disabled' } };
  if (!(await isEmptyForDemo(db))) {
    await logDemoState(db, config.timeZone, now().getTime(), logger);
    return { ...ready, demo: { status: 'not_empty' } };
  }

  logger?.info({}, 'База пуста: загружаются демо-данные (демо-город)…');
  try {
    const summary = await seedDemo(db, { now: now(), timeZone: config.timeZone });
    logger?.info({ demo: summaryForLog(summary) }, describeSeed(summary));
    await logDemoState(db, config.timeZone, now().getTime(), logger);
    return { ...ready, demo: { status: 'seeded', summary } };
  } catch (error) {
    // Another process (the console and the site started together) may have seeded it first.
    if (!(await isEmptyForDemo(db))) {
      logger?.warn({ error: String(error) }, 'Демо-данные загрузил другой процесс; эта загрузка отменена');
      return { ...ready, demo: { status: 'not_empty' } };
    }
    throw error;
  }
}

/** On every start while the demo town is in use: how to try it, as it stands now. */
async function logDemoState(db: Knex, timeZone: string, now: number, logger: ReadyLogger | undefined): Promise<void> {
  if (!logger) return;
  const state = await readDemoState(db, now);
  if (state) logger.info({ demoState: state }, describeDemoState(state, timeZone));
}

async function migrate(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** «Демо-данные загружены: 500 лицевых счетов, 14 месяцев (2025-09 — 2026-10), за 7,2 с.» */
export function describeSeed(s: SeedSummary): string {
  const seconds = (s.timings.totalMs / 1000).toFixed(1).replace('.', ',');
  return (
    `Демо-данные загружены: ${s.accounts} лицевых счетов в ${s.buildings} домах, ${s.users} пользователей, ` +
    `${s.periods.count} месяцев начислений (${s.periods.first} — ${s.periods.last}), за ${seconds} с. ` +
    `Вход: логин — номер лицевого счёта, пароль — Demo-<номер>, например ${s.showcase.debtor.login} / ${s.showcase.debtor.password}. ` +
    `Консоль: ${s.showcase.staff.map((u) => `${u.login} / ${u.password}`).join(', ')}. ` +
    `Без логина (для заявки или регистрации): ${s.showcase.withoutLogin.map((a) => `${a.accountNumber} (к оплате ${formatRubles(a.lastAmountDue)})`).join(', ')}.`
  );
}

function summaryForLog(s: SeedSummary) {
  return {
    accounts: s.accounts,
    users: s.users,
    periods: s.periods,
    meters: s.meters,
    readings: s.readings,
    charges: s.charges,
    payments: s.payments,
    showcase: {
      debtor: s.showcase.debtor.login,
      advance: s.showcase.advance.login,
      twoAccounts: [s.showcase.twoAccounts.login, s.showcase.twoAccounts.secondAccountNumber],
      pastVerification: s.showcase.pastVerification.login,
    },
    timings: s.timings,
  };
}
