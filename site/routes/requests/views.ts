// The resident's requests: the list, choosing where to write (the emergency dispatch service or
// the office), the form with photos, and one request's thread. Plain forms, no script needed.
import type { FieldError } from '../../../shared/errors.ts';
import {
  CATEGORIES, CHANNEL_LABELS, STATUS_LABELS, categoryLabel, type RequestChannel, type RequestStatus,
} from '../../../shared/requests/categories.ts';
import { MAX_PHOTOS, MAX_PHOTO_MB } from '../../../shared/requests/photos.ts';
import type { ResidentRequestDetail, ResidentRequestItem } from '../../../shared/requests/resident.ts';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, PHONE_HINT } from '../../../shared/requests/schemas.ts';
import type { AccountSummary } from '../../../shared/residents/accounts.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, fieldId, notice, refusalSummary } from '../../views/components.ts';
import { formatDateTimeRu } from '../../views/format.ts';
import { html, type SafeHtml } from '../../views/html.ts';

/** Text with its line breaks kept (the CSP allows no inline style for white-space). */
function multiline(text: string): SafeHtml {
  const lines = text.split('\n');
  return html`${lines.map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}`;
}

const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

function statusBadge(status: RequestStatus): SafeHtml {
  const kind = status === 'answered' ? ' badge--ok' : status === 'new' ? ' badge--danger' : '';
  return html`<span class="badge${kind}">${STATUS_LABELS[status]}</span>`;
}

export function requestsListView(p: { items: ResidentRequestItem[]; timeZone: string }): SafeHtml {
  return html`<h1>Обращения</h1>
  <p><a class="button" href="/requests/new">Новое обращение</a></p>
  ${p.items.length === 0
    ? html`<p>Вы ещё не отправляли обращений. Здесь будут видны их статусы и ответы.</p>`
    : html`<div class="table-wrap" role="region" tabindex="0" aria-label="Обращения"><table class="table--stack">
        <caption class="visually-hidden">Ваши обращения</caption>
        <thead><tr><th scope="col">Номер</th><th scope="col">Дата</th><th scope="col">Куда и о чём</th><th scope="col">Статус</th></tr></thead>
        <tbody>${p.items.map((r) => html`<tr>
          <th scope="row"><a href="/requests/${r.id}">${r.number}</a></th>
          <td data-label="Дата">${formatDateTimeRu(r.createdAt, p.timeZone)}</td>
          <td data-label="Тема">${CHANNEL_LABELS[r.channel]}: ${categoryLabel(r.channel, r.category)}<br><span class="hint">${r.excerpt}</span></td>
          <td data-label="Статус">${statusBadge(r.status)}</td>
        </tr>`)}</tbody>
      </table></div>`}`;
}

function emergencyPhoneBlock(emergencyPhone: string): SafeHtml {
  return html`<div class="notice notice--warning" role="note">
    <p><strong>Если угрожает жизни — звоните 112.</strong></p>
    ${emergencyPhone
      ? html`<p>Аварийно-диспетчерская служба, круглосуточно: <a class="amount" href="${telHref(emergencyPhone)}">${emergencyPhone}</a></p>`
      : ''}
    <p>При затоплении, запахе газа, искрении проводки звоните сразу, не дожидаясь ответа на сайте.</p>
  </div>`;
}

export function chooseChannelView(p: { emergencyPhone: string }): SafeHtml {
  return html`<div class="narrow">
  <h1>Новое обращение</h1>
  ${emergencyPhoneBlock(p.emergencyPhone)}
  <h2>Куда вы обращаетесь?</h2>
  <ul>
    <li><p><a class="button" href="/requests/new?channel=emergency">Авария</a></p>
      <p class="hint">В аварийно-диспетчерскую службу: нет воды, протечка, нет света, отопление, канализация.</p></li>
    <li><p><a class="button button--secondary" href="/requests/new?channel=company">Вопрос в абонентский отдел</a></p>
      <p class="hint">Начисления и оплата, справки и документы, другие вопросы.</p></li>
  </ul>
</div>`;
}

