// Which notifications a resident gets, and how. A choice never saved falls back to the default
// in shared/notifications/kinds.ts; a channel without its contact (no e-mail address, no phone)
// delivers nothing, so it can't be switched on until the contact is given.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { notFound, validationFailed, type FieldError } from '../errors.ts';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  defaultPreferences,
  isNotificationChannel,
  isNotificationKind,
  type NotificationChannel,
  type NotificationKind,
  type PreferenceMatrix,
} from '../notifications/kinds.ts';

export type { PreferenceMatrix } from '../notifications/kinds.ts';

/** The form's checkbox for one kind and channel: `pref_outage_sms`. */
export const preferenceFieldName = (kind: NotificationKind, channel: NotificationChannel) => `pref_${kind}_${channel}`;

/** Checkboxes → choices: a ticked box is sent, an unticked one is absent and means "off". */
export function preferencesFromForm(fields: unknown): PreferenceMatrix {
  const body = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : {};
  const ticked = (value: unknown) => value !== undefined && value !== null && value !== '';
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [
      kind,
      Object.fromEntries(NOTIFICATION_CHANNELS.map((channel) => [channel, ticked(body[preferenceFieldName(kind, channel)])])),
    ]),
  ) as PreferenceMatrix;
}

/** The user's saved choices with defaults for anything never saved. */
export async function loadPreferences(db: Knex, userId: number): Promise<PreferenceMatrix> {
  const rows: { kind: string; channel: string; enabled: boolean | number }[] = await db('notification_preferences')
    .where({ user_id: userId })
    .select('kind', 'channel', 'enabled');
  const matrix = defaultPreferences();
  for (const row of rows) {
    // Rows of a kind or channel no longer offered are kept but not shown.
    if (isNotificationKind(row.kind) && isNotificationChannel(row.channel)) matrix[row.kind][row.channel] = Boolean(row.enabled);
  }
  return matrix;
}

export interface ChannelContacts {
  email: string | null;
  phone: string | null;
}

export function availableChannels(contacts: ChannelContacts): Record<NotificationChannel, boolean> {
  return { email: Boolean(contacts.email), sms: Boolean(contacts.phone) };
}

/** What will actually be sent: the choice, and only where the contact exists. */
export function effectivePreferences(choices: PreferenceMatrix, contacts: ChannelContacts): PreferenceMatrix {
  const available = availableChannels(contacts);
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [
      kind,
      Object.fromEntries(NOTIFICATION_CHANNELS.map((channel) => [channel, choices[kind][channel] && available[channel]])),
    ]),
  ) as PreferenceMatrix;
}

const MISSING_CONTACT: Record<NotificationChannel, string> = {
  email: 'Чтобы получать уведомления по электронной почте, сначала укажите адрес электронной почты в разделе «Контактные данные» и сохраните его.',
  sms: 'Чтобы получать SMS, сначала укажите номер телефона в разделе «Контактные данные» и сохраните его.',
};

/** Field errors for choices that need a contact the user hasn't given: one per channel, on its first ticked box. */
export function missingContactErrors(choices: PreferenceMatrix, contacts: ChannelContacts): FieldError[] {
  const available = availableChannels(contacts);
  const errors: FieldError[] = [];
  for (const channel of NOTIFICATION_CHANNELS) {
    if (available[channel]) continue;
    const first = NOTIFICATION_KINDS.find((kind) => choices[kind][channel]);
    if (first) errors.push({ field: preferenceFieldName(first, channel), message: MISSING_CONTACT[channel] });
  }
  return errors;
}

export interface UpdatePreferencesInput {
  userId: number;
  choices: PreferenceMatrix;
  ip?: string | null;
  now?: number;
}

/**
 * Saves every kind × channel as an explicit choice (so a later change of defaults doesn't flip
 * what the user decided). Refuses, with field errors, a channel whose contact is missing.
 */
export async function updateNotificationPreferences(
  db: Knex,
  input: UpdatePreferencesInput,
): Promise<{ enabled: string[]; disabled: string[] }> {
  const now = input.now ?? Date.now();
  return db.transaction(async (trx) => {
    const user: ChannelContacts | undefined = await trx('users').where({ id: input.userId }).first('email', 'phone');
    if (!user) throw notFound('Пользователь не найден');
    const errors = missingContactErrors(input.choices, user);
    if (errors.length > 0) throw validationFailed(errors, 'Настройки уведомлений не сохранены');

    const before = await loadPreferences(trx, input.userId);
    const rows = NOTIFICATION_KINDS.flatMap((kind) =>
      NOTIFICATION_CHANNELS.map((channel) => ({ user_id: input.userId, kind, channel, enabled: Boolean(input.choices[kind][channel]) })),
    );
    await trx('notification_preferences').insert(rows).onConflict(['user_id', 'kind', 'channel']).merge(['enabled']);

    const enabled: string[] = [];
    const disabled: string[] = [];
    for (const { kind, channel, enabled: on } of rows) {
      if (before[kind][channel] !== on) (on ? enabled : disabled).push(`${kind}:${channel}`);
    }
    if (enabled.length > 0 || disabled.length > 0) {
      await writeAudit(trx, {
        actorType: 'resident',
        actorId: input.userId,
        action: 'profile.notifications_changed',
        subjectType: 'user',
        subjectId: input.userId,
        ip: input.ip ?? null,
        at: now,
        details: { enabled, disabled },
      });
    }
    return { enabled, disabled };
  });
}
