// Console commands: the queue of applications for access. New ones come by deadline (three
// working days by the production calendar), overdue ones flagged from today in the company's
// time zone; a card shows the applicant beside the best matching accounts from billing data.
import type { Knex } from 'knex';
import { z } from 'zod';
import { approveApplication as approve, rejectApplication as reject } from '../../access/decide-application.ts';
import { findMatchingAccounts } from '../../access/matching.ts';
import { auditStaffAction } from '../../admin/context.ts';
import { notFound } from '../../errors.ts';
import { applySort, sortSchema } from '../../lists/sort.ts';
import { localDate, type IsoDate } from '../../time.ts';
import { staffCommand, type StaffContext } from '../command.ts';
import type { ApplicationDetail, ApplicationListItem, ApplicationStatus, Page } from '../views.ts';

export const APPLICATIONS_PAGE_SIZE = 50;

const id = z.number({ error: 'Не указана заявка' }).int().positive();

export const applicationListSchema = z.object({
  status: z.enum(['new', 'approved', 'rejected', 'all']).default('new'),
  overdueOnly: z.boolean().default(false),
  search: z.string().trim().max(100, 'Слишком длинный запрос').default(''),
  page: z.number().int().min(1).default(1),
  sort: sortSchema(['created', 'name', 'address', 'account', 'email', 'status', 'deadline']),
});
export type ApplicationListInput = z.output<typeof applicationListSchema>;

const SORT_COLUMNS = {
  created: 'a.created_at', name: 'a.full_name', address: 'a.address', account: 'a.account_number', email: 'a.email', status: 'a.status', deadline: 'a.deadline_on',
} as const;

interface Row {
  id: number;
  created_at: number;
  full_name: string;
  address: string;
  account_number: string;
  email: string;
  status: ApplicationStatus;
  deadline_on: IsoDate;
}

const LIST_COLUMNS = ['a.id', 'a.created_at', 'a.full_name', 'a.address', 'a.account_number', 'a.email', 'a.status', 'a.deadline_on'];

const today = (ctx: StaffContext): IsoDate => localDate(ctx.now(), ctx.config.timeZone);

function listItem(row: Row, on: IsoDate, sameAccountOpen = 0): ApplicationListItem {
  return {
    id: Number(row.id),
    createdAt: Number(row.created_at),
    fullName: row.full_name,
    address: row.address,
    accountNumber: row.account_number,
    email: row.email,
    status: row.status,
    deadlineOn: row.deadline_on,
    overdue: row.status === 'new' && row.deadline_on < on,
    sameAccountOpen,
  };
}