export interface RequestFormValues {
  category: string;
  description: string;
  contactPhone: string;
}

export interface RequestFormPage {
  csrfToken: string;
  channel: RequestChannel;
  account: AccountSummary;
  values: RequestFormValues;
  errors: FieldError[];
  /** A refusal of the whole form (too many requests, a broken upload). */
  message?: string;
  emergencyPhone: string;
}

function textarea(o: { name: string; label: string; value: string; hint?: string; error?: string; rows?: number; maxlength?: number }): SafeHtml {
  const id = fieldId(o.name);
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field--error' : ''}">
    <label for="${id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="field-error" id="${id}-error">${o.error}</p>` : ''}
    <textarea id="${id}" name="${o.name}" rows="${o.rows ?? 6}" ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''}
      ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${o.error ? html`aria-invalid="true"` : ''}>${o.value}</textarea>
  </div>`;
}

export function requestFormView(p: RequestFormPage): SafeHtml {
  const { values, errors } = p;
  const categoryError = errorFor(errors, 'category');
  const photosError = errors.filter((e) => e.field === 'photos').map((e) => e.message).join(' ');
  const photosId = fieldId('photos');
  const title = p.channel === 'emergency' ? 'Сообщить об аварии' : 'Вопрос в абонентский отдел';
  return html`<div class="narrow">
  <h1>${title}</h1>
  ${p.channel === 'emergency' ? emergencyPhoneBlock(p.emergencyPhone) : ''}
  ${p.message
    ? refusalSummary(p.message)
    : errorSummary(errors, 'Обращение не отправлено')}
  <p>Лицевой счёт <strong>${p.account.number}</strong>, ${p.account.address}</p>
  <form method="post" action="${errorsAnchor('/requests')}" enctype="multipart/form-data" novalidate>
    ${csrfInput(p.csrfToken)}
    <input type="hidden" name="channel" value="${p.channel}">
    <input type="hidden" name="accountId" value="${p.account.id}">
    <fieldset class="field${categoryError ? ' field--error' : ''}" id="${fieldId('category')}" ${categoryError ? html`aria-describedby="${fieldId('category')}-error"` : ''}>
      <legend>${p.channel === 'emergency' ? 'Что случилось' : 'Тема обращения'}</legend>
      ${categoryError ? html`<p class="field-error" id="${fieldId('category')}-error">${categoryError}</p>` : ''}
      ${CATEGORIES[p.channel].map((c) => html`<div class="checkbox">
        <input type="radio" id="${fieldId(`category-${c}`)}" name="category" value="${c}" ${values.category === c ? html`checked` : ''}>
        <label for="${fieldId(`category-${c}`)}">${categoryLabel(p.channel, c)}</label>
      </div>`)}
    </fieldset>
    ${textarea({
      name: 'description', label: 'Описание', value: values.description, maxlength: DESCRIPTION_MAX,
      hint: p.channel === 'emergency'
        ? `Что и где случилось: подъезд, этаж, с какого времени. От ${DESCRIPTION_MIN} до ${DESCRIPTION_MAX} символов.`
        : `Опишите вопрос. От ${DESCRIPTION_MIN} до ${DESCRIPTION_MAX} символов.`,
      error: errorFor(errors, 'description'),
    })}
    ${field({ name: 'contactPhone', label: 'Телефон для связи', type: 'tel', value: values.contactPhone, autocomplete: 'tel', inputmode: 'tel', hint: PHONE_HINT, error: errorFor(errors, 'contactPhone'), required: true })}
    <div class="field${photosError ? ' field--error' : ''}">
      <label for="${photosId}">Фотографии (необязательно)</label>
      <p class="hint" id="${photosId}-hint">До ${MAX_PHOTOS} фотографий в формате JPEG, PNG, WebP или HEIC, каждая не больше ${MAX_PHOTO_MB} МБ.${errors.length > 0 ? ' Выбранные ранее фотографии нужно выбрать заново.' : ''}</p>
      ${photosError ? html`<p class="field-error" id="${photosId}-error">${photosError}</p>` : ''}
      <input type="file" id="${photosId}" name="photos" multiple accept="image/jpeg,image/png,image/webp,image/heic,.heic,.heif"
        aria-describedby="${photosId}-hint${photosError ? ` ${photosId}-error` : ''}" ${photosError ? html`aria-invalid="true"` : ''}>
    </div>
    <button type="submit" class="button">Отправить обращение</button>
  </form>
  <p><a href="/requests/new">Выбрать другой адресат</a> · <a href="/requests">Все обращения</a></p>
