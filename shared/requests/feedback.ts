// The public «Обратная связь» form (no sign-in needed) and the office's list of messages. A
// message is checked for obscene language and advertising and stored either way, flagged with
// the reasons; the same text again from the same address or e-mail within a day, or too many
// messages from one address in an hour, is refused.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { consentFieldSchema, recordConsent } from '../access/consent.ts';
import { auditStaffAction, type AdminContext } from '../admin/context.ts';
import { conflict, notFound, rateLimited } from '../errors.ts';
import type { Page } from '../lists/page.ts';
import { applySort, sortSchema } from '../lists/sort.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { renderEmail } from '../mail/templates.ts';
import { contactsFormSchema } from '../profile/contacts.ts';
import { formText } from '../profile/form-text.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import { writeAudit } from '../audit/write.ts';
import { moderate, normalizeForRepeat, type Flag } from './moderation.ts';
import { messageBodySchema } from './schemas.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export type FeedbackStatusView = 'new' | 'answered' | 'ignored';

export interface FeedbackItem {
  id: number;
  createdAt: number;
  name: string;
  email: string;
  phone: string | null;
  topic: string;
  topicLabel: string;
  body: string;
  flagged: boolean;
  /** Why it was flagged, in Russian, e.g. «Нецензурная лексика». */
  flagReasons: string[];
  status: FeedbackStatusView;
  /** A signed-in resident's login, when the form was sent from the personal account. */
  login: string | null;
  reply: string | null;
  answeredAt: number | null;
  answeredBy: string | null;
}

export const FEEDBACK_TOPICS = ['question', 'suggestion', 'complaint', 'thanks', 'site', 'other'] as const;
export type FeedbackTopic = (typeof FEEDBACK_TOPICS)[number];

export const FEEDBACK_TOPIC_LABELS: Readonly<Record<FeedbackTopic, string>> = {
  question: 'Вопрос',
  suggestion: 'Предложение',
  complaint: 'Жалоба',
  thanks: 'Благодарность',
  site: 'Работа сайта',
  other: 'Другое',
};

export const topicLabel = (topic: string) => (FEEDBACK_TOPIC_LABELS as Record<string, string>)[topic] ?? topic;

/** The same text is refused again from the same address or e-mail for this long. */
export const REPEAT_WINDOW_MS = 24 * 3_600_000;
/** Messages accepted from one address per hour. */
export const FEEDBACK_PER_IP_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

export const REPEAT_MESSAGE = 'Такое сообщение уже отправлено. Мы ответим на него, повторять не нужно.';

const name = formText('Неверное значение имени')
  .transform((v) => v.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, { message: 'Укажите, как к вам обращаться', abort: true }).max(200, 'Имя слишком длинное'));

const email = contactsFormSchema.shape.email.pipe(z.string({ error: 'Укажите адрес электронной почты: на него придёт ответ' }));

export const feedbackFormSchema = z.object({
  name,
  email,
  phone: contactsFormSchema.shape.phone,
  topic: z.enum(FEEDBACK_TOPICS, { error: 'Выберите тему сообщения' }),
  body: messageBodySchema.pipe(z.string().min(10, 'Напишите подробнее: не меньше 10 символов')),
  consent: consentFieldSchema,
});
export type FeedbackForm = z.output<typeof feedbackFormSchema>;

export const bodyHash = (body: string) => createHash('sha256').update(normalizeForRepeat(body)).digest('hex');

export interface SubmitFeedbackInput {
  form: FeedbackForm;
  userId: number | null;
  ip: string;
  userAgent: string | null;
  now: number;
}

