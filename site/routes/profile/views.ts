// The profile page: who you are and which accounts you hold, then three independent forms
// (contacts, notifications, password), each with its own error summary.
import type { FieldError } from '../../../shared/errors.ts';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_CHANNEL_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_HINTS,
  NOTIFICATION_KIND_LABELS,
  type NotificationKind,
  type PreferenceMatrix,
} from '../../../shared/notifications/kinds.ts';
import { PHONE_EXAMPLE } from '../../../shared/profile/contacts.ts';
import { PASSWORD_FIELDS, PASSWORD_HINT } from '../../../shared/profile/password.ts';
import { preferenceFieldName } from '../../../shared/profile/preferences.ts';
import type { Profile } from '../../../shared/profile/profile.ts';
import type { AccountSummary } from '../../../shared/residents/accounts.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, fieldId, notice, refusalSummary } from '../../views/components.ts';
import { formatDateTimeRu } from '../../views/format.ts';
import { html, type SafeHtml } from '../../views/html.ts';

export const DONE_MESSAGES = {
  contacts: 'Контактные данные сохранены.',
  notifications: 'Настройки уведомлений сохранены.',
  password: 'Пароль изменён. В других браузерах и на других устройствах нужно будет войти заново.',
} as const;

export type DoneKey = keyof typeof DONE_MESSAGES;

/** A form sent back with errors: what the user typed (never passwords) and what is wrong. */
export type FormState =
  | { form: 'contacts'; errors: FieldError[]; values: { email: string; phone: string } }
  | { form: 'notifications'; errors: FieldError[]; choices: PreferenceMatrix }
  | { form: 'password'; errors: FieldError[]; message?: string };

export interface ProfilePage {
  csrfToken: string;
  profile: Profile;
  accounts: AccountSummary[];
  currentAccountId: number | null;
  done: DoneKey | null;
  form: FormState | null;
  timeZone: string;
}

export function profileView(p: ProfilePage): SafeHtml {
  return html`<h1>Профиль</h1>
  ${p.done ? notice('success', DONE_MESSAGES[p.done]) : ''}
  ${p.profile.mustChangePassword && p.done !== 'password'
    ? notice('warning', html`Вы вошли с временным паролем. <a href="#password-title">Задайте свой пароль</a> — его будете знать только вы.`)
    : ''}
  <nav aria-label="Разделы профиля">
    <ul class="contents-list">
      <li><a href="#contacts-title">Контактные данные</a></li>
      <li><a href="#notifications-title">Уведомления</a></li>
      <li><a href="#password-title">Смена пароля</a></li>
    </ul>
  </nav>
  ${accountSection(p)}
  ${contactsSection(p)}
  ${notificationsSection(p)}
  ${passwordSection(p)}`;
}

function accountSection(p: ProfilePage): SafeHtml {
  const { profile } = p;
  return html`<section class="card" aria-labelledby="account-title">
    <h2 id="account-title">Учётная запись</h2>
    <dl>
      <dt>Логин</dt><dd>${profile.login}</dd>
      ${profile.fullName ? html`<dt>Имя</dt><dd>${profile.fullName}</dd>` : ''}
    </dl>
    <h3>Лицевые счета</h3>
    ${p.accounts.length === 0
      ? html`<p>К учётной записи не привязан ни один лицевой счёт.</p>`
      : html`<ul>${p.accounts.map((a) => html`<li><strong>${a.number}</strong> — ${a.address}${a.id === p.currentAccountId && p.accounts.length > 1 ? ' (открыт сейчас)' : ''}</li>`)}</ul>`}
    <p class="hint">Чтобы привязать ещё один лицевой счёт (например, другую квартиру) или исправить имя, обратитесь в абонентский отдел.</p>
  </section>`;
}

function contactsSection(p: ProfilePage): SafeHtml {
  const form = p.form?.form === 'contacts' ? p.form : null;
  const errors = form?.errors ?? [];
  const values = form?.values ?? { email: p.profile.email ?? '', phone: p.profile.phone ?? '' };
  return html`<section class="card" aria-labelledby="contacts-title">
    <h2 id="contacts-title">Контактные данные</h2>
    <p>На эти адрес и номер приходят уведомления, которые вы выберете ниже. Оба поля можно оставить пустыми.</p>
    ${errorSummary(errors, 'Контактные данные не сохранены')}
    <form method="post" action="${errorsAnchor('/profile/contacts')}" novalidate>
      ${csrfInput(p.csrfToken)}
      ${field({ name: 'email', label: 'Электронная почта', type: 'email', value: values.email, autocomplete: 'email', inputmode: 'email', error: errorFor(errors, 'email') })}
      ${field({ name: 'phone', label: 'Номер телефона', type: 'tel', value: values.phone, autocomplete: 'tel', inputmode: 'tel', hint: `Например, ${PHONE_EXAMPLE}. SMS приходят только на мобильный номер.`, error: errorFor(errors, 'phone') })}
      <button type="submit" class="button">Сохранить контакты</button>
    </form>
  </section>`;
}

