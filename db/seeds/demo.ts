// The demo town: a small Russian town's housing company with 500 accounts and 14 months of
// billing history, for trying the portal and the console and for benchmarks. It only ever goes
// into an EMPTY database (see assertEmptyForDemo): demo logins with published passwords must
// never appear beside real residents.
//
//   const summary = await seedDemo(db, { now: new Date(), timeZone: 'Europe/Moscow' });
//
// Deterministic: the same seed and `now` give the same rows on SQLite and PostgreSQL. The
// accounts in `summary.showcase` (a debtor, an advance payer, the owner of two flats, a meter
// past verification) keep their numbers for a given seed and account count, whatever `now` is.
import type { Knex } from 'knex';
import { addMonths, currentPeriod, type Period } from '../../shared/period.ts';
import { localDate } from '../../shared/time.ts';
import { buildLedger, planTownEvents, type AccountLedger } from './demo-billing.ts';
import { SerialBook, simulateMeters, type DemoMeter, type Timeline } from './demo-meters.ts';
import { buildTown, MIN_ACCOUNTS, pickSecondFlat, SHOWCASE_INDEX, type DemoAccount } from './demo-town.ts';
import { demoPassword, hashPasswords, planUsers } from './demo-users.ts';
import { writeTown } from './demo-write.ts';
import { DEMO_STAFF, NO_LOGIN_INDEXES, SUSPICIOUS_INDEX, writeOffice } from './demo-office.ts';
import { markDemoTown } from './demo-state.ts';
import { createRandom } from './random.ts';

export { demoPassword } from './demo-users.ts';

export interface SeedDemoOptions {
  now: Date | number;
  timeZone: string;
  /** Accounts (flats) in the town; default 500, at least 20. */
  accounts?: number;
  /** Billed months, ending with the month before the current one; default 14. */
  months?: number;
  /** Seed of the random generator; default 354 (after ПП № 354). */
  seed?: number;
}

export interface DemoLogin {
  login: string;
  password: string;
  accountNumber: string;
  address: string;
}

export interface SeedSummary {
  accounts: number;
  users: number;
  buildings: number;
  periods: { first: Period; last: Period; count: number };
  meters: { total: number; archived: number; pastVerification: number };
  readings: number;
  charges: number;
  payments: number;
  /** Accounts owing more than their last bill at the end of the last billed month. */
  debtors: number;
  /** Accounts with an advance (negative balance) at the end of the last billed month. */
  advances: number;
  showcase: {
    debtor: DemoLogin;
    advance: DemoLogin;
    twoAccounts: DemoLogin & { secondAccountNumber: string; secondAddress: string };
    pastVerification: DemoLogin & { meterSerial: string; verificationDue: string };
    /** Accounts without a login yet; the first two have applications waiting in the console. */
    withoutLogin: { accountNumber: string; ownerName: string; lastAmountDue: number }[];
    staff: { login: string; password: string; role: string }[];
  };
  timings: { simulateMs: number; hashMs: number; writeMs: number; totalMs: number };
}

export const DEMO_DEFAULTS = { accounts: 500, months: 14, seed: 354 } as const;

export class DemoSeedRefusedError extends Error {
  constructor() {
    super('В базе уже есть данные: демо-данные загружаются только в пустую базу');
    this.name = 'DemoSeedRefusedError';
  }
}

/** True when the database holds no accounts and no users (companies alone are not resident data). */
export async function isEmptyForDemo(db: Knex): Promise<boolean> {
  for (const table of ['accounts', 'users']) {
    if (await db(table).first('id')) return false;
  }
  return true;
}

/** Refuses, with a Russian message, to put demo residents into a database that has real ones. */
export async function assertEmptyForDemo(db: Knex): Promise<void> {
  if (!(await isEmptyForDemo(db))) throw new DemoSeedRefusedError();
}

export async function seedDemo(db: Knex, options: SeedDemoOptions): Promise<SeedSummary> {
  const started = Date.now();
  const o = {
    accounts: options.accounts ?? DEMO_DEFAULTS.accounts,
    months: options.months ?? DEMO_DEFAULTS.months,
    seed: options.seed ?? DEMO_DEFAULTS.seed,
  };
  validate(o);
  // Checked before the slow part (hashing), and again inside the transaction against a race.
  await assertEmptyForDemo(db);

  const now = typeof options.now === 'number' ? options.now : options.now.getTime();
  const timeline = timelineOf(now, options.timeZone, o.months);
  const town = simulateTown(timeline, o.accounts, o.seed);
  const simulated = Date.now();

  const hashes = await hashPasswords(town.users);
  const hashed = Date.now();

  await db.transaction(async (trx) => {
    await assertEmptyForDemo(trx);
    const accountIds = await writeTown(trx, { ...town, passwordHashes: hashes }, now);
    await writeOffice(trx, { accounts: town.accounts, accountIds, now, timeZone: options.timeZone });
    await markDemoTown(trx, {
      seededAt: now,
      example: (town.accounts[SHOWCASE_INDEX.debtor] as DemoAccount).number,
      staff: DEMO_STAFF.map((s) => s.login),
      withoutLogin: NO_LOGIN_INDEXES.map((i) => (town.accounts[i] as DemoAccount).number),
      suspicious: (town.accounts[SUSPICIOUS_INDEX] as DemoAccount).number,
    });
  });
  const written = Date.now();

  return summarize(town, timeline, {
    simulateMs: simulated - started,
    hashMs: hashed - simulated,
    writeMs: written - hashed,
    totalMs: written - started,
  });
}