export async function submitFeedback(db: Knex, input: SubmitFeedbackInput): Promise<{ id: number; flags: Flag[] }> {
  const { form, ip, now } = input;
  const hash = bodyHash(form.body);
  return db.transaction(async (trx) => {
    const recent = await trx('feedback').where({ ip }).andWhere('created_at', '>', now - HOUR_MS).count({ n: '*' }).first();
    const repeat = await trx('feedback')
      .where({ body_hash: hash })
      .andWhere('created_at', '>', now - REPEAT_WINDOW_MS)
      .andWhere((q) => q.where({ ip }).orWhere({ email: form.email }))
      .first('id');
    if (repeat) throw rateLimited(REPEAT_MESSAGE);
    if (Number(recent?.n ?? 0) >= FEEDBACK_PER_IP_PER_HOUR) {
      throw rateLimited('С вашего адреса отправлено слишком много сообщений. Попробуйте через час или позвоните нам.');
    }
    const flags = moderate(form.body);
    const consentId = await recordConsent(trx, { purpose: 'feedback', ip, userAgent: input.userAgent, email: form.email, userId: input.userId, now });
    const [row] = await trx('feedback')
      .insert({
        name: form.name, email: form.email, phone: form.phone, topic: form.topic, body: form.body, body_hash: hash, ip,
        flagged: flags.length > 0, flag_reasons: flags.length > 0 ? JSON.stringify(flags) : null, status: 'new',
        user_id: input.userId, consent_id: consentId, created_at: now, updated_at: now,
      })
      .returning('id');
    const id = insertedId(row);
    await writeAudit(trx, {
      actorType: input.userId ? 'resident' : 'system', actorId: input.userId, action: 'feedback.submit', subjectType: 'feedback', subjectId: id,
      ip, at: now, details: { topic: form.topic, flags: flags.map((f) => f.code) },
    });
    return { id, flags };
  });
}

// --- the office's side -----------------------------------------------------------------------

export const FEEDBACK_PAGE_SIZE = 50;

export const feedbackListSchema = z.object({
  status: z.enum(['all', 'new', 'answered', 'ignored']).default('new'),
  /** 'only' flagged, 'hide' them, or 'all'. */
  flagged: z.enum(['all', 'only', 'hide']).default('all'),
  page: z.number().int().min(1).default(1),
  sort: sortSchema(['created', 'name', 'topic', 'status']),
});
export type FeedbackListInput = z.output<typeof feedbackListSchema>;

const SORT_COLUMNS = { created: 'f.created_at', name: 'f.name', topic: 'f.topic', status: 'f.status' } as const;

const feedbackId = z.number({ error: 'Не указано сообщение' }).int().positive();
export const feedbackStatusSchema = z.object({ id: feedbackId, status: z.enum(['new', 'answered', 'ignored'], { error: 'Неизвестный статус' }) });
export const feedbackStatusesSchema = z.object({
  ids: z.array(feedbackId).min(1, 'Отметьте хотя бы одно сообщение').max(FEEDBACK_PAGE_SIZE, `Не больше ${FEEDBACK_PAGE_SIZE} сообщений за раз`),
  status: z.enum(['new', 'ignored'], { error: 'Неизвестный статус' }),
});
export const feedbackReplySchema = z.object({ id: feedbackId, body: messageBodySchema });

interface FeedbackRow {
  id: number;
  created_at: number;
  name: string;
  email: string;
  phone: string | null;
  topic: string;
  body: string;
  flagged: boolean | number;
  flag_reasons: string | null;
  status: FeedbackItem['status'];
  login: string | null;
  reply: string | null;
  answered_at: number | null;
  answered_by_name: string | null;
}

function reasonsOf(json: string | null): string[] {
  if (!json) return [];
  try {
    const flags = JSON.parse(json) as Flag[];
    return Array.isArray(flags) ? flags.map((f) => String(f.detail)) : [];
  } catch {
    return [];
  }
}

function toItem(r: FeedbackRow): FeedbackItem {
  return {
    id: Number(r.id), createdAt: Number(r.created_at), name: r.name, email: r.email, phone: r.phone, topic: r.topic, topicLabel: topicLabel(r.topic),
    body: r.body, flagged: Boolean(r.flagged), flagReasons: reasonsOf(r.flag_reasons), status: r.status, login: r.login, reply: r.reply,
    answeredAt: r.answered_at === null ? null : Number(r.answered_at), answeredBy: r.answered_by_name,
  };
}

const feedbackQuery = (db: Knex) =>
  db('feedback as f').leftJoin('users as u', 'u.id', 'f.user_id').leftJoin('staff_users as s', 's.id', 'f.answered_by');
const FEEDBACK_COLUMNS = [
  'f.id', 'f.created_at', 'f.name', 'f.email', 'f.phone', 'f.topic', 'f.body', 'f.flagged', 'f.flag_reasons', 'f.status', 'u.login', 'f.reply',
  'f.answered_at', 's.full_name as answered_by_name',
];

function filteredFeedback(db: Knex, input: Omit<FeedbackListInput, 'page'>): Knex.QueryBuilder {
  const q = feedbackQuery(db);
  if (input.status !== 'all') q.where('f.status', input.status);
  if (input.flagged === 'only') q.where('f.flagged', true);
  if (input.flagged === 'hide') q.where('f.flagged', false);
  return q;
}

