// Mass notices from the console: a planned outage or a general announcement to every resident,
// one building's residents, or debtors, by the channels the clerk chooses; each resident only by
// the channels they keep on (an outage notice by their «Плановые отключения» choice, a general
// one by any kind: see kinds.ts MessageKind). The preview counts with the same code that sends,
// so its numbers are what sending creates. Sending is one transaction: the notice, a log row per
// resident (key `notice:<id>`: delivering it again adds nothing), the outbox rows and one delivery
// row per resident and channel, which is how the console shows each delivery's status.
import type { Knex } from 'knex';
import { z } from 'zod';
import { auditStaffAction, type AdminContext } from '../admin/context.ts';
import { notFound } from '../errors.ts';
import type { Page } from '../lists/page.ts';
import type { EmailContent } from '../mail/templates.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import { audienceSchema, audienceUserIds, resolveAudience, type ResolvedAudience } from './audience.ts';
import { NOTICE_KINDS, NOTIFICATION_CHANNELS, type NoticeKind, type NotificationChannel } from './kinds.ts';
import { loadRecipients, notifyResidents, recipientChannels, type NotifyDeps } from './notify.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

/** Who a notice goes to, as stored with it (debtors: debt on the latest receipt ≥ minDebtKopecks). */
export type NoticeAudienceView = { type: 'all' } | { type: 'building'; buildingId: number } | { type: 'debtors'; minDebtKopecks: number };

/** How many residents a notice would reach, before it is sent. */
export interface NoticePreview {
  /** Residents in the audience (users with an active account there), each counted once. */
  residents: number;
  /** Of them, reached by each chosen channel (their choices and contacts allow it); 0 for a channel not chosen. */
  byChannel: { email: number; sms: number };
  /** In the audience but reached by none of the chosen channels. */
  withoutChannel: number;
  /** The SMS text as it will go out (title and text, shortened to three SMS); null when SMS is not chosen. */
  smsText: string | null;
  /** The audience with defaults filled in (the debt threshold). */
  audience: NoticeAudienceView;
  /** «ул. Строителей, д. 6» for a building audience, else null. */
  buildingAddress: string | null;
}

export interface DeliveryCounts {
  /** Queued or being sent (including retries after gateway errors). */
  pending: number;
  sent: number;
  /** Given up: bad number, refused address, too many refusals. */
  failed: number;
}

export interface NoticeListItem {
  id: number;
  kind: 'outage' | 'general';
  title: string;
  audience: NoticeAudienceView;
  buildingAddress: string | null;
  channels: ('email' | 'sms')[];
  createdAt: number;
  createdBy: string;
  /** Residents reached by at least one channel. */
  recipients: number;
  delivery: { email: DeliveryCounts; sms: DeliveryCounts };
}

export interface NoticeFailure {
  userId: number;
  login: string;
  channel: 'email' | 'sms';
  /** The last error the mail server or SMS gateway gave. */
  error: string | null;
  attempts: number;
}

export interface NoticeDetail extends NoticeListItem {
  body: string;
  /** Failed deliveries (up to 200) and deliveries still being retried after an error. */
  failures: NoticeFailure[];
  retrying: NoticeFailure[];
}

/** What sendNotice answers: the notice (an existing one when the same requestKey came again). */
export interface SentNotice {
  noticeId: number;
  recipients: number;
  byChannel: { email: number; sms: number };
  /** True when this requestKey had already sent the notice: nothing new was queued. */
  repeated: boolean;
}

const channelsSchema = z
  .array(z.enum(NOTIFICATION_CHANNELS, { error: 'Канал: электронная почта или SMS' }), { error: 'Выберите каналы' })
  .min(1, 'Выберите хотя бы один канал: электронную почту или SMS')
  .transform((list) => NOTIFICATION_CHANNELS.filter((c) => list.includes(c)));

export const noticePreviewSchema = z.object({
  audience: audienceSchema,
  kind: z.enum(NOTICE_KINDS, { error: 'Выберите вид сообщения' }),
  channels: channelsSchema,
  /** For the SMS text in the preview; may be empty while the clerk is still typing. */
  title: z.string().trim().max(200).default(''),
  body: z.string().trim().max(4000).default(''),
});

export const noticeSendSchema = z.object({
  audience: audienceSchema,
  kind: z.enum(NOTICE_KINDS, { error: 'Выберите вид сообщения' }),
  channels: channelsSchema,
  title: z.string({ error: 'Укажите заголовок' }).trim().min(1, 'Укажите заголовок').max(200, 'Заголовок не длиннее 200 знаков'),
  body: z.string({ error: 'Укажите текст' }).trim().min(1, 'Укажите текст сообщения').max(4000, 'Текст не длиннее 4000 знаков'),
  /** A key the console makes once per form: pressing «Отправить» twice sends one notice. */
  requestKey: z.string().regex(/^[\w-]{8,64}$/, 'Неверный ключ запроса').optional(),
});

