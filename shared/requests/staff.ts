// The office's side of requests: the inbox (open emergencies on top, then the oldest new ones),
// one request with its whole thread, and the clerk's actions — assign, change the status,
// reply (the resident sees it and may get an e-mail), leave an internal note. Every action and
// every opened card is in the audit log.
import type { Knex } from 'knex';
import { z } from 'zod';
import { auditStaffAction, type AdminContext } from '../admin/context.ts';
import { digitQuery, searchWords, whereWordsIn } from '../admin/text-search.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import type { Page } from '../lists/page.ts';
import { applySort, sortSchema } from '../lists/sort.ts';
import {
  REQUEST_STATUSES, STATUS_LABELS, categoryLabel, idFromNumber, type RequestChannel, type RequestStatus,
} from './categories.ts';
import { notifyRequestReply } from '../notifications/request-reply.ts';
import { readPhoto } from './photos.ts';
import { excerptOf } from './resident.ts';
import { formatMinutes, minutesBetween } from './response-time.ts';
import { messageBodySchema, requestIdSchema, requestStatusSchema } from './schemas.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export type RequestChannelView = 'emergency' | 'company';

export type RequestStatusView = 'new' | 'in_work' | 'answered' | 'closed';

export interface RequestListItem {
  id: number;
  /** «А-000123» (emergency) or «О-000124». */
  number: string;
  channel: RequestChannelView;
  category: string;
  categoryLabel: string;
  status: RequestStatusView;
  statusLabel: string;
  /** An emergency not yet answered or closed: shown on top, in red, and counted in the badge. */
  urgent: boolean;
  createdAt: number;
  updatedAt: number;
  /** The account the request is about: its view in the console is #/accounts/<accountId>. */
  accountId: number;
  accountNumber: string;
  address: string;
  residentName: string | null;
  contactPhone: string;
  excerpt: string;
  assignedTo: { id: number; fullName: string } | null;
  photoCount: number;
  firstResponseAt: number | null;
  /** first_response_at − created_at in whole minutes; null while unanswered. */
  responseMinutes: number | null;
  /** The same as «2 ч 05 мин»; null while unanswered. */
  responseText: string | null;
  /** Unanswered: minutes since the request came, as of the call. */
  waitingMinutes: number | null;
}

export interface RequestList extends Page<RequestListItem> {
  /** Emergencies in status new or in work, whatever the filters: the inbox badge. */
  openEmergencies: number;
  /** New requests nobody has taken, whatever the filters. */
  unassignedNew: number;
}

export interface RequestMessageView {
  id: number;
  author: 'resident' | 'staff';
  /** The clerk's name for staff messages and notes. */
  staffName: string | null;
  body: string;
  /** A staff note: never shown to the resident. */
  internal: boolean;
  createdAt: number;
}

export interface RequestPhotoView {
  id: number;
  originalName: string;
  mime: string;
  size: number;
  createdAt: number;
}

export interface RequestDetail extends RequestListItem {
  description: string;
  resident: { userId: number; login: string; fullName: string | null; email: string | null; phone: string | null };
  messages: RequestMessageView[];
  photos: RequestPhotoView[];
  answeredAt: number | null;
  closedAt: number | null;
}

export interface RequestPhotoData extends RequestPhotoView {
  /** data:<mime>;base64,… — HEIC is not shown by Chromium: offer it as a download. */
  dataUrl: string;
}

export const REQUESTS_PAGE_SIZE = 50;

export const requestListSchema = z.object({
  channel: z.enum(['all', 'emergency', 'company']).default('all'),
  /** 'open' is new and in work together. */
  status: z.enum(['open', 'all', ...REQUEST_STATUSES]).default('open'),
  /** 'me', 'none', 'any', or a staff id. */
  assigned: z.union([z.enum(['me', 'none', 'any']), z.number().int().positive()]).default('any'),
  search: z.string().trim().max(100, 'Слишком длинный запрос').default(''),
  page: z.number().int().min(1).default(1),
  sort: sortSchema(['number', 'category', 'address', 'created', 'status', 'assigned', 'response']),
});

export type RequestListInput = z.output<typeof requestListSchema>;

