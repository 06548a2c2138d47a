// Telling residents something: by e-mail and/or SMS, as each one chose in the profile, and
// each message at most once. Call inside the transaction of the change the message reports;
// the message exists exactly when the change does, and goes out through the outboxes.
//
//   notifyResident(trx, { userId, kind: 'request_reply', dedupeKey: `request:${id}:${messageId}`,
//                         email: { title, paragraphs, action }, sms: 'Ответ на обращение …' }, deps)
//
// For each message: the resident's effective choices (saved or default, and only channels whose
// contact exists: shared/profile/preferences.ts), then notification_log: a (user, kind, key)
// already there means it was sent, and nothing is queued again. Every e-mail carries a one-click
// unsubscribe link for its kind (shared/notifications/unsubscribe.ts) and a link to the profile;
// SMS carry nothing extra (every character costs), the profile switches them off.
//
// Law and choice: service messages (a debt, an outage, a reply) are not advertising (38-ФЗ
// «О рекламе», art. 18 needs consent only for advertising), and contacts are processed under the
// service contract (152-ФЗ, art. 6 p. 5), so they could be sent regardless of the choice. We
// still honour the choice for every kind: a resident who switched a kind off does not want it,
// the same facts are on the site and the receipt, and the formal debt warning before limiting a
// service (ПП № 354, p. 119) is a separate, provable delivery that this reminder never replaces.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { insertRows } from '../../db/bulk-insert.ts';
import type { AppConfig } from '../config/env.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import type { EmailContent, RenderedEmail } from '../mail/templates.ts';
import { effectivePreferences, type PreferenceMatrix } from '../profile/preferences.ts';
import { loadCompanyInfo, type CompanyInfo } from '../settings/company-info.ts';
import { enqueueSmsBatch } from '../sms/outbox.ts';
import { toGsmPhone } from '../sms/phone.ts';
import { renderNotificationEmail } from './email.ts';
import {
  NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, defaultPreferences, isNotificationChannel, isNotificationKind,
  type MessageKind, type NotificationChannel,
} from './kinds.ts';
import { unsubscribeUrl } from './unsubscribe.ts';

export interface ResidentMessage {
  userId: number;
  kind: MessageKind;
  /** With user and kind, names the message once: e.g. `2026-11:open`, `receipt:2026-10`, `notice:12`. */
  dedupeKey: string;
  /** The e-mail; omitted: this message has no e-mail. */
  email?: EmailContent;
  /** The SMS text (keep it within two SMS, 140 Cyrillic characters); omitted: no SMS. */
  sms?: string;
  /** The outbox rows' kind, for logs and the console; default `notify.<kind>`. */
  outboxKind?: string;
}

export interface NotifyDeps {
  config: Pick<AppConfig, 'publicUrl' | 'appSecret' | 'env'>;
  now: number;
  /** Loaded once when omitted. */
  company?: CompanyInfo;
  /** Only these channels (a mass notice's choice); default every channel. */
  channels?: readonly NotificationChannel[];
}

export type NotifyStatus =
  /** Queued on at least one channel. */
  | 'queued'
  /** This (user, kind, key) was sent before. */
  | 'duplicate'
  /** No channel both chosen by the resident and given a contact (or no such user). */
  | 'no_channel';

export interface NotifyOutcome {
  userId: number;
  status: NotifyStatus;
  emailOutboxId: number | null;
  smsOutboxId: number | null;
}

/** One message; see the file's header. */
export async function notifyResident(trx: Knex, message: ResidentMessage, deps: NotifyDeps): Promise<NotifyOutcome> {
  const [outcome] = await notifyResidents(trx, [message], deps);
  return outcome as NotifyOutcome;
}

interface Recipient {
  email: string | null;
  phone: string | null;
  choices: PreferenceMatrix;
}

const CHUNK = 500;

/**
 * Many messages with a few statements per 500 (the scheduler and mass notices). Outcomes come
 * in the order of `messages`; a message repeated within the call counts as a duplicate.
 */
export async function notifyResidents(trx: Knex, messages: readonly ResidentMessage[], deps: NotifyDeps): Promise<NotifyOutcome[]> {
  const outcomes: NotifyOutcome[] = [];
  for (let start = 0; start < messages.length; start += CHUNK) {
    outcomes.push(...(await notifyChunk(trx, messages.slice(start, start + CHUNK), deps)));
  }
  return outcomes;
}

/** The channels a message of this kind may use for a resident with these effective choices. */
export function channelsFor(kind: MessageKind, effective: PreferenceMatrix): Record<NotificationChannel, boolean> {
  const on = (channel: NotificationChannel) =>
    kind === 'general' ? NOTIFICATION_KINDS.some((k) => effective[k][channel]) : effective[kind][channel];
  return { email: on('email'), sms: on('sms') };
}

/** Contacts and choices of these users (a phone that is not a Russian number counts as none). */
export async function loadRecipients(db: Knex, userIds: readonly number[]): Promise<Map<number, Recipient>> {
  const ids = [...new Set(userIds)];
  const result = new Map<number, Recipient>();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const part = ids.slice(start, start + CHUNK);
    const users: { id: number; email: string | null; phone: string | null }[] = await db('users').whereIn('id', part).select('id', 'email', 'phone');
    const prefs: { user_id: number; kind: string; channel: string; enabled: boolean | number }[] = await db('notification_preferences')
      .whereIn('user_id', part)
      .select('user_id', 'kind', 'channel', 'enabled');
    for (const user of users) {
      result.set(Number(user.id), { email: user.email || null, phone: toGsmPhone(user.phone), choices: defaultPreferences() });
    }
    for (const row of prefs) {
      const recipient = result.get(Number(row.user_id));
      if (recipient && isNotificationKind(row.kind) && isNotificationChannel(row.channel)) recipient.choices[row.kind][row.channel] = Boolean(row.enabled);
    }
  }
  return result;
}