export type NoticePreviewInput = z.output<typeof noticePreviewSchema>;
export type NoticeSendInput = z.output<typeof noticeSendSchema>;

// Three SMS of 67 Cyrillic characters each: enough for «what, where, when», and a known cost.
export const NOTICE_SMS_MAX = 201;

export function noticeSmsText(title: string, body: string): string {
  const text = [title.trim(), body.trim()].filter(Boolean).join(title.trim() && /[.!?]$/.test(title.trim()) ? ' ' : '. ').replace(/\s+/g, ' ');
  return text.length <= NOTICE_SMS_MAX ? text : `${text.slice(0, NOTICE_SMS_MAX - 1).trimEnd()}…`;
}

function noticeEmail(title: string, body: string, publicUrl: string): EmailContent {
  return {
    title,
    paragraphs: body.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean),
    action: { label: 'Открыть личный кабинет', url: `${publicUrl}/` },
  };
}

export function buildingAddress(row: { city: string; street: string; house: string; block: string | null }): string {
  return `${row.street}, д. ${row.house}${row.block ? `, корп. ${row.block}` : ''}`;
}

async function checkBuilding(db: Knex, audience: ResolvedAudience): Promise<string | null> {
  if (audience.type !== 'building') return null;
  const row = await db('buildings').where({ id: audience.buildingId }).first('city', 'street', 'house', 'block');
  if (!row) throw notFound('Дом не найден');
  return buildingAddress(row);
}

/** How many residents the notice would reach, and by which channels. */
export async function previewNotice(ctx: Pick<AdminContext, 'db'>, input: NoticePreviewInput): Promise<NoticePreview> {
  const audience = await resolveAudience(ctx.db, input.audience);
  const address = await checkBuilding(ctx.db, audience);
  const counts = { residents: 0, email: 0, sms: 0, withoutChannel: 0 };
  for await (const page of audienceUserIds(ctx.db, audience)) {
    const recipients = await loadRecipients(ctx.db, page);
    for (const userId of page) {
      const channels = recipientChannels(recipients.get(userId), input.kind, input.channels);
      counts.residents += 1;
      if (channels.length === 0) counts.withoutChannel += 1;
      for (const channel of channels) counts[channel] += 1;
    }
  }
  return {
    residents: counts.residents,
    byChannel: { email: counts.email, sms: counts.sms },
    withoutChannel: counts.withoutChannel,
    smsText: input.channels.includes('sms') ? noticeSmsText(input.title, input.body) : null,
    audience,
    buildingAddress: address,
  };
}

interface NoticeRow {
  id: number;
  kind: NoticeKind;
  title: string;
  body: string;
  audience: string;
  channels: string;
  created_by: number;
  created_at: number;
  recipients: number;
}

/** Sends a notice (see the file's header); the same requestKey again answers with the first notice. */
export async function sendNotice(ctx: AdminContext, input: NoticeSendInput): Promise<SentNotice> {
  return ctx.db.transaction(async (trx) => {
    if (input.requestKey) {
      const existing = await trx('notices').where({ request_key: input.requestKey }).first('id', 'recipients');
      if (existing) {
        const byChannel = await channelTotals(trx, Number(existing.id));
        return { noticeId: Number(existing.id), recipients: Number(existing.recipients), byChannel, repeated: true };
      }
    }
    const audience = await resolveAudience(trx, input.audience);
    await checkBuilding(trx, audience);
    const now = ctx.now();
    const [row] = await trx('notices')
      .insert({
        kind: input.kind, title: input.title, body: input.body, audience: JSON.stringify(audience), channels: input.channels.join(','),
        request_key: input.requestKey ?? null, created_by: ctx.staff.id, created_at: now, recipients: 0,
      })
      .returning('id');
    const noticeId = insertedId(row);
    const { recipients, byChannel } = await deliverNotice(trx, noticeId, { config: ctx.config, now });
    await auditStaffAction(trx, ctx, {
      action: 'notice.send', subjectType: 'notice', subjectId: noticeId,
      details: { kind: input.kind, title: input.title, audience, channels: input.channels, recipients, byChannel },
    });
    return { noticeId, recipients, byChannel, repeated: false };
  });
}

/**
 * Queues the notice for every resident of its audience who has not had it yet (key
 * `notice:<id>`), records the deliveries and the recipients count. Running it again for the same
 * notice queues nothing new.
 */