/** What each sortable column of the inbox orders by. */
const SORT_COLUMNS = {
  number: 'r.id',
  category: 'r.category',
  address: 'r.address',
  created: 'r.created_at',
  status: "case r.status when 'new' then 0 when 'in_work' then 1 when 'answered' then 2 else 3 end",
  assigned: 's.full_name',
  response: '(r.first_response_at - r.created_at)',
} as const;

export const requestRefSchema = z.object({ id: requestIdSchema });
export const assignSchema = z.object({ id: requestIdSchema, staffId: z.number().int().positive().nullable() });
export const setStatusSchema = z.object({ id: requestIdSchema, status: requestStatusSchema });
export const staffMessageSchema = z.object({ id: requestIdSchema, body: messageBodySchema });
export const photoRefSchema = z.object({ photoId: z.number({ error: 'Не указана фотография' }).int().positive() });

interface Row {
  id: number;
  number: string;
  channel: RequestChannel;
  category: string;
  status: RequestStatus;
  created_at: number;
  updated_at: number;
  first_response_at: number | null;
  answered_at: number | null;
  closed_at: number | null;
  account_id: number;
  account_number: string;
  address: string;
  resident_name: string | null;
  contact_phone: string;
  description: string;
  assigned_staff_id: number | null;
  assigned_name: string | null;
  photo_count: number | string;
  user_id: number;
}

const COLUMNS = [
  'r.id', 'r.number', 'r.channel', 'r.category', 'r.status', 'r.created_at', 'r.updated_at', 'r.first_response_at', 'r.answered_at',
  'r.closed_at', 'r.account_id', 'a.number as account_number', 'r.address', 'u.full_name as resident_name', 'r.contact_phone', 'r.description',
  'r.assigned_staff_id', 's.full_name as assigned_name', 'r.user_id',
];

function baseQuery(db: Knex): Knex.QueryBuilder {
  return db('requests as r')
    .join('accounts as a', 'a.id', 'r.account_id')
    .join('users as u', 'u.id', 'r.user_id')
    .leftJoin('staff_users as s', 's.id', 'r.assigned_staff_id');
}

const photoCount = (db: Knex) => db('request_photos as p').whereRaw('p.request_id = r.id').count('*').as('photo_count');

const isOpen = (status: RequestStatus) => status === 'new' || status === 'in_work';

function listItem(r: Row, now: number): RequestListItem {
  const created = Number(r.created_at);
  const first = r.first_response_at === null ? null : Number(r.first_response_at);
  const minutes = first === null ? null : minutesBetween(created, first);
  return {
    id: Number(r.id),
    number: r.number,
    channel: r.channel,
    category: r.category,
    categoryLabel: categoryLabel(r.channel, r.category),
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    urgent: r.channel === 'emergency' && isOpen(r.status),
    createdAt: created,
    updatedAt: Number(r.updated_at),
    accountId: Number(r.account_id),
    accountNumber: r.account_number,
    address: r.address,
    residentName: r.resident_name,
    contactPhone: r.contact_phone,
    excerpt: excerptOf(r.description),
    assignedTo: r.assigned_staff_id === null ? null : { id: Number(r.assigned_staff_id), fullName: r.assigned_name ?? '' },
    photoCount: Number(r.photo_count ?? 0),
    firstResponseAt: first,
    responseMinutes: minutes,
    responseText: minutes === null ? null : formatMinutes(minutes),
    waitingMinutes: first === null && isOpen(r.status) ? minutesBetween(created, now) : null,
  };
}

/** A request number («А-000123», «123»), an account number, or words of the text or address. */
function applySearch(db: Knex, q: Knex.QueryBuilder, search: string): void {
  if (!search) return;
  const id = idFromNumber(search);
  const digits = digitQuery(search);
  if (id !== null || digits !== null) {
    q.where((any) => {
      if (id !== null) any.orWhere('r.id', id);
      if (digits !== null) any.orWhere('a.number', 'like', `%${digits}%`).orWhere('r.contact_phone', 'like', `%${digits}%`);
    });
    return;
  }
  whereWordsIn(db, q, ['r.description', 'r.address', 'u.full_name', 'a.owner_name'], searchWords(search));
}