/** Which channels would carry a message of `kind` to each recipient (for previews and sending alike). */
export function recipientChannels(recipient: Recipient | undefined, kind: MessageKind, only: readonly NotificationChannel[] = NOTIFICATION_CHANNELS): NotificationChannel[] {
  if (!recipient) return [];
  const allowed = channelsFor(kind, effectivePreferences(recipient.choices, recipient));
  return only.filter((channel) => allowed[channel]);
}

async function notifyChunk(trx: Knex, messages: readonly ResidentMessage[], deps: NotifyDeps): Promise<NotifyOutcome[]> {
  const recipients = await loadRecipients(trx, messages.map((m) => m.userId));
  const sentBefore = await loggedKeys(trx, messages);
  const company = deps.company ?? (await loadCompanyInfo(trx));

  const outcomes: NotifyOutcome[] = [];
  const logRows: { user_id: number; kind: string; dedupe_key: string; channels: string; created_at: number }[] = [];
  const emails: { index: number; kind: string; to: string; rendered: RenderedEmail }[] = [];
  const sms: { index: number; kind: string; to: string; text: string }[] = [];
  for (const message of messages) {
    const outcome: NotifyOutcome = { userId: message.userId, status: 'no_channel', emailOutboxId: null, smsOutboxId: null };
    outcomes.push(outcome);
    const key = logKey(message);
    if (sentBefore.has(key)) {
      outcome.status = 'duplicate';
      continue;
    }
    const recipient = recipients.get(message.userId);
    const channels = recipientChannels(recipient, message.kind, deps.channels).filter((c) => (c === 'email' ? message.email : message.sms));
    if (!recipient || channels.length === 0) continue;
    sentBefore.add(key);
    outcome.status = 'queued';
    const outboxKind = message.outboxKind ?? `notify.${message.kind}`;
    if (channels.includes('email') && message.email && recipient.email) {
      const links = {
        unsubscribeUrl: unsubscribeUrl(deps.config, { userId: message.userId, kind: message.kind, channel: 'email' }),
        profileUrl: `${deps.config.publicUrl}/profile`,
      };
      emails.push({ index: outcomes.length - 1, kind: outboxKind, to: recipient.email, rendered: renderNotificationEmail(message.kind, message.email, company, links) });
    }
    if (channels.includes('sms') && message.sms && recipient.phone) {
      sms.push({ index: outcomes.length - 1, kind: outboxKind, to: recipient.phone, text: message.sms });
    }
    logRows.push({ user_id: message.userId, kind: message.kind, dedupe_key: message.dedupeKey, channels: channels.join(','), created_at: deps.now });
  }

  // The log first: a concurrent pass that got here first makes this insert fail and the whole
  // transaction roll back, so no message is queued twice.
  await insertRows(trx, 'notification_log', logRows);
  const emailIds = await queueEmails(trx, emails, deps.now);
  emails.forEach((e, i) => ((outcomes[e.index] as NotifyOutcome).emailOutboxId = emailIds[i] ?? null));
  const smsIds = await enqueueSmsBatch(trx, sms.map((s) => ({ kind: s.kind, to: s.to, text: s.text })), deps.now);
  sms.forEach((s, i) => ((outcomes[s.index] as NotifyOutcome).smsOutboxId = smsIds[i] ?? null));
  return outcomes;
}

const logKey = (m: { userId: number; kind: string; dedupeKey: string }) => `${m.userId}\u0000${m.kind}\u0000${m.dedupeKey}`;

async function loggedKeys(trx: Knex, messages: readonly ResidentMessage[]): Promise<Set<string>> {
  const userIds = [...new Set(messages.map((m) => m.userId))];
  const keys = [...new Set(messages.map((m) => m.dedupeKey))];
  if (userIds.length === 0) return new Set();
  const rows: { user_id: number; kind: string; dedupe_key: string }[] = await trx('notification_log')
    .whereIn('user_id', userIds)
    .whereIn('dedupe_key', keys)
    .select('user_id', 'kind', 'dedupe_key');
  return new Set(rows.map((r) => logKey({ userId: Number(r.user_id), kind: r.kind, dedupeKey: r.dedupe_key })));
}

/**
 * One message goes through enqueueEmail, which wakes this process's mail worker at commit; a
 * batch is inserted a few statements at a time and found again by its Message-IDs (the worker
 * picks it up at its next pass, within seconds).
 */
async function queueEmails(trx: Knex, emails: { kind: string; to: string; rendered: RenderedEmail }[], now: number): Promise<number[]> {
  const [only] = emails;
  if (!only) return [];
  if (emails.length === 1) return [await enqueueEmail(trx, { kind: only.kind, to: only.to, ...only.rendered }, now)];
  const rows = emails.map((e) => ({
    created_at: now, kind: e.kind, to_address: e.to, subject: e.rendered.subject, text_body: e.rendered.text, html_body: e.rendered.html,
    message_id: `<${randomUUID()}@kkp.local>`, status: 'pending', attempts: 0, next_attempt_at: now,
  }));
  await insertRows(trx, 'email_outbox', rows);
  const ids = new Map<string, number>();
  for (let start = 0; start < rows.length; start += CHUNK) {
    const found: { id: number | string; message_id: string }[] = await trx('email_outbox')
      .whereIn('message_id', rows.slice(start, start + CHUNK).map((r) => r.message_id))
      .select('id', 'message_id');
    for (const row of found) ids.set(row.message_id, Number(row.id));
  }
  return rows.map((r) => ids.get(r.message_id) as number);
}