function notificationsSection(p: ProfilePage): SafeHtml {
  const form = p.form?.form === 'notifications' ? p.form : null;
  const errors = form?.errors ?? [];
  const choices = form?.choices ?? p.profile.effectivePreferences;
  const { channels } = p.profile;
  return html`<section class="card" aria-labelledby="notifications-title">
    <h2 id="notifications-title">Уведомления</h2>
    <p>Отметьте, о чём и как вам сообщать.
      ${channels.email ? html`Письма приходят на <strong>${p.profile.email}</strong>.` : ''}
      ${channels.sms ? html`SMS — на номер <strong>${p.profile.phone}</strong>.` : ''}</p>
    ${missingContactsHint(channels)}
    ${errorSummary(errors, 'Настройки уведомлений не сохранены')}
    <form method="post" action="${errorsAnchor('/profile/notifications')}" novalidate>
      ${csrfInput(p.csrfToken)}
      ${NOTIFICATION_KINDS.map((kind) => kindFieldset(kind, choices, errors))}
      <button type="submit" class="button">Сохранить настройки</button>
    </form>
  </section>`;
}

function missingContactsHint(channels: Profile['channels']): SafeHtml {
  const missing =
    !channels.email && !channels.sms ? 'Адрес электронной почты и номер телефона не указаны: уведомления не отправляются. Укажите их'
    : !channels.email ? 'Адрес электронной почты не указан: письма не отправляются. Укажите его'
    : !channels.sms ? 'Номер телефона не указан: SMS не отправляются. Укажите его'
    : null;
  return missing ? html`<p class="hint">${missing} в разделе <a href="#contacts-title">«Контактные данные»</a>.</p>` : html``;
}

function kindFieldset(kind: NotificationKind, choices: PreferenceMatrix, errors: FieldError[]): SafeHtml {
  const hintId = `pref-${kind}-hint`;
  const kindErrors = NOTIFICATION_CHANNELS.map((channel) => ({ channel, message: errorFor(errors, preferenceFieldName(kind, channel)) }))
    .filter((e) => e.message !== undefined);
  const errorId = `pref-${kind}-error`;
  return html`<fieldset aria-describedby="${hintId}${kindErrors.length > 0 ? ` ${errorId}` : ''}">
    <legend>${NOTIFICATION_KIND_LABELS[kind]}</legend>
    <p class="hint" id="${hintId}">${NOTIFICATION_KIND_HINTS[kind]}</p>
    ${kindErrors.length > 0 ? html`<p class="field-error" id="${errorId}">${kindErrors.map((e) => e.message).join(' ')}</p>` : ''}
    ${NOTIFICATION_CHANNELS.map((channel) => {
      const name = preferenceFieldName(kind, channel);
      return html`<div class="checkbox">
        <input type="checkbox" id="${fieldId(name)}" name="${name}" value="1" ${choices[kind][channel] ? html`checked` : ''}>
        <label for="${fieldId(name)}">${NOTIFICATION_CHANNEL_LABELS[channel]}</label>
      </div>`;
    })}
  </fieldset>`;
}

function passwordSection(p: ProfilePage): SafeHtml {
  const form = p.form?.form === 'password' ? p.form : null;
  const errors = form?.errors ?? [];
  return html`<section class="card" aria-labelledby="password-title">
    <h2 id="password-title">Смена пароля</h2>
    ${p.profile.mustChangePassword && p.done !== 'password'
      ? html`<p><strong>Пароль, с которым вы вошли, — временный.</strong> Задайте свой, чтобы пользоваться личным кабинетом; в поле «Текущий пароль» введите временный.</p>`
      : ''}
    ${p.profile.passwordChangedAt ? html`<p>Пароль последний раз изменён ${formatDateTimeRu(p.profile.passwordChangedAt, p.timeZone)}.</p>` : ''}
    <p>После смены пароля вход в других браузерах и на других устройствах завершится.</p>
    ${form?.message
      ? refusalSummary(form.message)
      : errorSummary(errors, 'Пароль не изменён')}
    <form method="post" action="${errorsAnchor('/profile/password')}" novalidate>
      ${csrfInput(p.csrfToken)}
      <input type="text" name="username" autocomplete="username" value="${p.profile.login}" hidden>
      ${field({ name: PASSWORD_FIELDS.current, label: 'Текущий пароль', type: 'password', autocomplete: 'current-password', error: errorFor(errors, PASSWORD_FIELDS.current), required: true })}
      ${field({ name: PASSWORD_FIELDS.next, label: 'Новый пароль', type: 'password', autocomplete: 'new-password', hint: PASSWORD_HINT, error: errorFor(errors, PASSWORD_FIELDS.next), required: true })}
      ${field({ name: PASSWORD_FIELDS.repeat, label: 'Новый пароль ещё раз', type: 'password', autocomplete: 'new-password', error: errorFor(errors, PASSWORD_FIELDS.repeat), required: true })}
      <button type="submit" class="button">Сменить пароль</button>
    </form>
  </section>`;
}