/** The inbox's rows as filtered, without paging: the filter's query (exports read it in windows too). */
function filteredRequests(ctx: AdminContext, input: Omit<RequestListInput, 'page'>): Knex.QueryBuilder {
  const q = baseQuery(ctx.db);
  if (input.channel !== 'all') q.where('r.channel', input.channel);
  if (input.status === 'open') q.whereIn('r.status', ['new', 'in_work']);
  else if (input.status !== 'all') q.where('r.status', input.status);
  if (input.assigned === 'me') q.where('r.assigned_staff_id', ctx.staff.id);
  else if (input.assigned === 'none') q.whereNull('r.assigned_staff_id');
  else if (typeof input.assigned === 'number') q.where('r.assigned_staff_id', input.assigned);
  applySearch(ctx.db, q, input.search);
  return q;
}

/** The inbox's own order: open emergencies, then by status, then the oldest first. */
function inboxOrder(q: Knex.QueryBuilder): void {
  q.orderByRaw("case when r.channel = 'emergency' and r.status in ('new', 'in_work') then 0 else 1 end")
    .orderByRaw(SORT_COLUMNS.status)
    .orderBy('r.created_at')
    .orderBy('r.id');
}

/** `limit` rows of the filtered, sorted inbox from `offset`, as the screen shows them. */
export function requestRows(ctx: AdminContext, input: Omit<RequestListInput, 'page'>, limit: number, offset: number): Promise<RequestListItem[]> {
  return itemsOf(ctx, applySort(filteredRequests(ctx, input), input.sort, SORT_COLUMNS, inboxOrder).limit(limit).offset(offset));
}

/** The account's requests, newest first, for its view in the console (the inbox's own rows). */
export function requestsOfAccount(ctx: AdminContext, accountId: number, limit: number): Promise<RequestListItem[]> {
  return itemsOf(ctx, baseQuery(ctx.db).where('r.account_id', accountId).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit));
}

/** The rows of an ordered, limited query on baseQuery, as the inbox shows them. */
async function itemsOf(ctx: AdminContext, q: Knex.QueryBuilder): Promise<RequestListItem[]> {
  const rows = (await q.select([...COLUMNS, photoCount(ctx.db)])) as Row[];
  const now = ctx.now();
  return rows.map((r) => listItem(r, now));
}

export async function listRequests(ctx: AdminContext, input: RequestListInput): Promise<RequestList> {
  const { db } = ctx;
  const [countRow, items, badges] = await Promise.all([
    filteredRequests(ctx, input).count({ n: '*' }).first(),
    requestRows(ctx, input, REQUESTS_PAGE_SIZE, (input.page - 1) * REQUESTS_PAGE_SIZE),
    db('requests')
      .select(
        db.raw("sum(case when channel = 'emergency' and status in ('new', 'in_work') then 1 else 0 end) as emergencies"),
        db.raw("sum(case when status = 'new' and assigned_staff_id is null then 1 else 0 end) as unassigned"),
      )
      .first() as Promise<{ emergencies: number | string | null; unassigned: number | string | null }>,
  ]);
  // The rows carry residents' names, addresses and phones: a read of personal data, recorded.
  await auditStaffAction(db, ctx, { action: 'request.list', details: { ...input, found: Number(countRow?.n ?? 0) } });
  return {
    items,
    total: Number(countRow?.n ?? 0),
    openEmergencies: Number(badges?.emergencies ?? 0),
    unassignedNew: Number(badges?.unassigned ?? 0),
  };
}

async function loadRow(db: Knex, id: number): Promise<Row> {
  const row: Row | undefined = await baseQuery(db).where('r.id', id).first([...COLUMNS, photoCount(db)]);
  if (!row) throw notFound('Обращение не найдено');
  return row;
}