function validate(o: { accounts: number; months: number; seed: number }): void {
  if (!Number.isInteger(o.accounts) || o.accounts < MIN_ACCOUNTS) {
    throw new RangeError(`Демо-город: число лицевых счетов должно быть целым и не меньше ${MIN_ACCOUNTS}`);
  }
  if (!Number.isInteger(o.months) || o.months < 2 || o.months > 120) {
    throw new RangeError('Демо-город: число месяцев начислений должно быть от 2 до 120');
  }
  if (!Number.isInteger(o.seed)) throw new RangeError('Демо-город: seed должен быть целым числом');
}

export function timelineOf(now: number, timeZone: string, months: number): Timeline {
  const current = currentPeriod(now, timeZone);
  const billedPeriods = Array.from({ length: months }, (_, i) => addMonths(current, i - months));
  return {
    readingPeriods: [addMonths(current, -months - 1), ...billedPeriods],
    billedPeriods,
    current,
    today: localDate(now, timeZone),
    timeZone,
  };
}

// ─── Simulation ──────────────────────────────────────────────────────────────

type SimulatedTown = ReturnType<typeof simulateTown>;

function simulateTown(timeline: Timeline, accountCount: number, seed: number) {
  const random = createRandom(seed);
  const { buildings, accounts } = buildTown(random.fork('town'), accountCount);
  const twoAccounts = { first: accounts[SHOWCASE_INDEX.twoAccountsFirst] as DemoAccount, second: pickSecondFlat(accounts) };
  twoAccounts.second.ownerName = twoAccounts.first.ownerName;
  twoAccounts.second.profile = 'regular';

  const events = planTownEvents(random.fork('events'), buildings, timeline);
  const serials = new SerialBook();
  const meters: DemoMeter[] = [];
  const ledgers: AccountLedger[] = [];
  for (const account of accounts) {
    const simulated = simulateMeters(account, random.fork(`meters:${account.number}`), timeline, serials, {
      forceExpired: account.index === SHOWCASE_INDEX.expiredMeter,
    });
    meters.push(...simulated.meters);
    ledgers.push(
      buildLedger(account, simulated.volumes, random.fork(`ledger:${account.number}`), {
        timeline,
        events,
        lastingAdvance: account.index === SHOWCASE_INDEX.advance,
      }),
    );
  }
  return {
    buildings,
    accounts,
    twoAccounts,
    meters,
    charges: ledgers.flatMap((l) => l.charges),
    balances: ledgers.flatMap((l) => l.balances),
    payments: ledgers.flatMap((l) => l.payments),
    users: planUsers(accounts, random.fork('users'), twoAccounts),
  };
}

// ─── Summary ─────────────────────────────────────────────────────────────────

function summarize(town: SimulatedTown, timeline: Timeline, timings: SeedSummary['timings']): SeedSummary {
  const last = timeline.billedPeriods[timeline.billedPeriods.length - 1] as Period;
  const finals = town.balances.filter((b) => b.period === last);
  const login = (a: DemoAccount): DemoLogin => ({ login: a.number, password: demoPassword(a.number), accountNumber: a.number, address: a.address });
  const expiredAccount = town.accounts[SHOWCASE_INDEX.expiredMeter] as DemoAccount;
  const expiredMeter = town.meters.find((m) => m.accountIndex === expiredAccount.index && m.archivedAt === null && m.verificationDue < timeline.today);
  if (!expiredMeter) throw new Error('demo seed: the showcase meter past verification is missing');
  return {
    accounts: town.accounts.length,
    users: town.users.length,
    buildings: town.buildings.length,
    periods: { first: timeline.billedPeriods[0] as Period, last, count: timeline.billedPeriods.length },
    meters: {
      total: town.meters.length,
      archived: town.meters.filter((m) => m.archivedAt !== null).length,
      pastVerification: town.meters.filter((m) => m.archivedAt === null && m.verificationDue < timeline.today).length,
    },
    readings: town.meters.reduce((n, m) => n + m.readings.length, 0),
    charges: town.charges.length,
    payments: town.payments.length,
    debtors: finals.filter((b) => b.totalDue > b.charged).length,
    advances: finals.filter((b) => b.totalDue < 0).length,
    showcase: {
      debtor: login(town.accounts[SHOWCASE_INDEX.debtor] as DemoAccount),
      advance: login(town.accounts[SHOWCASE_INDEX.advance] as DemoAccount),
      twoAccounts: {
        ...login(town.twoAccounts.first),
        secondAccountNumber: town.twoAccounts.second.number,
        secondAddress: town.twoAccounts.second.address,
      },
      pastVerification: { ...login(expiredAccount), meterSerial: expiredMeter.serial, verificationDue: expiredMeter.verificationDue },
      withoutLogin: NO_LOGIN_INDEXES.map((i) => town.accounts[i] as DemoAccount).map((a) => ({
        accountNumber: a.number,
        ownerName: a.ownerName,
        // What self-registration asks for: the amount due on the last receipt.
        lastAmountDue: finals.find((b) => b.accountIndex === a.index)?.totalDue ?? 0,
      })),
      staff: DEMO_STAFF.map((s) => ({ login: s.login, password: s.password, role: s.role })),
    },
    timings,
  };
}
