// The scheduled notifications, run by a pass every few minutes in the daytime (09:00–21:00 in
// the company's zone: an SMS at night wakes people). Each pass looks at today and does the jobs
// due today:
//
//   readings-open:<period>:<dd-dd>:<group>   the window opens today      → residents with a working meter     key <period>:open
//   readings-closing:<period>:<dd-dd>:<grp>  it closes tomorrow          → those with a meter still unread    key <period>:closing
//   receipt:<period>:<today>                 a newer receipt period came → residents with that receipt        key receipt:<period>
//   debt:<period>:<today>                    its due date has passed     → debt ≥ 'notifications.debtThreshold' key debt:<period>
//
// (one window per company setting and per building that has its own). A job goes through the
// residents in user-id pages, each page in its own short transaction (notify.ts: a resident's
// (kind, key) in notification_log means sent, so a pass cut short resumes without repeats), and
// once finished it is written to notification_runs and not walked again that day: passes stay
// cheap with a million accounts. Receipt and debt jobs are walked once a day (not once for
// good), so accounts loaded by a later import of the same period are reached the next day.
import type { Knex } from 'knex';
import { startOfDay } from '../admin/zoned-day.ts';
import type { AppConfig } from '../config/env.ts';
import type { EmailContent } from '../mail/templates.ts';
import type { MailLogger } from '../mail/transport.ts';
import { addMonths, periodOf, type Period } from '../period.ts';
import { startPeriodic } from '../background/periodic.ts';
import { windowInPeriod, type ReadingsWindow, type WindowDates } from '../readings/window.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import { getSettings } from '../settings/settings.ts';
import { addDays, localDate, type IsoDate } from '../time.ts';
import type { NotificationKind } from './kinds.ts';
import { debtMessage, newReceiptMessage, readingsClosingMessage, readingsOpenMessage, type AccountLine } from './messages.ts';
import { notifyResidents, type ResidentMessage } from './notify.ts';
import { payLinkUrl } from '../payments/pay-link.ts';

export interface ScheduleDeps {
  db: Knex;
  config: Pick<AppConfig, 'publicUrl' | 'appSecret' | 'env' | 'timeZone'>;
  /** The pino logger, or anything with its info/warn/error(details, message). */
  logger: MailLogger;
  /** Users per page (default 500). */
  pageSize?: number;
}

export interface PassSummary {
  /** Outside 09:00–21:00 nothing is done. */
  quiet: boolean;
  /** Jobs run in this pass (finished ones are not listed) and residents each queued messages for. */
  jobs: { job: string; queued: number }[];
}

export const DAYTIME = { fromHour: 9, toHour: 21 } as const;

function localHour(now: number, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(now)));
}

/** An account-level condition a job's residents must meet (on `a`, the account). */
type AccountFilter = (q: Knex.QueryBuilder, db: Knex) => void;

interface Job {
  name: string;
  kind: NotificationKind;
  dedupeKey: string;
  filter: AccountFilter;
  /** The message for one resident, given the page's accounts of theirs that meet the filter. */
  message(accounts: AccountRow[]): { email: EmailContent; sms: string } | null;
  /** Extra figures per account (sums), loaded for a page. */
  accountDetails?(db: Knex, accountIds: number[]): Promise<Map<number, Partial<AccountLine>>>;
}

interface AccountRow extends AccountLine {
  id: number;
  userId: number;
}

/** Runs the jobs due at `now`; see the file's header. */
export async function runNotificationPass(deps: ScheduleDeps, now: number): Promise<PassSummary> {
  const { timeZone } = deps.config;
  const hour = localHour(now, timeZone);
  if (hour < DAYTIME.fromHour || hour >= DAYTIME.toHour) return { quiet: true, jobs: [] };
  const jobs = await dueJobs(deps, now);
  const summary: PassSummary = { quiet: false, jobs: [] };
  for (const job of jobs) {
    if (await deps.db('notification_runs').where({ job: job.name }).first('job')) continue;
    const queued = await runJob(deps, job, now);
    await deps.db('notification_runs').insert({ job: job.name, finished_at: now, recipients: queued }).onConflict('job').ignore();
    deps.logger.info({ job: job.name, queued }, `Уведомления «${job.name}»: поставлено в очередь для ${queued} абонентов`);
    summary.jobs.push({ job: job.name, queued });
  }
  return summary;
}