/** `limit` messages of the filtered, sorted list from `offset`: new ones oldest first (a queue), others newest first. */
export async function feedbackRows(db: Knex, input: Omit<FeedbackListInput, 'page'>, limit: number, offset: number): Promise<FeedbackItem[]> {
  const ownOrder = (q: Knex.QueryBuilder) => void q.orderBy('f.created_at', input.status === 'new' ? 'asc' : 'desc').orderBy('f.id');
  const rows = (await applySort(filteredFeedback(db, input), input.sort, SORT_COLUMNS, ownOrder)
    .limit(limit).offset(offset).select(FEEDBACK_COLUMNS)) as FeedbackRow[];
  return rows.map(toItem);
}

export async function listFeedback(ctx: AdminContext, input: FeedbackListInput): Promise<Page<FeedbackItem>> {
  const [countRow, items] = await Promise.all([
    filteredFeedback(ctx.db, input).count({ n: '*' }).first(),
    feedbackRows(ctx.db, input, FEEDBACK_PAGE_SIZE, (input.page - 1) * FEEDBACK_PAGE_SIZE),
  ]);
  await auditStaffAction(ctx.db, ctx, { action: 'feedback.list', details: { status: input.status, flagged: input.flagged, found: Number(countRow?.n ?? 0) } });
  return { items, total: Number(countRow?.n ?? 0) };
}

async function feedbackItem(db: Knex, id: number): Promise<FeedbackItem> {
  const row: FeedbackRow | undefined = await feedbackQuery(db).where('f.id', id).first(FEEDBACK_COLUMNS);
  if (!row) throw notFound('Сообщение не найдено');
  return toItem(row);
}

export async function setFeedbackStatus(ctx: AdminContext, input: z.output<typeof feedbackStatusSchema>): Promise<FeedbackItem> {
  return ctx.db.transaction(async (trx) => {
    await changeFeedbackStatus(ctx, trx, await feedbackItem(trx, input.id), input.status);
    return feedbackItem(trx, input.id);
  });
}

/** Marks the chosen messages at once (the list's bulk action), each audited; answered ones keep their status. */
export async function setFeedbackStatuses(ctx: AdminContext, input: z.output<typeof feedbackStatusesSchema>): Promise<{ changed: number }> {
  return ctx.db.transaction(async (trx) => {
    let changed = 0;
    for (const id of new Set(input.ids)) {
      const before = await feedbackItem(trx, id);
      if (before.status === 'answered' || before.status === input.status) continue;
      await changeFeedbackStatus(ctx, trx, before, input.status);
      changed++;
    }
    return { changed };
  });
}

async function changeFeedbackStatus(ctx: AdminContext, trx: Knex.Transaction, before: FeedbackItem, status: FeedbackItem['status']): Promise<void> {
  if (status === 'answered' && before.reply === null) throw conflict('Статус «Отвечено» ставится вместе с ответом');
  await trx('feedback').where({ id: before.id }).update({ status, updated_at: ctx.now() });
  await auditStaffAction(trx, ctx, { action: 'feedback.status', subjectType: 'feedback', subjectId: before.id, details: { from: before.status, to: status } });
}

/** The reply goes to the sender's e-mail; the message is then «answered». */
export async function replyToFeedback(ctx: AdminContext, input: z.output<typeof feedbackReplySchema>): Promise<FeedbackItem> {
  return ctx.db.transaction(async (trx) => {
    const before = await feedbackItem(trx, input.id);
    const now = ctx.now();
    await trx('feedback').where({ id: input.id }).update({ reply: input.body, status: 'answered', answered_at: now, answered_by: ctx.staff.id, updated_at: now });
    const company = await loadCompanyInfo(trx);
    await enqueueEmail(trx, {
      kind: 'feedback.reply',
      to: before.email,
      ...renderEmail({
        title: `Ответ на ваше сообщение: ${before.topicLabel}`,
        greeting: `Здравствуйте, ${before.name}!`,
        paragraphs: [input.body, `Ваше сообщение: «${before.body.length > 500 ? `${before.body.slice(0, 499)}…` : before.body}»`],
      }, company),
    }, now);
    await auditStaffAction(trx, ctx, { action: 'feedback.reply', subjectType: 'feedback', subjectId: input.id });
    return feedbackItem(trx, input.id);
  });
}