/** Per account number, how many undecided applications there are (one query for a page's numbers). */
async function openByAccount(db: Knex, numbers: string[]): Promise<Map<string, number>> {
  if (numbers.length === 0) return new Map();
  const rows: { account_number: string; n: number | string }[] = await db('access_applications')
    .where({ status: 'new' }).whereIn('account_number', [...new Set(numbers)]).groupBy('account_number').select('account_number').count({ n: '*' });
  return new Map(rows.map((r) => [r.account_number, Number(r.n)]));
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Name, address, e-mail or account number containing the text. LIKE folds case only for ASCII
 * on SQLite and not at all on PostgreSQL, so the spellings people use are tried as such.
 */
function applySearch(query: Knex.QueryBuilder, search: string): void {
  if (!search) return;
  const lower = search.toLowerCase();
  const spellings = [...new Set([search, lower, lower.replace(/(^|[\s-])(\p{L})/gu, (_, s: string, l: string) => s + l.toUpperCase()), search.toUpperCase()])];
  query.where((q) => {
    for (const s of spellings) {
      const pattern = `%${escapeLike(s)}%`;
      for (const column of ['a.full_name', 'a.address', 'a.email', 'a.account_number']) q.orWhereRaw(`${column} like ? escape '\\'`, [pattern]);
    }
  });
}

function filteredApplications(ctx: StaffContext, input: Omit<ApplicationListInput, 'page'>): Knex.QueryBuilder {
  const base = ctx.db('access_applications as a');
  const status = input.overdueOnly ? 'new' : input.status;
  if (status !== 'all') base.where('a.status', status);
  if (input.overdueOnly) base.where('a.deadline_on', '<', today(ctx));
  applySearch(base, input.search);
  return base;
}

/** `limit` applications of the filtered, sorted queue from `offset`: new ones by deadline, decided ones newest first. */
export async function applicationRows(ctx: StaffContext, input: Omit<ApplicationListInput, 'page'>, limit: number, offset: number): Promise<ApplicationListItem[]> {
  const byDeadline = input.overdueOnly || input.status === 'new';
  const ownOrder = (q: Knex.QueryBuilder) => void (byDeadline ? q.orderBy('a.deadline_on').orderBy('a.id') : q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc'));
  const rows = (await applySort(filteredApplications(ctx, input), input.sort, SORT_COLUMNS, ownOrder)
    .limit(limit).offset(offset).select(LIST_COLUMNS)) as Row[];
  const open = await openByAccount(ctx.db, rows.map((r) => r.account_number));
  // The others: the row itself counts among the open ones when it is undecided.
  const others = (r: Row) => (open.get(r.account_number) ?? 0) - (r.status === 'new' ? 1 : 0);
  const on = today(ctx);
  return rows.map((r) => listItem(r, on, others(r)));
}

async function listApplications(ctx: StaffContext, input: ApplicationListInput): Promise<Page<ApplicationListItem>> {
  const [countRow, items] = await Promise.all([
    filteredApplications(ctx, input).count({ n: '*' }).first(),
    applicationRows(ctx, input, APPLICATIONS_PAGE_SIZE, (input.page - 1) * APPLICATIONS_PAGE_SIZE),
  ]);
  // Applicants' names, addresses and e-mails: a read of personal data, recorded.
  await auditStaffAction(ctx.db, ctx, { action: 'application.list', details: { ...input, found: Number(countRow?.n ?? 0) } });
  return { items, total: Number(countRow?.n ?? 0) };
}

interface DetailRow extends Row {
  phone: string;
  passport_masked: string | null;
  passport_hash: string | null;
  decided_at: number | null;
  reject_reason: string | null;
  agreement_version: string;
  agreed_at: number;
  consent_ip: string | null;
  decided_by_name: string | null;
  login: string | null;
}

async function applicationDetail(ctx: StaffContext, applicationId: number): Promise<ApplicationDetail> {
  const row: DetailRow | undefined = await ctx.db('access_applications as a')
    .join('consents as c', 'c.id', 'a.consent_id')
    .leftJoin('staff_users as s', 's.id', 'a.decided_by')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .where('a.id', applicationId)
    .first([
      ...LIST_COLUMNS, 'a.phone', 'a.passport_masked', 'a.passport_hash', 'a.decided_at', 'a.reject_reason',
      'c.agreement_version', 'c.agreed_at', 'c.ip as consent_ip', 's.full_name as decided_by_name', 'u.login',
    ]);
  if (!row) throw notFound('Заявка не найдена');
  const [matches, same] = await Promise.all([
    findMatchingAccounts(ctx.db, { accountNumber: row.account_number, fullName: row.full_name, address: row.address, passportHash: row.passport_hash }),
    ctx.db('access_applications').where({ account_number: row.account_number }).whereNot({ id: row.id })
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(20).select('id', 'created_at', 'full_name', 'email', 'status') as Promise<
        { id: number; created_at: number; full_name: string; email: string; status: ApplicationStatus }[]>,
  ]);
  return {
    ...listItem(row, today(ctx), same.filter((a) => a.status === 'new').length),
    sameAccount: same.map((a) => ({ id: Number(a.id), createdAt: Number(a.created_at), fullName: a.full_name, email: a.email, status: a.status })),
    phone: row.phone,
    passportMasked: row.passport_masked,
    consent: { agreementVersion: row.agreement_version, agreedAt: Number(row.agreed_at), ip: row.consent_ip },
    matches,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
    decidedBy: row.decided_by_name,
    rejectReason: row.reject_reason,
    login: row.login,
  };
}

export const applicationsCommands = {
  listApplications: staffCommand({
    access: 'staff',
    input: applicationListSchema,
    run: listApplications,
  }),

  getApplication: staffCommand({
    access: 'staff',
    input: z.object({ id }),
    async run(ctx, input): Promise<ApplicationDetail> {
      const detail = await applicationDetail(ctx, input.id);
      // Opening the card shows the applicant's personal data: a read worth recording.
      await auditStaffAction(ctx.db, ctx, { action: 'application.view', subjectType: 'application', subjectId: input.id });
      return detail;
    },
  }),

  approveApplication: staffCommand({
    access: 'staff',
    input: z.object({
      id, accountId: z.number({ error: 'Выберите лицевой счёт' }).int().positive('Выберите лицевой счёт'),
      /** The clerk read what does not match and approves all the same. */
      confirmMismatch: z.boolean().optional(),
    }),
    async run(ctx, input): Promise<ApplicationDetail> {
      await approve(ctx.db, {
        applicationId: input.id, accountId: input.accountId, staffId: ctx.staff.id, origin: ctx.origin, now: ctx.now(), siteUrl: ctx.config.publicUrl,
        ...(input.confirmMismatch ? { confirmMismatch: true } : {}),
      });
      return applicationDetail(ctx, input.id);
    },
  }),

  rejectApplication: staffCommand({
    access: 'staff',
    input: z.object({
      id,
      reason: z.string({ error: 'Укажите причину отказа' }).trim().min(5, 'Укажите причину отказа — не короче 5 символов').max(1000, 'Причина слишком длинная'),
    }),
    async run(ctx, input): Promise<ApplicationDetail> {
      await reject(ctx.db, { applicationId: input.id, reason: input.reason, staffId: ctx.staff.id, origin: ctx.origin, now: ctx.now(), siteUrl: ctx.config.publicUrl });
      return applicationDetail(ctx, input.id);
    },
  }),
} as const;
