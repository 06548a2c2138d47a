// The demo town on both engines: its size, that its money adds up to the kopeck, that its
// meter readings behave like real ones, that demo users can sign in, and that it refuses to
// touch a database that already has data.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Knex } from 'knex';
import { ensureDatabaseReady } from '../../../db/ensure-ready.ts';
import { migrationSource } from '../../../db/migrations/index.ts';
import { assertEmptyForDemo, demoPassword, seedDemo, type SeedSummary } from '../../../db/seeds/demo.ts';
import { needsRehash, verifyPassword } from '../../../shared/auth/password.ts';
import { authenticate } from '../../../shared/residents/login.ts';
import { addMonths } from '../../../shared/period.ts';
import { getSettings } from '../../../shared/settings/settings.ts';
import { forEachEngine } from '../../support/engines.ts';
import { describeDemoState, readDemoState } from '../../../db/seeds/demo-state.ts';
import { lastReceiptAmount } from '../../../shared/access/register.ts';
import { formatRubles } from '../../../shared/money.ts';
import { readFileSync } from 'node:fs';

const NOW = new Date('2026-11-23T09:00:00Z'); // 12:00 in Moscow, inside the readings window
const TIME_ZONE = 'Europe/Moscow';
const CURRENT = '2026-11';
const PERIODS = Array.from({ length: 14 }, (_, i) => addMonths('2025-09', i));
const REFUSAL = 'В базе уже есть данные: демо-данные загружаются только в пустую базу';
const TABLES = [
  'companies', 'settings', 'services', 'buildings', 'accounts', 'users', 'user_accounts',
  'meters', 'readings', 'charges', 'balances', 'payments',
];

interface ReadingRow {
  meter_id: number;
  period: string;
  zone: number;
  value_milli: number;
}

async function count(db: Knex, table: string): Promise<number> {
  const row = await db(table).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

async function tableCounts(db: Knex): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await count(db, t)] as const)));
}

function key(...parts: (string | number)[]): string {
  return parts.join('|');
}