/** The card: the request, its whole thread with notes, photo list and the resident's contacts. */
export async function requestDetail(ctx: AdminContext, id: number, db: Knex = ctx.db): Promise<RequestDetail> {
  const row = await loadRow(db, id);
  // One after another, not Promise.all: `db` may be a transaction, and a transaction's single
  // PostgreSQL connection must not be handed a query while one is running (pg warns; pg@9 refuses).
  const messages = await (
    db('request_messages as m')
      .leftJoin('staff_users as s', 's.id', 'm.staff_id')
      .where('m.request_id', id)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .select('m.id', 'm.author', 's.full_name as staff_name', 'm.body', 'm.internal', 'm.created_at') as Promise<
        { id: number; author: 'resident' | 'staff'; staff_name: string | null; body: string; internal: boolean | number; created_at: number }[]
      >
  );
  const photos = await (
    db('request_photos').where({ request_id: id }).orderBy('id').select('id', 'original_name', 'mime', 'size', 'created_at') as Promise<
      { id: number; original_name: string; mime: string; size: number; created_at: number }[]
    >
  );
  const user = await (
    db('users').where({ id: row.user_id }).first('id', 'login', 'full_name', 'email', 'phone') as Promise<
      { id: number; login: string; full_name: string | null; email: string | null; phone: string | null }
    >
  );
  return {
    ...listItem(row, ctx.now()),
    description: row.description,
    resident: { userId: Number(user.id), login: user.login, fullName: user.full_name, email: user.email, phone: user.phone },
    messages: messages.map((m): RequestMessageView => ({
      id: Number(m.id), author: m.author, staffName: m.staff_name, body: m.body, internal: Boolean(m.internal), createdAt: Number(m.created_at),
    })),
    photos: photos.map((p): RequestPhotoView => ({
      id: Number(p.id), originalName: p.original_name, mime: p.mime, size: Number(p.size), createdAt: Number(p.created_at),
    })),
    answeredAt: row.answered_at === null ? null : Number(row.answered_at),
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
  };
}

export async function getRequest(ctx: AdminContext, input: z.output<typeof requestRefSchema>): Promise<RequestDetail> {
  const detail = await requestDetail(ctx, input.id);
  await auditStaffAction(ctx.db, ctx, { action: 'request.view', subjectType: 'request', subjectId: input.id, details: { number: detail.number } });
  return detail;
}

/** Gives the request to a clerk (or takes it back with null); a new request is then in work. */
export async function assignRequest(ctx: AdminContext, input: z.output<typeof assignSchema>): Promise<RequestDetail> {
  return ctx.db.transaction(async (trx) => {
    const row = await loadRow(trx, input.id);
    if (input.staffId !== null) {
      const staff: { id: number; disabled_at: number | null } | undefined = await trx('staff_users').where({ id: input.staffId }).first('id', 'disabled_at');
      if (!staff || staff.disabled_at !== null) throw validationFailed([{ field: 'staffId', message: 'Сотрудник не найден или отключён' }]);
    }
    const status: RequestStatus = input.staffId !== null && row.status === 'new' ? 'in_work' : row.status;
    await trx('requests').where({ id: input.id }).update({ assigned_staff_id: input.staffId, status, updated_at: ctx.now() });
    await auditStaffAction(trx, ctx, {
      action: 'request.assign', subjectType: 'request', subjectId: input.id,
      details: { number: row.number, from: row.assigned_staff_id, to: input.staffId },
    });
    return requestDetail(ctx, input.id, trx);
  });
}

/**
 * Statuses a clerk sets by hand. «Дан ответ» comes with a reply (replyToRequest), so it is set
 * by hand only where a reply exists; closing stamps closed_at, reopening clears it.
 */
export async function setRequestStatus(ctx: AdminContext, input: z.output<typeof setStatusSchema>): Promise<RequestDetail> {
  return ctx.db.transaction(async (trx) => {
    await changeStatus(ctx, trx, await loadRow(trx, input.id), input.status);
    return requestDetail(ctx, input.id, trx);
  });
}

export const closeRequestsSchema = z.object({
  ids: z.array(requestIdSchema).min(1, 'Отметьте хотя бы одно обращение').max(REQUESTS_PAGE_SIZE, `Не больше ${REQUESTS_PAGE_SIZE} обращений за раз`),
});

/** Closes the chosen requests at once (a bulk action of the inbox), each audited as if closed alone; already closed ones are left. */
export async function closeRequests(ctx: AdminContext, input: z.output<typeof closeRequestsSchema>): Promise<{ closed: number }> {
  return ctx.db.transaction(async (trx) => {
    let closed = 0;
    for (const id of new Set(input.ids)) {
      if (await changeStatus(ctx, trx, await loadRow(trx, id), 'closed')) closed++;
    }
    return { closed };
  });
}

