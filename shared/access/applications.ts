// The office's queue of applications for access. New ones come by deadline (three working days
// by the production calendar), overdue ones flagged from today in the company's time zone; a card
// shows the applicant beside the best matching accounts from billing data. Reading the queue or a
// card shows applicants' personal data, so both reads are in the audit log.
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ActorContext } from '../actor.ts';
import { auditStaffAction } from '../admin/context.ts';
import { searchWords, whereWordsIn } from '../admin/text-search.ts';
import { notFound } from '../errors.ts';
import type { Page } from '../lists/page.ts';
import { applySort, sortSchema } from '../lists/sort.ts';
import { localDate, type IsoDate } from '../time.ts';
import { findMatchingAccounts, type AccountMatch } from './matching.ts';

export type ApplicationStatus = 'new' | 'approved' | 'rejected';

export interface ApplicationListItem {
  id: number;
  createdAt: number;
  fullName: string;
  address: string;
  accountNumber: string;
  email: string;
  status: ApplicationStatus;
  deadlineOn: string;
  /** Past the deadline and still undecided. */
  overdue: boolean;
  /** Other undecided applications for the same account number: a repeat or a duplicate, flagged in the queue. */
  sameAccountOpen: number;
}

export interface ApplicationDetail extends ApplicationListItem {
  phone: string;
  passportMasked: string | null;
  consent: { agreementVersion: string; agreedAt: number; ip: string | null };
  matches: AccountMatch[];
  decidedAt: number | null;
  decidedBy: string | null;
  rejectReason: string | null;
  /** Login issued on approval. */
  login: string | null;
  /** Every other application for the same account number, newest first: repeats and duplicates seen together. */
  sameAccount: { id: number; createdAt: number; fullName: string; email: string; status: ApplicationStatus }[];
}

export const APPLICATIONS_PAGE_SIZE = 50;

export const applicationListSchema = z.object({
  status: z.enum(['new', 'approved', 'rejected', 'all']).default('new'),
  overdueOnly: z.boolean().default(false),
  search: z.string().trim().max(100, 'Слишком длинный запрос').default(''),
  page: z.number().int().min(1).default(1),
  sort: sortSchema(['created', 'name', 'address', 'account', 'email', 'status', 'deadline']),
});
export type ApplicationListInput = z.output<typeof applicationListSchema>;

/** What the queue's reads need: the database, the clock and the company's time zone. */
type ReadContext = Pick<ActorContext, 'db' | 'config' | 'now'>;

const SORT_COLUMNS = {
  created: 'a.created_at', name: 'a.full_name', address: 'a.address', account: 'a.account_number', email: 'a.email', status: 'a.status', deadline: 'a.deadline_on',
} as const;

/** The columns a search looks in: the applicant's name, address and e-mail, and the account number. */
const SEARCH_COLUMNS = ['a.full_name', 'a.address', 'a.email', 'a.account_number'];

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

const today = (ctx: ReadContext): IsoDate => localDate(ctx.now(), ctx.config.timeZone);

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

function filteredApplications(ctx: ReadContext, input: Omit<ApplicationListInput, 'page'>): Knex.QueryBuilder {
  const base = ctx.db('access_applications as a');
  const status = input.overdueOnly ? 'new' : input.status;
  if (status !== 'all') base.where('a.status', status);
  if (input.overdueOnly) base.where('a.deadline_on', '<', today(ctx));
  // Every word of the search somewhere in the name, address, e-mail or account number.
  return whereWordsIn(ctx.db, base, SEARCH_COLUMNS, searchWords(input.search));
}

/** `limit` applications of the filtered, sorted queue from `offset`: new ones by deadline, decided ones newest first. */
export async function applicationRows(ctx: ReadContext, input: Omit<ApplicationListInput, 'page'>, limit: number, offset: number): Promise<ApplicationListItem[]> {
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

/** One page of the queue as filtered and sorted; the read is audited ('application.list'). */
export async function listApplications(ctx: ActorContext, input: ApplicationListInput): Promise<Page<ApplicationListItem>> {
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

/** An application's card as it stands (after a decision too); not audited — see viewApplication. */
export async function applicationDetail(ctx: ReadContext, applicationId: number): Promise<ApplicationDetail> {
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

/** A clerk opens an application's card: the applicant's personal data, so the read is audited ('application.view'). */
export async function viewApplication(ctx: ActorContext, applicationId: number): Promise<ApplicationDetail> {
  const detail = await applicationDetail(ctx, applicationId);
  await auditStaffAction(ctx.db, ctx, { action: 'application.view', subjectType: 'application', subjectId: applicationId });
  return detail;
}
