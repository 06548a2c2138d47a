// «Заявка на получение доступа»: the form (passport fields only when the company asks for them),
// and the page after sending. The submit button waits for the consent box when script runs
// (site.js, data-requires-check); without script it is enabled and the server checks consent.
import type { ApplicationField } from '../../../shared/access/application-schema.ts';
import { PASSPORT_EXAMPLE } from '../../../shared/access/passport.ts';
import type { FieldError } from '../../../shared/errors.ts';
import { AGREEMENT_VERSION } from '../../../shared/profile/agreement.ts';
import { PHONE_EXAMPLE } from '../../../shared/profile/contacts.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, fieldId, refusalSummary } from '../../views/components.ts';
import { formatDateRu } from '../../views/format.ts';
import { html, type SafeHtml } from '../../views/html.ts';

export type ApplyValues = Record<Exclude<ApplicationField, 'consent'>, string> & { consent: boolean };

export const EMPTY_APPLY_VALUES: ApplyValues = { fullName: '', address: '', accountNumber: '', email: '', phone: '', passport: '', consent: false };

export interface ApplyPage {
  csrfToken: string;
  values: ApplyValues;
  errors: FieldError[];
  /** A refusal of the whole form (too many applications), shown instead of the field list. */
  message?: string;
  askPassport: boolean;
}

export function applyView(p: ApplyPage): SafeHtml {
  const { values, errors } = p;
  const consentId = fieldId('consent');
  const consentError = errorFor(errors, 'consent');
  return html`<div class="narrow">
  <h1>Заявка на получение доступа</h1>
  <p class="lead">Заполните заявку, и абонентский отдел выдаст логин и пароль от личного кабинета. Заявка рассматривается в течение трёх рабочих дней.</p>
  <p>Доступ получает владелец или наниматель помещения, на которого открыт лицевой счёт, либо его представитель. Сведения сверяются с данными расчётного центра.</p>
  ${p.message
    ? refusalSummary(p.message)
    : errorSummary(errors, 'Заявка не отправлена')}
  <form method="post" action="${errorsAnchor('/apply')}" novalidate>
    ${csrfInput(p.csrfToken)}
    ${field({ name: 'fullName', label: 'Фамилия, имя и отчество', value: values.fullName, autocomplete: 'name', hint: 'Как в паспорте, например Иванов Иван Иванович', error: errorFor(errors, 'fullName'), required: true })}
    ${field({ name: 'address', label: 'Адрес помещения', value: values.address, autocomplete: 'street-address', hint: 'Город, улица, дом и квартира, как в квитанции', error: errorFor(errors, 'address'), required: true })}
    ${field({ name: 'accountNumber', label: 'Номер лицевого счёта', value: values.accountNumber, inputmode: 'numeric', autocomplete: 'off', hint: 'Указан в квитанции, только цифры, например 00001234', error: errorFor(errors, 'accountNumber'), required: true })}
    ${field({ name: 'email', label: 'Электронная почта', type: 'email', value: values.email, autocomplete: 'email', inputmode: 'email', hint: 'Сюда придут логин и пароль или ответ на заявку', error: errorFor(errors, 'email'), required: true })}
    ${field({ name: 'phone', label: 'Номер телефона', type: 'tel', value: values.phone, autocomplete: 'tel', inputmode: 'tel', hint: `Для связи, если понадобится уточнение. Например, ${PHONE_EXAMPLE}`, error: errorFor(errors, 'phone'), required: true })}
    ${p.askPassport
      ? field({ name: 'passport', label: 'Серия и номер паспорта', value: values.passport, autocomplete: 'off', inputmode: 'numeric', hint: `Например, ${PASSPORT_EXAMPLE}. Нужны только для сверки с данными владельца счёта и не хранятся в открытом виде`, error: errorFor(errors, 'passport'), required: true })
      : ''}
    <div class="field${consentError ? ' field--error' : ''}">
      <p id="${consentId}-hint">Прочитайте <a href="/agreement">пользовательское соглашение и согласие на обработку персональных данных</a> (${AGREEMENT_VERSION}).</p>
      ${consentError ? html`<p class="field-error" id="${consentId}-error">${consentError}</p>` : ''}
      <div class="checkbox">
        <input type="checkbox" id="${consentId}" name="consent" value="on" ${values.consent ? html`checked` : ''}
          aria-describedby="${consentId}-hint${consentError ? ` ${consentId}-error` : ''}" ${consentError ? html`aria-invalid="true"` : ''}>
        <label for="${consentId}">Я принимаю пользовательское соглашение и даю согласие на обработку моих персональных данных</label>
      </div>
    </div>
    <button type="submit" class="button" data-requires-check="${consentId}">Отправить</button>
  </form>
  <p>Уже есть логин? <a href="/login">Войдите в личный кабинет</a>. Вопросы о заявке — в <a href="/help#contacts">абонентский отдел</a>.</p>
</div>`;
}

export function applySentView(p: { deadlineOn: string | null }): SafeHtml {
  return html`<div class="narrow">
  <div class="notice notice--success" role="status"><h1>Заявка успешно отправлена</h1></div>
  <p class="lead">${p.deadlineOn
    ? html`Абонентский отдел рассмотрит её до <strong>${formatDateRu(p.deadlineOn)}</strong> включительно.`
    : 'Абонентский отдел рассмотрит её в течение трёх рабочих дней.'}</p>
  <p>Мы отправили подтверждение на указанный адрес электронной почты. Туда же придут логин и пароль, а если в доступе будет отказано, — причина отказа.</p>
  <p>Если письмо не пришло, проверьте папку «Спам».</p>
  <p><a href="/login">На страницу входа</a></p>
</div>`;
}