/** Moves one request to `status`, audited; false when it already was there. */
async function changeStatus(ctx: AdminContext, trx: Knex.Transaction, row: Row, status: RequestStatus): Promise<boolean> {
  if (row.status === status) return false;
  if (status === 'answered' && row.first_response_at === null) {
    throw conflict('Статус «Дан ответ» ставится вместе с ответом: напишите ответ абоненту');
  }
  const now = ctx.now();
  await trx('requests').where({ id: row.id }).update({ status, closed_at: status === 'closed' ? now : null, updated_at: now });
  await auditStaffAction(trx, ctx, {
    action: 'request.status', subjectType: 'request', subjectId: Number(row.id),
    details: { number: row.number, from: row.status, to: status },
  });
  return true;
}

/** A reply the resident sees: first response time, status «Дан ответ», and the e-mail if wanted. */
export async function replyToRequest(ctx: AdminContext, input: z.output<typeof staffMessageSchema>): Promise<RequestDetail> {
  return ctx.db.transaction(async (trx) => {
    const row = await loadRow(trx, input.id);
    if (row.status === 'closed') throw conflict('Обращение закрыто. Чтобы ответить, сначала верните его в работу.');
    const now = ctx.now();
    const [message] = await trx('request_messages')
      .insert({ request_id: input.id, author: 'staff', staff_id: ctx.staff.id, body: input.body, internal: false, created_at: now })
      .returning('id');
    const messageId = insertedId(message);
    await trx('requests').where({ id: input.id }).update({
      status: 'answered',
      first_response_at: row.first_response_at ?? now,
      answered_at: now,
      assigned_staff_id: row.assigned_staff_id ?? ctx.staff.id,
      updated_at: now,
    });
    // By the resident's choices for «Ответ на обращение»: e-mail and/or SMS, each reply once.
    const notified = await notifyRequestReply(trx, { userId: row.user_id, requestId: Number(row.id), messageId, number: row.number, reply: input.body, now }, ctx.config);
    const emailed = notified.emailOutboxId !== null;
    await auditStaffAction(trx, ctx, {
      action: 'request.reply', subjectType: 'request', subjectId: input.id, details: { number: row.number, emailed },
    });
    return requestDetail(ctx, input.id, trx);
  });
}

/** A note for colleagues: in the card, never on the site. */
export async function addInternalNote(ctx: AdminContext, input: z.output<typeof staffMessageSchema>): Promise<RequestDetail> {
  return ctx.db.transaction(async (trx) => {
    const row = await loadRow(trx, input.id);
    const now = ctx.now();
    await trx('request_messages').insert({ request_id: input.id, author: 'staff', staff_id: ctx.staff.id, body: input.body, internal: true, created_at: now });
    await trx('requests').where({ id: input.id }).update({ updated_at: now });
    await auditStaffAction(trx, ctx, { action: 'request.note', subjectType: 'request', subjectId: input.id, details: { number: row.number } });
    return requestDetail(ctx, input.id, trx);
  });
}

/** One photo as a data URL (works over IPC and the bridge alike); audited like opening the card. */
export async function getRequestPhoto(ctx: AdminContext, input: z.output<typeof photoRefSchema>): Promise<RequestPhotoData> {
  const row: { id: number; request_id: number; file_name: string; original_name: string; mime: string; size: number; created_at: number } | undefined =
    await ctx.db('request_photos').where({ id: input.photoId }).first('id', 'request_id', 'file_name', 'original_name', 'mime', 'size', 'created_at');
  if (!row) throw notFound('Фотография не найдена');
  let data: Buffer;
  try {
    data = await readPhoto(ctx.config.uploadDir, row.file_name);
  } catch {
    throw notFound('Файл фотографии не найден на диске. Сообщите администратору.');
  }
  await auditStaffAction(ctx.db, ctx, { action: 'request.photo_view', subjectType: 'request', subjectId: Number(row.request_id), details: { photoId: Number(row.id) } });
  return {
    id: Number(row.id), originalName: row.original_name, mime: row.mime, size: Number(row.size), createdAt: Number(row.created_at),
    dataUrl: `data:${row.mime};base64,${data.toString('base64')}`,
  };
}
