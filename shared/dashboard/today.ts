// The console's home: the office's day in numbers and two small series. Dates are the
// company's (time zone setting); every figure is one indexed query.
import type { Knex } from 'knex';
import type { ActorContext } from '../actor.ts';
import { dayRange, startOfDay } from '../admin/zoned-day.ts';
import { periodOf } from '../period.ts';
import { windowInPeriod } from '../readings/window.ts';
import { getSetting } from '../settings/settings.ts';
import { addDays, localDate, type IsoDate } from '../time.ts';

export interface DaySeriesPoint {
  date: string;
  count: number;
}

export interface DashboardView {
  /** The company's today, 'YYYY-MM-DD', and the current period 'YYYY-MM'. */
  today: string;
  period: string;
  /** Access applications still undecided whose deadline is today / has passed. */
  applicationsDueToday: number;
  applicationsOverdue: number;
  applicationsNew: number;
  /** Emergency requests not closed; 0 while the requests module is not installed (requestsAvailable false). */
  emergenciesOpen: number;
  requestsAvailable: boolean;
  /** Meters with a reading this period, and accounts they belong to. */
  readingsThisPeriod: number;
  accountsWithReadingsThisPeriod: number;
  /** The readings window of the company setting for this period. */
  readingsWindow: { start: string; end: string };
  paymentsToday: { count: number; amount: number };
  /** Meters read per day of this month, from the 1st to today. */
  readingsPerDay: DaySeriesPoint[];
  /** Succeeded payments per day, the last 14 days up to today. */
  paymentsPerDay: (DaySeriesPoint & { amount: number })[];
}

type Ctx = Pick<ActorContext, 'db' | 'config' | 'now'>;

const num = (row: unknown, key = 'n') => Number((row as Record<string, unknown> | undefined)?.[key] ?? 0);

export async function getDashboard(ctx: Ctx): Promise<DashboardView> {
  const { db } = ctx;
  const zone = ctx.config.timeZone;
  const today = localDate(ctx.now(), zone);
  const period = periodOf(today);

  const applications = await db('access_applications')
    .where({ status: 'new' })
    .select(
      db.raw('sum(case when deadline_on = ? then 1 else 0 end) as due_today', [today]),
      db.raw('sum(case when deadline_on < ? then 1 else 0 end) as overdue', [today]),
      db.raw('count(*) as total'),
    )
    .first();

  const { emergenciesOpen, requestsAvailable } = await emergencies(db);

  const readings = await db('readings as r')
    .join('meters as m', 'm.id', 'r.meter_id')
    .where('r.period', period)
    .select(db.raw('count(distinct r.meter_id) as meters'), db.raw('count(distinct m.account_id) as accounts'))
    .first();

  const { start, end } = dayRange(today, today, zone);
  const payments = await db('payments')
    .where({ status: 'succeeded' })
    .andWhere('paid_at', '>=', start as number)
    .andWhere('paid_at', '<', end as number)
    .select(db.raw('count(*) as n'), db.raw('coalesce(sum(amount), 0) as amount'))
    .first();

  return {
    today,
    period,
    applicationsDueToday: num(applications, 'due_today'),
    applicationsOverdue: num(applications, 'overdue'),
    applicationsNew: num(applications, 'total'),
    emergenciesOpen,
    requestsAvailable,
    readingsThisPeriod: num(readings, 'meters'),
    accountsWithReadingsThisPeriod: num(readings, 'accounts'),
    readingsWindow: windowInPeriod(period, await getSetting(db, 'readings.window')),
    paymentsToday: { count: num(payments), amount: num(payments, 'amount') },
    readingsPerDay: await readingsPerDay(db, period, today),
    paymentsPerDay: await paymentsPerDay(db, today, zone),
  };
}

/**
 * Open emergency requests, once the requests module (table `requests`, channel 'emergency',
 * status new | in_work) is installed; before that 0, and `requestsAvailable` says why.
 */
async function emergencies(db: Knex): Promise<{ emergenciesOpen: number; requestsAvailable: boolean }> {
  if (!(await db.schema.hasTable('requests'))) return { emergenciesOpen: 0, requestsAvailable: false };
  const row = await db('requests').where({ channel: 'emergency' }).whereIn('status', ['new', 'in_work']).count({ n: '*' }).first();
  return { emergenciesOpen: num(row), requestsAvailable: true };
}

/** Meters read on each day of the month so far (`taken_on` is the company's date of submission). */
async function readingsPerDay(db: Knex, period: string, today: IsoDate): Promise<{ date: string; count: number }[]> {
  const rows: { taken_on: string; n: number | string }[] = await db('readings')
    .where({ period })
    .andWhere('taken_on', '<=', today)
    .groupBy('taken_on')
    .select('taken_on', db.raw('count(distinct meter_id) as n'));
  const byDay = new Map(rows.map((r) => [String(r.taken_on).slice(0, 10), Number(r.n)]));
  const series: { date: string; count: number }[] = [];
  for (let day = `${period}-01`; day <= today; day = addDays(day, 1)) series.push({ date: day, count: byDay.get(day) ?? 0 });
  return series;
}

/** Succeeded payments per day of the last 14 days, in one query over the paid_at index. */
async function paymentsPerDay(db: Knex, today: IsoDate, zone: string): Promise<{ date: string; count: number; amount: number }[]> {
  const days = Array.from({ length: 14 }, (_, i) => addDays(today, i - 13));
  const bounds = [...days.map((d) => startOfDay(d, zone)), startOfDay(addDays(today, 1), zone)];
  const columns = days.flatMap((_, i) => [
    db.raw(`sum(case when paid_at >= ? and paid_at < ? then 1 else 0 end) as c${i}`, [bounds[i] as number, bounds[i + 1] as number]),
    db.raw(`sum(case when paid_at >= ? and paid_at < ? then amount else 0 end) as a${i}`, [bounds[i] as number, bounds[i + 1] as number]),
  ]);
  const row = await db('payments')
    .where({ status: 'succeeded' })
    .andWhere('paid_at', '>=', bounds[0] as number)
    .andWhere('paid_at', '<', bounds[14] as number)
    .select(columns)
    .first();
  return days.map((date, i) => ({ date, count: num(row, `c${i}`), amount: num(row, `a${i}`) }));
}