</div>`;
}

export interface RequestPage {
  csrfToken: string;
  request: ResidentRequestDetail;
  timeZone: string;
  created: boolean;
  messageSent: boolean;
  values: { body: string };
  errors: FieldError[];
  message?: string;
}

export function requestView(p: RequestPage): SafeHtml {
  const r = p.request;
  const when = (at: number) => formatDateTimeRu(at, p.timeZone);
  return html`<h1>Обращение ${r.number}</h1>
  ${p.created ? notice('success', `Обращение ${r.number} отправлено. Ответ появится на этой странице${r.channel === 'emergency' ? '; диспетчер может позвонить вам' : ''}.`) : ''}
  ${p.messageSent ? notice('success', 'Сообщение отправлено.') : ''}
  <section class="card" aria-labelledby="request-summary">
    <h2 id="request-summary">${CHANNEL_LABELS[r.channel]}: ${categoryLabel(r.channel, r.category)}</h2>
    <dl>
      <dt>Статус</dt><dd>${statusBadge(r.status)}</dd>
      <dt>Отправлено</dt><dd>${when(r.createdAt)}</dd>
      <dt>Лицевой счёт</dt><dd>${r.accountNumber}, ${r.address}</dd>
      <dt>Телефон для связи</dt><dd>${r.contactPhone}</dd>
    </dl>
  </section>
  <section aria-labelledby="thread-title">
    <h2 id="thread-title">Переписка</h2>
    <article class="card">
      <h3>Вы, ${when(r.createdAt)}</h3>
      <p>${multiline(r.description)}</p>
      ${r.photos.length > 0
        ? html`<ul>${r.photos.map((ph) => html`<li><a href="/requests/${r.id}/photos/${ph.id}">${ph.originalName}</a> (${Math.max(1, Math.round(ph.size / 1024))} КБ)</li>`)}</ul>`
        : ''}
    </article>
    ${r.messages.map((m) => html`<article class="card">
      <h3>${m.author === 'staff' ? (r.channel === 'emergency' ? 'Диспетчерская служба' : 'Абонентский отдел') : 'Вы'}, ${when(m.createdAt)}</h3>
      <p>${multiline(m.body)}</p>
    </article>`)}
  </section>
  ${r.status === 'closed'
    ? html`<p>Обращение закрыто${r.closedAt ? ` ${when(r.closedAt)}` : ''}. Если вопрос остался, <a href="/requests/new">создайте новое обращение</a>.</p>`
    : html`<section aria-labelledby="reply-title">
        <h2 id="reply-title">Написать сообщение</h2>
        ${p.message ? refusalSummary(p.message) : errorSummary(p.errors, 'Сообщение не отправлено')}
        <form method="post" action="${errorsAnchor(`/requests/${r.id}/messages`)}" novalidate>
          ${csrfInput(p.csrfToken)}
          ${textarea({ name: 'body', label: 'Сообщение', value: p.values.body, rows: 4, error: errorFor(p.errors, 'body') })}
          <button type="submit" class="button">Отправить</button>
        </form>
      </section>`}
  <p><a href="/requests">Все обращения</a></p>`;
}
