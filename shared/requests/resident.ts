// A resident's requests: filing one (only for an account linked to the user), the list, one
// request's thread and writing into it. Every query is scoped to the user and to accounts still
// linked to them; staff notes (`internal`) never leave this module.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { conflict, notFound, rateLimited } from '../errors.ts';
import { resolveAccount } from '../residents/accounts.ts';
import { requestNumber, type RequestCategory, type RequestChannel, type RequestStatus } from './categories.ts';
import type { StoredPhotoInfo } from './store.ts';
import { insertPhotos } from './store.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

/** Requests one user may file per hour: a family's real needs, not a flood. */
export const REQUESTS_PER_USER_PER_HOUR = 10;
const HOUR_MS = 3_600_000;

export interface CreateRequestInput {
  userId: number;
  accountId: number;
  channel: RequestChannel;
  category: RequestCategory;
  description: string;
  /** +7XXXXXXXXXX */
  contactPhone: string;
  photos: StoredPhotoInfo[];
  ip: string | null;
  now: number;
}

export async function createRequest(db: Knex, input: CreateRequestInput): Promise<{ id: number; number: string }> {
  const account = await resolveAccount(db, input.userId, { id: input.accountId });
  const recent = await db('requests').where({ user_id: input.userId }).andWhere('created_at', '>', input.now - HOUR_MS).count({ n: '*' }).first();
  if (Number(recent?.n ?? 0) >= REQUESTS_PER_USER_PER_HOUR) {
    throw rateLimited('За последний час отправлено слишком много обращений. Попробуйте позже или позвоните нам.');
  }
  return db.transaction(async (trx) => {
    const [row] = await trx('requests')
      .insert({
        user_id: input.userId, account_id: account.id, channel: input.channel, category: input.category,
        description: input.description, contact_phone: input.contactPhone, address: account.address,
        status: 'new', created_at: input.now, updated_at: input.now,
      })
      .returning('id');
    const id = insertedId(row);
    const number = requestNumber(input.channel, id);
    await trx('requests').where({ id }).update({ number });
    await insertPhotos(trx, id, input.photos, input.now);
    await writeAudit(trx, {
      actorType: 'resident', actorId: input.userId, action: 'request.create', subjectType: 'request', subjectId: id,
      accountId: account.id, ip: input.ip, at: input.now,
      details: { number, channel: input.channel, category: input.category, photos: input.photos.length },
    });
    return { id, number };
  });
}

export interface ResidentRequestItem {
  id: number;
  number: string;
  channel: RequestChannel;
  category: RequestCategory;
  status: RequestStatus;
  accountNumber: string;
  address: string;
  excerpt: string;
  createdAt: number;
  updatedAt: number;
}

export interface ResidentMessage {
  id: number;
  author: 'resident' | 'staff';
  body: string;
  createdAt: number;
}

export interface ResidentPhoto {
  id: number;
  originalName: string;
  mime: string;
  size: number;
}

export interface ResidentRequestDetail extends ResidentRequestItem {
  description: string;
  contactPhone: string;
  messages: ResidentMessage[];
  photos: ResidentPhoto[];
  closedAt: number | null;
}

interface RequestRow {
  id: number;
  number: string;
  channel: RequestChannel;
  category: RequestCategory;
  status: RequestStatus;
  account_number: string;
  address: string;
  description: string;
  contact_phone: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

const COLUMNS = ['r.id', 'r.number', 'r.channel', 'r.category', 'r.status', 'a.number as account_number', 'r.address', 'r.description', 'r.contact_phone', 'r.created_at', 'r.updated_at', 'r.closed_at'];

/** The user's requests, on accounts still linked to them. */
function ownRequests(db: Knex, userId: number): Knex.QueryBuilder {
  return db('requests as r')
    .join('accounts as a', 'a.id', 'r.account_id')
    .join('user_accounts as ua', function joinLink() {
      this.on('ua.account_id', '=', 'r.account_id').andOn('ua.user_id', '=', 'r.user_id');
    })
    .where('r.user_id', userId);
}

export const excerptOf = (text: string, length = 140) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
};

function toItem(r: RequestRow): ResidentRequestItem {
  return {
    id: Number(r.id), number: r.number, channel: r.channel, category: r.category, status: r.status,
    accountNumber: r.account_number, address: r.address, excerpt: excerptOf(r.description),
    createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

export async function listResidentRequests(db: Knex, userId: number): Promise<ResidentRequestItem[]> {
  const rows: RequestRow[] = await ownRequests(db, userId).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(200).select(COLUMNS);
  return rows.map(toItem);
}

async function ownRequest(db: Knex, userId: number, requestId: number): Promise<RequestRow> {
  const row: RequestRow | undefined = await ownRequests(db, userId).where('r.id', requestId).first(COLUMNS);
  if (!row) throw notFound('Обращение не найдено');
  return row;
}

export async function getResidentRequest(db: Knex, userId: number, requestId: number): Promise<ResidentRequestDetail> {
  const row = await ownRequest(db, userId, requestId);
  const [messages, photos] = await Promise.all([
    db('request_messages').where({ request_id: requestId, internal: false }).orderBy('created_at').orderBy('id').select('id', 'author', 'body', 'created_at') as Promise<
      { id: number; author: 'resident' | 'staff'; body: string; created_at: number }[]
    >,
    db('request_photos').where({ request_id: requestId }).orderBy('id').select('id', 'original_name', 'mime', 'size') as Promise<
      { id: number; original_name: string; mime: string; size: number }[]
    >,
  ]);
  return {
    ...toItem(row),
    description: row.description,
    contactPhone: row.contact_phone,
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    messages: messages.map((m) => ({ id: Number(m.id), author: m.author, body: m.body, createdAt: Number(m.created_at) })),
    photos: photos.map((p) => ({ id: Number(p.id), originalName: p.original_name, mime: p.mime, size: Number(p.size) })),
  };
}

/**
 * The resident writes into the thread. An answered request goes back to the office (in work if
 * someone has it, else new); a closed one takes no more messages.
 */
export async function addResidentMessage(
  db: Knex,
  input: { userId: number; requestId: number; body: string; ip: string | null; now: number },
): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await ownRequest(trx, input.userId, input.requestId);
    if (row.status === 'closed') throw conflict('Обращение закрыто. Если вопрос остался, создайте новое обращение.');
    const current: { assigned_staff_id: number | null } = await trx('requests').where({ id: input.requestId }).first('assigned_staff_id');
    const status: RequestStatus = row.status === 'answered' ? (current.assigned_staff_id ? 'in_work' : 'new') : row.status;
    await trx('request_messages').insert({ request_id: input.requestId, author: 'resident', body: input.body, internal: false, created_at: input.now });
    await trx('requests').where({ id: input.requestId }).update({ status, updated_at: input.now });
    await writeAudit(trx, {
      actorType: 'resident', actorId: input.userId, action: 'request.message', subjectType: 'request', subjectId: input.requestId,
      ip: input.ip, at: input.now,
    });
  });
}

/** A photo of one of the user's requests, for the site to send; not found otherwise. */
export async function residentPhoto(db: Knex, userId: number, requestId: number, photoId: number): Promise<{ fileName: string; mime: string; originalName: string }> {
  await ownRequest(db, userId, requestId);
  const row: { file_name: string; mime: string; original_name: string } | undefined = await db('request_photos')
    .where({ id: photoId, request_id: requestId })
    .first('file_name', 'mime', 'original_name');
  if (!row) throw notFound('Фотография не найдена');
  return { fileName: row.file_name, mime: row.mime, originalName: row.original_name };
}
