// Reading the audit log in the console: filtered by staff member, resident, account, action and
// dates (days in the company's time zone), newest first, with the actor's name resolved. The
// log itself is append-only (database triggers); nothing here or elsewhere updates it. Looking
// at it is itself written to it, since the rows name residents and addresses they came from.
import type { Knex } from 'knex';
import type { z } from 'zod';
import { validationFailed } from '../errors.ts';
import { auditStaffAction, type AdminContext } from './context.ts';
import { escapeLike } from '../../db/dialect/fold.ts';
import type { Page } from '../lists/page.ts';
import { applySort } from '../lists/sort.ts';
import { PAGE_SIZE, type auditQuerySchema } from './schemas.ts';
import { dayRange } from './zoned-day.ts';

export interface AuditItem {
  id: number;
  at: number;
  actorType: 'resident' | 'staff' | 'system';
  actorId: number | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** The subject by name where it has one: a staff member's or resident's name, a request's number, an account's number. */
  subjectName: string | null;
  accountId: number | null;
  /** The account's number (the id above, as a clerk knows it). */
  accountNumber: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export type AuditQuery = z.output<typeof auditQuerySchema>;

interface AuditRow {
  id: number;
  at: number;
  actor_type: AuditItem['actorType'];
  actor_id: number | null;
  staff_name: string | null;
  resident_name: string | null;
  resident_login: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  subject_name: string | null;
  account_id: number | null;
  account_number: string | null;
  ip: string | null;
  details: string | null;
}

function filtered(db: Knex, query: AuditQuery, timeZone: string): Knex.QueryBuilder {
  const q = db('audit_log as l');
  if (query.staffId !== undefined) q.where({ 'l.actor_type': 'staff', 'l.actor_id': query.staffId });
  if (query.userId !== undefined) {
    const userId = query.userId;
    // Rows about the resident, and the resident's own actions.
    q.andWhere((w) => {
      w.where({ 'l.subject_type': 'user', 'l.subject_id': String(userId) }).orWhere({ 'l.actor_type': 'resident', 'l.actor_id': userId });
    });
  }
  if (query.accountId !== undefined) q.where('l.account_id', query.accountId);
  if (query.action !== undefined) {
    // 'resident.*' means every resident action.
    if (query.action.endsWith('*')) q.where('l.action', 'like', `${escapeLike(query.action.slice(0, -1))}%`);
    else q.where('l.action', query.action);
  }
  const { start, end } = dayRange(query.from, query.to, timeZone);
  if (start !== undefined) q.where('l.at', '>=', start);
  if (end !== undefined) q.where('l.at', '<', end);
  return q;
}

/** An account number and a login, as a clerk types them, turned into the ids the log holds. */
export async function resolveAuditQuery(db: Knex, query: AuditQuery): Promise<AuditQuery> {
  const { accountNumber, login, ...rest } = query;
  const out: AuditQuery = { ...rest };
  if (accountNumber !== undefined) {
    const account = await db('accounts').where({ number: accountNumber }).first('id');
    if (!account) throw validationFailed([{ field: 'accountNumber', message: `Лицевой счёт ${accountNumber} не найден` }]);
    out.accountId = Number(account.id);
  }
  if (login !== undefined) {
    const user = await db('users').where({ login: login.toLowerCase() }).first('id');
    if (!user) throw validationFailed([{ field: 'login', message: `Абонента с логином ${login} нет` }]);
    out.userId = Number(user.id);
  }
  return out;
}

/** What each sortable column of the log orders by (the log's own order, newest first, breaks ties). */
const SORT_COLUMNS: Record<NonNullable<AuditQuery['sort']>['by'], string> = {
  at: 'l.at', actor: 'coalesce(s.full_name, u.full_name, u.login)', account: 'a.number',
  // Set apart: a line naming `action:` with a quoted code is read as an audit action (routing-and-format.test.ts).
  ['action']: 'l.action',
};

// Who or what a row is about, by name: a staff member, a resident, an applicant or a request's
// number, read by the id the row keeps (compared as text: subject_id also holds periods and the like).
const SUBJECT_NAME = `case l.subject_type
  when 'staff_user' then (select s2.full_name from staff_users s2 where cast(s2.id as text) = l.subject_id)
  when 'user' then (select coalesce(u2.full_name, u2.login) from users u2 where cast(u2.id as text) = l.subject_id)
  when 'application' then (select ap.full_name from access_applications ap where cast(ap.id as text) = l.subject_id)
  when 'request' then (select rq.number from requests rq where cast(rq.id as text) = l.subject_id)
  when 'account' then (select ac.number from accounts ac where cast(ac.id as text) = l.subject_id)
  end as subject_name`;

/** The newest row now: a count and the pages (or an export's windows) read up to it describe the same log. */
export async function newestAuditId(db: Knex): Promise<number> {
  const newest = await db('audit_log').max({ id: 'id' }).first();
  return Number(newest?.id ?? 0);
}

/** `limit` rows of the filtered, sorted log up to `upTo` from `offset`; `query` as resolved (resolveAuditQuery). */
export async function auditRows(ctx: AdminContext, query: AuditQuery, upTo: number, limit: number, offset: number): Promise<AuditItem[]> {
  const q = filtered(ctx.db, query, ctx.config.timeZone)
    .where('l.id', '<=', upTo)
    .leftJoin('staff_users as s', (j) => j.on('s.id', 'l.actor_id').andOnVal('l.actor_type', '=', 'staff'))
    .leftJoin('users as u', (j) => j.on('u.id', 'l.actor_id').andOnVal('l.actor_type', '=', 'resident'))
    .leftJoin('accounts as a', 'a.id', 'l.account_id');
  const rows: AuditRow[] = await applySort(q, query.sort, SORT_COLUMNS, (o) => void o.orderBy([{ column: 'l.at', order: 'desc' }, { column: 'l.id', order: 'desc' }]))
    .limit(limit)
    .offset(offset)
    .select(
      'l.id', 'l.at', 'l.actor_type', 'l.actor_id', 's.full_name as staff_name', 'u.full_name as resident_name',
      'u.login as resident_login', 'l.action', 'l.subject_type', 'l.subject_id', 'l.account_id', 'a.number as account_number', 'l.ip', 'l.details',
      ctx.db.raw(SUBJECT_NAME),
    );
  return rows.map(toItem);
}

export async function listAudit(ctx: AdminContext, asked: AuditQuery): Promise<Page<AuditItem>> {
  const { db } = ctx;
  const query = await resolveAuditQuery(db, asked);
  // Rows keep arriving while the page is read (this very read adds one): fix the newest id first,
  // so the count and the page describe the same log.
  const upTo = await newestAuditId(db);
  const countRow = await filtered(db, query, ctx.config.timeZone).where('l.id', '<=', upTo).count({ n: '*' }).first();
  const items = await auditRows(ctx, query, upTo, PAGE_SIZE, (query.page - 1) * PAGE_SIZE);
  const { page, sort: _sort, ...filters } = asked;
  await auditStaffAction(db, ctx, { action: 'audit.view', details: { ...filters, page } });
  return { items, total: Number(countRow?.n ?? 0) };
}

function toItem(r: AuditRow): AuditItem {
  return {
    id: Number(r.id),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_type === 'staff' ? r.staff_name : r.actor_type === 'resident' ? (r.resident_name ?? r.resident_login) : null,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    accountId: r.account_id,
    accountNumber: r.account_number,
    ip: r.ip,
    details: parseDetails(r.details),
  };
}

function parseDetails(raw: string | null): Record<string, unknown> | null {
  if (raw == null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { raw };
  }
}
