// The notifications a resident can choose, and by which channel. The kinds and channels are
// stored as these strings in `notification_preferences` (see the 0002 migration).
//
// Defaults, for a user who has never saved a choice:
// - e-mail on for every kind: it costs nothing and is easy to ignore;
// - SMS only for planned outages (`outage`): water or power off tomorrow is the one message a
//   resident must see in time, and an SMS costs the company money for every message sent.
// A default never reaches a user without the contact: no e-mail address means no e-mail, no phone
// means no SMS (the profile shows such channels as off and refuses to switch them on).

export const NOTIFICATION_KINDS = ['readings_window', 'new_receipt', 'debt', 'request_reply', 'outage'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  readings_window: 'Открытие приёма показаний и напоминание',
  new_receipt: 'Новая квитанция',
  debt: 'Задолженность',
  request_reply: 'Ответ на обращение',
  outage: 'Плановые отключения',
};

/** One line under each kind on the profile page: when the message comes. */
export const NOTIFICATION_KIND_HINTS: Readonly<Record<NotificationKind, string>> = {
  readings_window: 'В первый день приёма показаний и накануне последнего дня, если показания ещё не переданы.',
  new_receipt: 'Когда готова квитанция за прошедший месяц.',
  debt: 'Когда по лицевому счёту образовалась задолженность после срока оплаты.',
  request_reply: 'Когда абонентский отдел ответил на ваше обращение.',
  outage: 'Об отключении воды, отопления или электроэнергии в вашем доме.',
};

export const NOTIFICATION_CHANNEL_LABELS: Readonly<Record<NotificationChannel, string>> = {
  email: 'Электронная почта',
  sms: 'SMS',
};

export type PreferenceMatrix = Record<NotificationKind, Record<NotificationChannel, boolean>>;

export const DEFAULT_PREFERENCES: Readonly<PreferenceMatrix> = Object.freeze({
  readings_window: { email: true, sms: false },
  new_receipt: { email: true, sms: false },
  debt: { email: true, sms: false },
  request_reply: { email: true, sms: false },
  outage: { email: true, sms: true },
});

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export function isNotificationChannel(value: unknown): value is NotificationChannel {
  return typeof value === 'string' && (NOTIFICATION_CHANNELS as readonly string[]).includes(value);
}

/** A fresh, mutable copy of the defaults. */
export function defaultPreferences(): PreferenceMatrix {
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, { ...DEFAULT_PREFERENCES[kind] }])) as PreferenceMatrix;
}

/**
 * What a message to a resident may be about: one of the kinds above, or a general announcement
 * of the company (a mass notice that is not about an outage). General announcements have no row
 * of their own in the profile: a channel carries them while the resident keeps it on for at least
 * one kind, and their unsubscribe link turns e-mail off for every kind (shared/notifications/notify.ts).
 */
export type MessageKind = NotificationKind | 'general';

export const NOTICE_KINDS = ['outage', 'general'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function isMessageKind(value: unknown): value is MessageKind {
  return value === 'general' || isNotificationKind(value);
}