async function dueJobs(deps: ScheduleDeps, now: number): Promise<Job[]> {
  const { db, config } = deps;
  const today = localDate(now, config.timeZone);
  const period = periodOf(today);
  const settings = await getSettings(db, ['readings.window', 'notifications.debtThreshold', 'payments.dueDay']);
  const jobs: Job[] = [];

  for (const group of await windowGroups(db, settings['readings.window'])) {
    const dates = windowInPeriod(period, group.window);
    const label = `${period}:${dates.start.slice(8)}-${dates.end.slice(8)}:${group.name}`;
    if (dates.start === today) jobs.push(readingsOpenJob(`readings-open:${label}`, period, dates, group.filter, config.publicUrl, today));
    if (dates.end === addDays(today, 1)) jobs.push(readingsClosingJob(`readings-closing:${label}`, period, dates, group.filter, config.publicUrl, today));
  }

  const latest = await db('balances').max({ period: 'period' }).first();
  const receiptPeriod = (latest?.period ?? null) as Period | null;
  // A receipt older than last month is not news (say, the first start with years of history).
  if (receiptPeriod && receiptPeriod >= addMonths(period, -1)) {
    jobs.push(receiptJob(receiptPeriod, today, config));
    const dueDate = await db('balances').where({ period: receiptPeriod }).max({ due: 'due_date' }).first();
    const due = (dueDate?.due as IsoDate | null) ?? `${addMonths(receiptPeriod, 1)}-${String(settings['payments.dueDay']).padStart(2, '0')}`;
    if (today > due) jobs.push(debtJob(receiptPeriod, today, settings['notifications.debtThreshold'], config.publicUrl, config.timeZone));
  }
  return jobs;
}

/** The company window for buildings without their own, and each building window with its buildings. */
async function windowGroups(db: Knex, company: ReadingsWindow): Promise<{ name: string; window: ReadingsWindow; filter: AccountFilter }[]> {
  const own: { readings_start_day: number; readings_end_day: number }[] = await db('buildings')
    .whereNotNull('readings_start_day')
    .whereNotNull('readings_end_day')
    .distinct('readings_start_day', 'readings_end_day');
  const groups: { name: string; window: ReadingsWindow; filter: AccountFilter }[] = [
    {
      name: 'company',
      window: company,
      filter: (q, knex) =>
        q.whereIn('a.building_id', knex('buildings').select('id').where((w) => w.whereNull('readings_start_day').orWhereNull('readings_end_day'))),
    },
  ];
  for (const row of own) {
    const window = { startDay: Number(row.readings_start_day), endDay: Number(row.readings_end_day) };
    groups.push({
      name: `buildings-${window.startDay}-${window.endDay}`,
      window,
      filter: (q, knex) => q.whereIn('a.building_id', knex('buildings').select('id').where({ readings_start_day: window.startDay, readings_end_day: window.endDay })),
    });
  }
  return groups;
}

// A meter that takes readings today: not archived, verification not past.
const workingMeter = (q: Knex.QueryBuilder, db: Knex, today: IsoDate) =>
  q.select(db.raw('1')).from('meters as m').whereRaw('m.account_id = a.id').whereNull('m.archived_at').andWhere('m.verification_due', '>=', today);

function readingsOpenJob(name: string, period: Period, dates: WindowDates, group: AccountFilter, siteUrl: string, today: IsoDate): Job {
  return {
    name, kind: 'readings_window', dedupeKey: `${period}:open`,
    filter: (q, db) => {
      group(q, db);
      q.whereExists((m) => void workingMeter(m, db, today));
    },
    message: () => readingsOpenMessage(dates, siteUrl),
  };
}

function readingsClosingJob(name: string, period: Period, dates: WindowDates, group: AccountFilter, siteUrl: string, today: IsoDate): Job {
  return {
    name, kind: 'readings_window', dedupeKey: `${period}:closing`,
    filter: (q, db) => {
      group(q, db);
      q.whereExists((m) => {
        workingMeter(m, db, today).whereNotExists((r) => void r.select(db.raw('1')).from('readings as r').whereRaw('r.meter_id = m.id').andWhere('r.period', period));
      });
    },
    message: (accounts) => readingsClosingMessage(dates.end, period, accounts, siteUrl),
  };
}

function receiptJob(period: Period, today: IsoDate, config: ScheduleDeps['config']): Job {
  return {
    name: `receipt:${period}:${today}`, kind: 'new_receipt', dedupeKey: `receipt:${period}`,
    filter: (q, db) => void q.whereExists((b) => void b.select(db.raw('1')).from('balances as b').whereRaw('b.account_id = a.id').andWhere('b.period', period)),
    accountDetails: async (db, ids) => {
      const rows: { account_id: number; total_due: number | string; due_date: IsoDate | null }[] = await db('balances').whereIn('account_id', ids).andWhere({ period }).select('account_id', 'total_due', 'due_date');
      return new Map(rows.map((r) => [
        Number(r.account_id),
        { amount: Number(r.total_due), dueDate: r.due_date, payUrl: payLinkUrl(config, { accountId: Number(r.account_id), period }) },
      ]));
    },
    message: (accounts) => newReceiptMessage(period, accounts, config.publicUrl),
  };
}

