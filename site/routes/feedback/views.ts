// «Обратная связь»: a public form (no sign-in), prefilled for a signed-in resident.
import { AGREEMENT_VERSION } from '../../../shared/profile/agreement.ts';
import { PHONE_EXAMPLE } from '../../../shared/profile/contacts.ts';
import { FEEDBACK_TOPICS, FEEDBACK_TOPIC_LABELS } from '../../../shared/requests/feedback.ts';
import type { FieldError } from '../../../shared/errors.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, fieldId, refusalSummary } from '../../views/components.ts';
import { html, type SafeHtml } from '../../views/html.ts';

export interface FeedbackValues {
  name: string;
  email: string;
  phone: string;
  topic: string;
  body: string;
  consent: boolean;
}

export const EMPTY_FEEDBACK: FeedbackValues = { name: '', email: '', phone: '', topic: '', body: '', consent: false };

export interface FeedbackPage {
  csrfToken: string;
  values: FeedbackValues;
  errors: FieldError[];
  message?: string;
  signedIn: boolean;
}

export function feedbackView(p: FeedbackPage): SafeHtml {
  const { values, errors } = p;
  const topicId = fieldId('topic');
  const topicError = errorFor(errors, 'topic');
  const bodyId = fieldId('body');
  const bodyError = errorFor(errors, 'body');
  const consentId = fieldId('consent');
  const consentError = errorFor(errors, 'consent');
  return html`<div class="narrow">
  <h1>Обратная связь</h1>
  <p class="lead">Вопрос, предложение или жалоба. Ответ придёт на электронную почту.</p>
  <p>Об аварии сообщайте по телефону аварийно-диспетчерской службы${p.signedIn ? html` или через <a href="/requests/new?channel=emergency">обращение в личном кабинете</a>` : ''}.</p>
  ${p.message
    ? refusalSummary(p.message)
    : errorSummary(errors, 'Сообщение не отправлено')}
  <form method="post" action="${errorsAnchor('/feedback')}" novalidate>
    ${csrfInput(p.csrfToken)}
    ${field({ name: 'name', label: 'Как к вам обращаться', value: values.name, autocomplete: 'name', error: errorFor(errors, 'name'), required: true })}
    ${field({ name: 'email', label: 'Электронная почта', type: 'email', value: values.email, autocomplete: 'email', inputmode: 'email', hint: 'На этот адрес придёт ответ', error: errorFor(errors, 'email'), required: true })}
    ${field({ name: 'phone', label: 'Телефон (необязательно)', type: 'tel', value: values.phone, autocomplete: 'tel', inputmode: 'tel', hint: `Например, ${PHONE_EXAMPLE}`, error: errorFor(errors, 'phone') })}
    <div class="field${topicError ? ' field--error' : ''}">
      <label for="${topicId}">Тема</label>
      ${topicError ? html`<p class="field-error" id="${topicId}-error">${topicError}</p>` : ''}
      <select id="${topicId}" name="topic" ${topicError ? html`aria-invalid="true" aria-describedby="${topicId}-error"` : ''}>
        <option value="">Выберите тему</option>
        ${FEEDBACK_TOPICS.map((t) => html`<option value="${t}" ${values.topic === t ? html`selected` : ''}>${FEEDBACK_TOPIC_LABELS[t]}</option>`)}
      </select>
    </div>
    <div class="field${bodyError ? ' field--error' : ''}">
      <label for="${bodyId}">Сообщение</label>
      ${bodyError ? html`<p class="field-error" id="${bodyId}-error">${bodyError}</p>` : ''}
      <textarea id="${bodyId}" name="body" rows="6" maxlength="4000" ${bodyError ? html`aria-invalid="true" aria-describedby="${bodyId}-error"` : ''}>${values.body}</textarea>
    </div>
    <div class="field${consentError ? ' field--error' : ''}">
      <p id="${consentId}-hint">Прочитайте <a href="/agreement">пользовательское соглашение и согласие на обработку персональных данных</a> (${AGREEMENT_VERSION}).</p>
      ${consentError ? html`<p class="field-error" id="${consentId}-error">${consentError}</p>` : ''}
      <div class="checkbox">
        <input type="checkbox" id="${consentId}" name="consent" value="on" ${values.consent ? html`checked` : ''}
          aria-describedby="${consentId}-hint${consentError ? ` ${consentId}-error` : ''}" ${consentError ? html`aria-invalid="true"` : ''}>
        <label for="${consentId}">Я даю согласие на обработку моих персональных данных для ответа на сообщение</label>
      </div>
    </div>
    <button type="submit" class="button" data-requires-check="${consentId}">Отправить</button>
  </form>
</div>`;
}

export function feedbackSentView(): SafeHtml {
  return html`<div class="narrow">
  <div class="notice notice--success" role="status"><h1>Сообщение отправлено</h1></div>
  <p class="lead">Спасибо! Ответ придёт на указанный адрес электронной почты.</p>
  <p><a href="/">На главную</a></p>
</div>`;
}