export async function deliverNotice(
  trx: Knex,
  noticeId: number,
  deps: Pick<NotifyDeps, 'config' | 'now'>,
): Promise<{ recipients: number; byChannel: Record<NotificationChannel, number> }> {
  const notice: NoticeRow | undefined = await trx('notices').where({ id: noticeId }).first();
  if (!notice) throw notFound('Сообщение не найдено');
  const audience = JSON.parse(notice.audience) as ResolvedAudience;
  const channels = notice.channels.split(',') as NotificationChannel[];
  const company = await loadCompanyInfo(trx);
  const email = channels.includes('email') ? noticeEmail(notice.title, notice.body, deps.config.publicUrl) : undefined;
  const sms = channels.includes('sms') ? noticeSmsText(notice.title, notice.body) : undefined;
  for await (const page of audienceUserIds(trx, audience)) {
    const outcomes = await notifyResidents(
      trx,
      page.map((userId) => ({ userId, kind: notice.kind, dedupeKey: `notice:${noticeId}`, email, sms, outboxKind: `notice.${notice.kind}` })),
      { ...deps, company, channels },
    );
    const deliveries = outcomes.flatMap((o) => [
      ...(o.emailOutboxId ? [{ notice_id: noticeId, user_id: o.userId, channel: 'email', email_outbox_id: o.emailOutboxId, sms_outbox_id: null }] : []),
      ...(o.smsOutboxId ? [{ notice_id: noticeId, user_id: o.userId, channel: 'sms', email_outbox_id: null, sms_outbox_id: o.smsOutboxId }] : []),
    ]);
    for (let start = 0; start < deliveries.length; start += 400) await trx('notice_deliveries').insert(deliveries.slice(start, start + 400));
  }
  const recipients = await trx('notice_deliveries').where({ notice_id: noticeId }).countDistinct({ n: 'user_id' }).first();
  const total = Number(recipients?.n ?? 0);
  await trx('notices').where({ id: noticeId }).update({ recipients: total });
  return { recipients: total, byChannel: await channelTotals(trx, noticeId) };
}

async function channelTotals(db: Knex, noticeId: number): Promise<Record<NotificationChannel, number>> {
  const rows: { channel: string; n: number | string }[] = await db('notice_deliveries').where({ notice_id: noticeId }).groupBy('channel').select('channel').count({ n: '*' });
  const totals = { email: 0, sms: 0 };
  for (const row of rows) if (row.channel === 'email' || row.channel === 'sms') totals[row.channel] = Number(row.n);
  return totals;
}

// --- reading notices back --------------------------------------------------------------

export const NOTICES_PAGE_SIZE = 50;

export const noticeListSchema = z.object({ page: z.number().int().min(1).default(1) });
export const noticeRefSchema = z.object({ noticeId: z.number({ error: 'Не указано сообщение' }).int().positive() });

const emptyCounts = (): DeliveryCounts => ({ pending: 0, sent: 0, failed: 0 });

/** Delivery status per notice and channel, from the outboxes ('sending' counts as pending). */
async function deliveryCounts(db: Knex, noticeIds: number[]): Promise<Map<number, NoticeListItem['delivery']>> {
  const result = new Map<number, NoticeListItem['delivery']>(noticeIds.map((id) => [id, { email: emptyCounts(), sms: emptyCounts() }]));
  if (noticeIds.length === 0) return result;
  const count = async (channel: NotificationChannel, table: string, column: string) => {
    const rows: { notice_id: number; status: string; n: number | string }[] = await db('notice_deliveries as d')
      .join(`${table} as o`, 'o.id', `d.${column}`)
      .whereIn('d.notice_id', noticeIds)
      .andWhere('d.channel', channel)
      .groupBy('d.notice_id', 'o.status')
      .select('d.notice_id', 'o.status')
      .count({ n: '*' });
    for (const row of rows) {
      const counts = result.get(Number(row.notice_id))?.[channel];
      if (!counts) continue;
      const bucket = row.status === 'sent' ? 'sent' : row.status === 'failed' ? 'failed' : 'pending';
      counts[bucket] += Number(row.n);
    }
  };
  await count('email', 'email_outbox', 'email_outbox_id');
  await count('sms', 'sms_outbox', 'sms_outbox_id');
  return result;
}

type ListRow = Omit<NoticeRow, 'body'> & { staff_name: string | null };