function debtJob(period: Period, today: IsoDate, threshold: number, siteUrl: string, timeZone: string): Job {
  return {
    name: `debt:${period}:${today}`, kind: 'debt', dedupeKey: `debt:${period}`,
    // Cheap upper bound in SQL; payments made since the receipt are taken off per account below.
    filter: (q, db) => void q.whereExists((b) => void b.select(db.raw('1')).from('balances as b').whereRaw('b.account_id = a.id').andWhere('b.period', period).andWhere('b.total_due', '>=', Math.max(threshold, 1))),
    accountDetails: async (db, ids) => {
      const rows: { account_id: number; total_due: number | string; paid_until: IsoDate | null }[] = await db('balances').whereIn('account_id', ids).andWhere({ period }).select('account_id', 'total_due', 'paid_until');
      const details = new Map<number, Partial<AccountLine>>();
      for (const row of rows) {
        // Payments after the date the receipt counted them up to (else after the period) are not in total_due yet.
        const counted = row.paid_until ?? addDays(`${addMonths(period, 1)}-01`, -1);
        const since = startOfDay(addDays(counted, 1), timeZone);
        const paid = await db('payments').where({ account_id: row.account_id, status: 'succeeded' }).andWhere('paid_at', '>=', since).sum({ s: 'amount' }).first();
        const owed = Number(row.total_due) - Number(paid?.s ?? 0);
        // Below the threshold now: no reminder (the account is left out of the message).
        details.set(Number(row.account_id), { amount: owed >= Math.max(threshold, 1) ? owed : undefined });
      }
      return details;
    },
    message: (accounts) => {
      const owing = accounts.filter((a) => a.amount !== undefined);
      return owing.length > 0 ? debtMessage(period, owing, siteUrl) : null;
    },
  };
}

/** Goes through the job's residents page by page; returns how many got a message queued. */
async function runJob(deps: ScheduleDeps, job: Job, now: number): Promise<number> {
  const { db } = deps;
  const pageSize = deps.pageSize ?? 500;
  const company = await loadCompanyInfo(db);
  let after = 0;
  let queued = 0;
  for (;;) {
    // Only users with a contact: without one nothing could be sent, and they are most users.
    const rows: { user_id: number; id: number; number: string; address: string }[] = await db('users as u')
      .join('user_accounts as ua', 'ua.user_id', 'u.id')
      .join('accounts as a', 'a.id', 'ua.account_id')
      .whereIn('u.id', pageOfUsers(db, job, after, pageSize))
      .andWhere('a.status', 'active')
      .where((q) => job.filter(q, db))
      .orderBy(['u.id', 'a.number'])
      .select('u.id as user_id', 'a.id', 'a.number', 'a.address');
    if (rows.length === 0) return queued;
    const details = job.accountDetails ? await job.accountDetails(db, [...new Set(rows.map((r) => Number(r.id)))]) : new Map<number, Partial<AccountLine>>();
    const byUser = new Map<number, AccountRow[]>();
    for (const row of rows) {
      const userId = Number(row.user_id);
      const list = byUser.get(userId) ?? [];
      list.push({ id: Number(row.id), userId, number: row.number, address: row.address, ...details.get(Number(row.id)) });
      byUser.set(userId, list);
    }
    const messages: ResidentMessage[] = [];
    for (const [userId, accounts] of byUser) {
      const content = job.message(accounts);
      if (content) messages.push({ userId, kind: job.kind, dedupeKey: job.dedupeKey, ...content });
    }
    const outcomes = await db.transaction((trx) => notifyResidents(trx, messages, { config: deps.config, now, company }));
    queued += outcomes.filter((o) => o.status === 'queued').length;
    after = Math.max(...byUser.keys());
    if (byUser.size < pageSize) return queued;
  }
}

/** The next page of user ids (keyset) with a contact and an active account meeting the job's filter. */
function pageOfUsers(db: Knex, job: Job, after: number, limit: number): Knex.QueryBuilder {
  return db('users as u')
    .select('u.id')
    .where('u.id', '>', after)
    .where((q) => q.whereNotNull('u.email').orWhereNotNull('u.phone'))
    .whereExists((q) => {
      q.select(db.raw('1')).from('user_accounts as ua').join('accounts as a', 'a.id', 'ua.account_id').whereRaw('ua.user_id = u.id').andWhere('a.status', 'active');
      job.filter(q, db);
    })
    .orderBy('u.id')
    .limit(limit);
}

export interface RunningScheduler {
  stop(): Promise<void>;
}

/** Runs a pass at start and every `intervalMs` (default 15 min); errors are logged and the next pass tries again. */
export function startNotificationScheduler(deps: ScheduleDeps & { now?: () => number }, options: { intervalMs?: number; onPass?: (s: PassSummary) => void } = {}): RunningScheduler {
  const intervalMs = options.intervalMs ?? 15 * 60_000;
  const now = deps.now ?? Date.now;
  return startPeriodic(() => runNotificationPass(deps, now()), {
    intervalMs, logger: deps.logger, failureMessage: 'Ошибка рассылки плановых уведомлений; повтор позже', onPass: options.onPass,
  });
}