forEachEngine('demo town', (ctx) => {
  describe('seed', () => {
    const database = ctx.databaseForSuite();
    const db = () => database().db;
    let summary: SeedSummary;

    before(async () => {
      summary = await seedDemo(db(), { now: NOW, timeZone: TIME_ZONE });
    });

    it('creates 500 accounts with unique digit-only numbers, owners and areas', async () => {
      const accounts: { number: string; owner_name: string; total_area_cm2: number; building_id: number }[] = await db()('accounts').select(
        'number', 'owner_name', 'total_area_cm2', 'building_id',
      );
      assert.equal(accounts.length, 500);
      assert.equal(summary.accounts, 500);
      assert.equal(new Set(accounts.map((a) => a.number)).size, 500);
      for (const a of accounts) {
        assert.match(a.number, /^\d{8}$/);
        assert.match(a.owner_name, /^[А-ЯЁ][а-яё-]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$/);
        assert.ok(a.total_area_cm2 > 25_00 && a.total_area_cm2 < 90_00, `area ${a.total_area_cm2}`);
      }
      assert.ok(new Set(accounts.map((a) => a.owner_name)).size > 400, 'owner names are varied');
      assert.ok(new Set(accounts.map((a) => a.building_id)).size >= 5);
    });

    it('stores the company settings the portal reads', async () => {
      const s = await getSettings(db(), ['company.operatorId', 'readings.window', 'registration.mode', 'support.phone', 'support.email', 'emergency.phone']);
      const operator = await db()('companies').where({ id: s['company.operatorId'] }).first();
      assert.equal(operator?.short_name, 'МУП «ККП»');
      assert.ok(operator?.is_operator);
      assert.match(String(operator?.settlement_account), /^40702810\d{12}$/);
      assert.match(String(operator?.correspondent_account), /^30101810\d{12}$/);
      assert.match(String(operator?.bic), /^04\d{7}$/);
      assert.deepEqual(s['readings.window'], { startDay: 23, endDay: 25 });
      assert.equal(s['registration.mode'], 'receipt_amount');
      assert.ok(s['support.phone'] && s['support.email'] && s['emergency.phone']);
    });

    it('bills the 14 months before the current one for every account, and nothing for the current month', async () => {
      const periods: { period: string }[] = await db()('charges').distinct('period').orderBy('period');
      assert.deepEqual(periods.map((p) => p.period), PERIODS);
      const perAccount: { n: number | string }[] = await db()('balances').groupBy('account_id').select(db().raw('count(*) as n'));
      assert.equal(perAccount.length, 500);
      assert.ok(perAccount.every((r) => Number(r.n) === 14));
      assert.equal(await db()('charges').where({ period: CURRENT }).first(), undefined);
      assert.equal(await db()('balances').where({ period: CURRENT }).first(), undefined);
    });

    it('makes every charge line and every balance add up to the kopeck', async () => {
      const lines: { charged: number; recalculation: number; benefits: number; penalties: number; total: number }[] = await db()('charges').select(
        'charged', 'recalculation', 'benefits', 'penalties', 'total',
      );
      for (const l of lines) assert.equal(l.total, l.charged + l.recalculation - l.benefits + l.penalties);

      const sums = new Map<string, { total: number; penalties: number }>();
      const grouped: { account_id: number; period: string; total: number | string; penalties: number | string }[] = await db()('charges')
        .groupBy('account_id', 'period')
        .select('account_id', 'period', db().raw('sum(total) as total'), db().raw('sum(penalties) as penalties'));
      for (const g of grouped) sums.set(key(g.account_id, g.period), { total: Number(g.total), penalties: Number(g.penalties) });
      const paid = new Map<string, number>();
      const payments: { account_id: number; period: string; s: number | string }[] = await db()('payments')
        .whereIn('period', PERIODS)
        .groupBy('account_id', 'period')
        .select('account_id', 'period', db().raw('sum(amount) as s'));
      for (const p of payments) paid.set(key(p.account_id, p.period), Number(p.s));

      const balances: { account_id: number; period: string; opening_balance: number; charged: number; paid: number; penalties: number; total_due: number }[] =
        await db()('balances').orderBy([{ column: 'account_id' }, { column: 'period' }]);
      let previous: (typeof balances)[number] | undefined;
      for (const b of balances) {
        const where = `account ${b.account_id}, ${b.period}`;
        assert.equal(b.total_due, b.opening_balance + b.charged - b.paid, where);
        assert.equal(b.charged, sums.get(key(b.account_id, b.period))?.total, where);
        assert.equal(b.penalties, sums.get(key(b.account_id, b.period))?.penalties, where);
        assert.equal(b.paid, paid.get(key(b.account_id, b.period)) ?? 0, where);
        if (previous?.account_id === b.account_id) {
          assert.equal(b.period, addMonths(previous.period, 1), where);
          assert.equal(b.opening_balance, previous.total_due, where);
        }
        previous = b;
      }
    });

    it('has debtors, advances, penalties, benefits and recalculations', async () => {
      const finals: { total_due: number; charged: number }[] = await db()('balances').where({ period: '2026-10' }).select('total_due', 'charged');
      const debtors = finals.filter((b) => b.total_due > 3 * b.charged).length;
      const advances = finals.filter((b) => b.total_due < 0).length;
      assert.ok(debtors >= 20 && debtors <= 100, `chronic debtors: ${debtors}`);
      assert.ok(advances >= 10, `advances: ${advances}`);
      assert.ok((await db()('charges').where('penalties', '>', 0).first()) !== undefined);
      assert.ok((await db()('charges').where('benefits', '>', 0).first()) !== undefined);
      assert.ok((await db()('charges').whereNot('recalculation', 0).whereNotNull('recalculation_reason').first()) !== undefined);

      const { debtor, advance } = summary.showcase;
      const last = (number: string) =>
        db()('balances as b').join('accounts as a', 'a.id', 'b.account_id').where({ 'a.number': number, 'b.period': '2026-10' }).first('b.total_due', 'b.charged');
      const debt = await last(debtor.accountNumber);
      assert.ok(debt && debt.total_due > 3 * debt.charged, 'the showcase debtor owes several months');
      const ahead: { total_due: number }[] = await db()('balances as b')
        .join('accounts as a', 'a.id', 'b.account_id')
        .where('a.number', advance.accountNumber)
        .select('b.total_due');
      assert.ok(ahead.length === 14 && ahead.every((b) => b.total_due < 0), 'the showcase advance stays an advance all year');
    });

    it('has a few meters past verification and a few archived (replaced)', async () => {
      const meters: { verification_due: string; archived_at: number | null; zones: number; precision: number }[] = await db()('meters').select(
        'verification_due', 'archived_at', 'zones', 'precision',
      );
      const live = meters.filter((m) => m.archived_at === null);
      const expired = live.filter((m) => m.verification_due < '2026-11-23').length;
      const archived = meters.length - live.length;
      assert.ok(expired / live.length > 0.01 && expired / live.length < 0.06, `past verification: ${expired} of ${live.length}`);
      assert.ok(archived / meters.length > 0.005 && archived / meters.length < 0.05, `archived: ${archived} of ${meters.length}`);
      assert.equal(summary.meters.pastVerification, expired);
      assert.ok(meters.filter((m) => m.zones === 2).every((m) => m.precision === 1));
      const meter = await db()('meters as m')
        .join('accounts as a', 'a.id', 'm.account_id')
        .where({ 'a.number': summary.showcase.pastVerification.accountNumber, 'm.serial': summary.showcase.pastVerification.meterSerial })
        .first('m.verification_due', 'm.archived_at');
      assert.ok(meter && meter.archived_at === null && meter.verification_due < '2026-11-23');
    });

    it('keeps readings on the register, never decreasing, none yet for the current month', async () => {
      const rows: (ReadingRow & { precision: number })[] = await db()('readings as r')
        .join('meters as m', 'm.id', 'r.meter_id')
        .orderBy([{ column: 'r.meter_id' }, { column: 'r.zone' }, { column: 'r.period' }])
        .select('r.meter_id', 'r.period', 'r.zone', 'r.value_milli', 'm.precision');
      assert.ok(rows.length > 30_000);
      let previous: (typeof rows)[number] | undefined;
      for (const r of rows) {
        assert.equal(r.value_milli % 10 ** (3 - r.precision), 0, `meter ${r.meter_id} shows ${r.precision} decimals`);
        if (previous && previous.meter_id === r.meter_id && previous.zone === r.zone) {
          assert.ok(r.value_milli >= previous.value_milli, `meter ${r.meter_id} zone ${r.zone} went down in ${r.period}`);
        }
        previous = r;
      }
      assert.equal(await db()('readings').where({ period: CURRENT }).first(), undefined);
      assert.equal(await db()('readings').whereNot({ source: 'billing' }).first(), undefined);
      const missing = await db()('meters as m')
        .whereNull('m.archived_at')
        .andWhere('m.verification_due', '>=', '2026-11-23')
        .whereNotExists(db()('readings as r').whereRaw('r.meter_id = m.id').andWhere('r.period', '2026-10'))
        .count({ n: '*' })
        .first();
      assert.ok(Number(missing?.n) > 0 && Number(missing?.n) < 40, `live meters without an October reading: ${missing?.n}`);
    });

    it('charges metered services for the consumption between consecutive readings', async () => {
      const meters: { id: number; account_id: number; code: string; archived_at: number | null }[] = await db()('meters as m')
        .join('services as s', 's.id', 'm.service_id')
        .select('m.id', 'm.account_id', 's.code', 'm.archived_at');
      const readings: ReadingRow[] = await db()('readings').select('meter_id', 'period', 'zone', 'value_milli');
      const value = new Map(readings.map((r) => [key(r.meter_id, r.period, r.zone), r.value_milli]));
      const span = new Map<number, { first: string; last: string }>();
      for (const r of readings) {
        const had = span.get(r.meter_id);
        span.set(r.meter_id, { first: had && had.first < r.period ? had.first : r.period, last: had && had.last > r.period ? had.last : r.period });
      }
      const metersOf = new Map<string, (typeof meters)[number][]>();
      for (const m of meters) metersOf.set(key(m.account_id, m.code), [...(metersOf.get(key(m.account_id, m.code)) ?? []), m]);
      // In service during a month: installed by then, and not yet replaced (a replaced meter's last reading is its final one).
      const inService = (m: (typeof meters)[number], period: string) => {
        const s = span.get(m.id);
        return s !== undefined && s.first <= period && (m.archived_at === null || s.last >= period);
      };

      const charges: { account_id: number; period: string; code: string; volume_milli: number; tariff_mkop: number; charged: number }[] = await db()('charges as c')
        .join('services as s', 's.id', 'c.service_id')
        .whereIn('s.code', ['cold_water', 'hot_water', 'electricity_t1', 'electricity_t2'])
        .select('c.account_id', 'c.period', 's.code', 'c.volume_milli', 'c.tariff_mkop', 'c.charged');
      let checked = 0;
      for (const c of charges) {
        assert.equal(c.charged, Math.round((c.volume_milli * c.tariff_mkop) / 1e6));
        const zone = c.code === 'electricity_t2' ? 2 : 1;
        const service = c.code.startsWith('electricity') ? 'electricity' : c.code;
        const previousPeriod = addMonths(c.period, -1);
        const pairs = (metersOf.get(key(c.account_id, service)) ?? [])
          .filter((m) => inService(m, c.period))
          .map((m) => [value.get(key(m.id, previousPeriod, zone)), value.get(key(m.id, c.period, zone))] as const);
        // A missed reading, a meter past verification or a replacement: billed by average or settled otherwise.
        if (pairs.length === 0 || pairs.some(([before, now]) => before === undefined || now === undefined)) continue;
        const consumption = pairs.reduce((sum, [before, now]) => sum + (now as number) - (before as number), 0);
        assert.equal(c.volume_milli, consumption, `account ${c.account_id} ${c.code} ${c.period}`);
        checked++;
      }
      assert.ok(checked > charges.length * 0.9, `checked ${checked} of ${charges.length}`);
    });

    it('lets demo residents sign in with Demo-<account number>', async () => {
      const pick = async (number: string) => db()('users').where({ login: number }).first('id', 'password_hash');
      const debtor = await pick(summary.showcase.debtor.login);
      assert.ok(debtor);
      assert.equal(await verifyPassword(debtor.password_hash, demoPassword(summary.showcase.debtor.login)), true);
      assert.equal(await verifyPassword(debtor.password_hash, 'Demo-00000000'), false);
      // Published passwords are hashed at the demo cost; the first sign-in redoes it at full cost.
      assert.equal(needsRehash(debtor.password_hash), true);
      const signedIn = await authenticate(db(), { login: summary.showcase.debtor.login, password: demoPassword(summary.showcase.debtor.login), ip: '127.0.0.1' }, { maxFailures: 5, lockMs: 60_000, timeZone: 'Europe/Moscow' });
      assert.equal(signedIn.ok, true);
      const upgraded = (await pick(summary.showcase.debtor.login))?.password_hash as string;
      assert.equal(needsRehash(upgraded), false);
      assert.equal(await verifyPassword(upgraded, demoPassword(summary.showcase.debtor.login)), true);

      const { twoAccounts } = summary.showcase;
      const owner = await pick(twoAccounts.login);
      assert.ok(owner);
      assert.equal(await verifyPassword(owner.password_hash, twoAccounts.password), true);
      const linked: { number: string }[] = await db()('user_accounts as ua')
        .join('accounts as a', 'a.id', 'ua.account_id')
        .where('ua.user_id', owner.id)
        .orderBy('a.number')
        .select('a.number');
      assert.deepEqual(linked.map((a) => a.number), [twoAccounts.accountNumber, twoAccounts.secondAccountNumber].sort());
      // Every account has a login except the four kept for applying and self-registration.
      assert.equal(await count(db(), 'users'), 495);
      assert.equal(await count(db(), 'user_accounts'), 496);
      assert.equal(summary.showcase.withoutLogin.length, 4);
      for (const free of summary.showcase.withoutLogin) {
        const linked = await db()('user_accounts as ua').join('accounts as a', 'a.id', 'ua.account_id').where('a.number', free.accountNumber).first('ua.user_id');
        assert.equal(linked, undefined, free.accountNumber);
      }
      assert.equal(await count(db(), 'access_applications'), 2);
      assert.equal(await count(db(), 'staff_users'), 2);
      const locked = await db()('users').whereNotNull('suspicious_at').count({ n: '*' }).first();
      assert.equal(Number(locked?.n), 1);
    });

    it("keeps the README's demo claims: its logins sign in, the suspicious resident and the accounts without a login are as it says, and the start-up note tells how they stand now", async () => {
      const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
      const residents = [...readme.matchAll(/^\| `(\d{8})` \| `(Demo-\d{8})` \|/gm)].map((m) => [m[1] as string, m[2] as string]);
      assert.equal(residents.length, 4);
      for (const [login, password] of residents) {
        const user = await db()('users').where({ login }).first('password_hash');
        assert.ok(user, login);
        assert.equal(await verifyPassword(user.password_hash, password as string), true, login);
      }
      for (const [, login, password] of readme.matchAll(/`(admin|operator)` \/\s+`(Demo-\w+)`/g)) {
        const staff = await db()('staff_users').where({ login }).first('password_hash');
        assert.ok(staff && (await verifyPassword(staff.password_hash, password as string)), login);
      }
      const suspicious = /resident \(`(\d{8})`\) was locked by failed sign-ins/.exec(readme)?.[1];
      assert.equal(suspicious, '00011005');
      const [, first, last] = /Accounts\s+`(\d{8})`–`(\d{8})` have no login yet/.exec(readme) ?? [];
      assert.deepEqual(summary.showcase.withoutLogin.map((a) => a.accountNumber), ['00011017', '00011018', '00011019', '00011020']);
      assert.deepEqual([first, last], ['00011017', '00011020']);

      // At the first start: locked, listed, the amounts registration asks for.
      const atStart = await readDemoState(db(), NOW.getTime());
      assert.ok(atStart);
      assert.equal(atStart.suspicious?.login, suspicious);
      assert.ok(atStart.suspicious?.lockedUntil && atStart.suspicious.listed);
      assert.deepEqual(atStart.withoutLogin.map((a) => a.accountNumber), ['00011017', '00011018', '00011019', '00011020']);
      const note = describeDemoState(atStart, TIME_ZONE);
      assert.match(note, /^Демо: вход в личный кабинет — номер лицевого счёта и пароль Demo-<номер>, например 00011008 \/ Demo-00011008; консоль — admin \/ Demo-admin, operator \/ Demo-operator;/);
      assert.match(note, /абонент 00011005 заблокирован после неверных попыток входа до 23\.11\.2026 12:15, в списке «Подозрительные»/);
      // Registration with the amount the note gives is accepted: the same read.
      const free = atStart.withoutLogin[3];
      const account = await db()('accounts').where({ number: free?.accountNumber }).first('id');
      assert.equal(free?.amount, await lastReceiptAmount(db(), account.id));
      assert.match(note, new RegExp(`${free?.accountNumber} \\(к оплате ${formatRubles(free?.amount ?? 0).replace(/\s/g, '\\s')}\\)`));

      // An hour later the lock has lapsed; the resident is still listed, and the note says so.
      const later = await readDemoState(db(), NOW.getTime() + 3_600_000);
      assert.equal(later?.suspicious?.lockedUntil, null);
      assert.match(describeDemoState(later as NonNullable<typeof later>, TIME_ZONE), /абонент 00011005 в списке «Подозрительные» \(его блокировка после неверных попыток истекла\)/);
    });

    it('refuses to run again, in Russian, and changes nothing', async () => {
      const before = await tableCounts(db());
      await assert.rejects(assertEmptyForDemo(db()), { message: REFUSAL });
      await assert.rejects(seedDemo(db(), { now: NOW, timeZone: TIME_ZONE, accounts: 20 }), { message: REFUSAL });
      const outcome = await ensureDatabaseReady(db(), { demoSeed: true, timeZone: TIME_ZONE });
      assert.deepEqual(outcome, { migrated: [], demo: { status: 'not_empty' } });
      assert.deepEqual(await tableCounts(db()), before);
    });
  });

  describe('ensureDatabaseReady on a new database', () => {
    it('migrates it and, with demo data off, leaves it empty', async () => {
      const fresh = await ctx.freshDatabase({ migrated: false });
      try {
        const outcome = await ensureDatabaseReady(fresh.db, { demoSeed: false, timeZone: TIME_ZONE });
        assert.equal(outcome.migrated.length, (await migrationSource.getMigrations([])).length);
        assert.deepEqual(outcome.demo, { status: 'disabled' });
        assert.equal(await count(fresh.db, 'accounts'), 0);
      } finally {
        await fresh.cleanup();
      }
    });

    it('migrates it and, with demo data on, loads the demo town', async () => {
      const fresh = await ctx.freshDatabase({ migrated: false });
      try {
        const logged: string[] = [];
        const logger = { info: (_details: object, message: string) => void logged.push(message), warn: () => undefined };
        const outcome = await ensureDatabaseReady(fresh.db, { demoSeed: true, timeZone: TIME_ZONE }, logger, () => NOW);
        assert.equal(outcome.migrated.length, (await migrationSource.getMigrations([])).length);
        assert.equal(outcome.demo.status, 'seeded');
        assert.equal(await count(fresh.db, 'accounts'), 500);
        assert.ok(logged.some((m) => m.startsWith('Демо-данные загружены: 500 лицевых счетов')));
      } finally {
        await fresh.cleanup();
      }
    });
  });
});