async function addresses(db: Knex, rows: ListRow[]): Promise<Map<number, string>> {
  const ids = rows.map((r) => JSON.parse(r.audience) as ResolvedAudience).flatMap((a) => (a.type === 'building' ? [a.buildingId] : []));
  if (ids.length === 0) return new Map();
  const buildings: { id: number; city: string; street: string; house: string; block: string }[] = await db('buildings').whereIn('id', ids).select('id', 'city', 'street', 'house', 'block');
  return new Map(buildings.map((b) => [Number(b.id), buildingAddress(b)]));
}

function listItem(row: ListRow, delivery: NoticeListItem['delivery'], addressById: Map<number, string>): NoticeListItem {
  const audience = JSON.parse(row.audience) as ResolvedAudience;
  return {
    id: Number(row.id),
    kind: row.kind,
    title: row.title,
    audience,
    buildingAddress: audience.type === 'building' ? (addressById.get(audience.buildingId) ?? null) : null,
    channels: row.channels.split(',') as NotificationChannel[],
    createdAt: Number(row.created_at),
    createdBy: row.staff_name ?? '',
    recipients: Number(row.recipients),
    delivery,
  };
}

const LIST_COLUMNS = ['n.id', 'n.kind', 'n.title', 'n.audience', 'n.channels', 'n.created_by', 'n.created_at', 'n.recipients', 's.full_name as staff_name'];

/** Notices, newest first, with delivery status per channel. */
export async function listNotices(ctx: Pick<AdminContext, 'db'>, input: z.output<typeof noticeListSchema>): Promise<Page<NoticeListItem>> {
  const total = await ctx.db('notices').count({ n: '*' }).first();
  const rows: ListRow[] = await ctx.db('notices as n')
    .leftJoin('staff_users as s', 's.id', 'n.created_by')
    .orderBy('n.id', 'desc')
    .limit(NOTICES_PAGE_SIZE)
    .offset((input.page - 1) * NOTICES_PAGE_SIZE)
    .select(LIST_COLUMNS);
  const counts = await deliveryCounts(ctx.db, rows.map((r) => Number(r.id)));
  const addressById = await addresses(ctx.db, rows);
  return { items: rows.map((r) => listItem(r, counts.get(Number(r.id)) ?? { email: emptyCounts(), sms: emptyCounts() }, addressById)), total: Number(total?.n ?? 0) };
}

/** One notice with its text and the deliveries that failed or are being retried (audited: it names residents). */
export async function getNotice(ctx: AdminContext, input: z.output<typeof noticeRefSchema>): Promise<NoticeDetail> {
  const row: (ListRow & { body: string }) | undefined = await ctx.db('notices as n')
    .leftJoin('staff_users as s', 's.id', 'n.created_by')
    .where('n.id', input.noticeId)
    .first([...LIST_COLUMNS, 'n.body']);
  if (!row) throw notFound('Сообщение не найдено');
  const counts = await deliveryCounts(ctx.db, [Number(row.id)]);
  const addressById = await addresses(ctx.db, [row]);
  const problems = async (channel: NotificationChannel, status: 'failed' | 'pending'): Promise<NoticeFailure[]> => {
    const [table, column] = channel === 'email' ? ['email_outbox', 'email_outbox_id'] : ['sms_outbox', 'sms_outbox_id'];
    const query = ctx.db('notice_deliveries as d')
      .join(`${table} as o`, 'o.id', `d.${column}`)
      .join('users as u', 'u.id', 'd.user_id')
      .where('d.notice_id', input.noticeId)
      .andWhere('d.channel', channel)
      .orderBy('d.id')
      .limit(200)
      .select('d.user_id', 'u.login', 'o.last_error', 'o.attempts');
    if (status === 'failed') query.andWhere('o.status', 'failed');
    else query.whereIn('o.status', ['pending', 'sending']).whereNotNull('o.last_error');
    const rows: { user_id: number; login: string; last_error: string | null; attempts: number }[] = await query;
    return rows.map((r) => ({ userId: Number(r.user_id), login: r.login, channel, error: r.last_error, attempts: Number(r.attempts) }));
  };
  const failures = [...(await problems('email', 'failed')), ...(await problems('sms', 'failed'))];
  const retrying = [...(await problems('email', 'pending')), ...(await problems('sms', 'pending'))];
  if (failures.length > 0 || retrying.length > 0) {
    await auditStaffAction(ctx.db, ctx, { action: 'notice.view', subjectType: 'notice', subjectId: input.noticeId, details: { failures: failures.length, retrying: retrying.length } });
  }
  return {
    ...listItem(row, counts.get(Number(row.id)) ?? { email: emptyCounts(), sms: emptyCounts() }, addressById),
    body: row.body,
    failures,
    retrying,
  };
}
