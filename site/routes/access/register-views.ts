// Self-registration pages: the form for the company's mode, the explanation when only an
// application gives access, and the "password sent" page.
import { PASSPORT_EXAMPLE } from '../../../shared/access/passport.ts';
import { REGISTER_FIELDS, type SelfRegistrationMode } from '../../../shared/access/register.ts';
import type { FieldError } from '../../../shared/errors.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, fieldId, refusalSummary } from '../../views/components.ts';
import { html, type SafeHtml } from '../../views/html.ts';

/** What the resident typed, shown again when the form comes back (never the passport). */
export interface RegisterValues {
  accountNumber: string;
  email: string;
  amount: string;
  consent: boolean;
}

export const EMPTY_REGISTER_VALUES: RegisterValues = { accountNumber: '', email: '', amount: '', consent: false };

export interface RegisterPage {
  csrfToken: string;
  mode: SelfRegistrationMode;
  values: RegisterValues;
  errors: FieldError[];
  /** A refusal of the whole form (mismatch, throttling, already registered). */
  message?: string;
}

export function registerView(p: RegisterPage): SafeHtml {
  const { errors, values } = p;
  return html`<div class="narrow">
  <h1>Регистрация в личном кабинете</h1>
  <p>${p.mode === 'receipt_amount'
    ? 'Укажите номер лицевого счёта и сумму к оплате из последней квитанции: так мы убедимся, что квитанция у вас на руках.'
    : 'Укажите номер лицевого счёта и паспортные данные владельца счёта: мы сверим их с данными абонентского отдела.'}
    Логин и пароль придут на вашу электронную почту сразу.</p>
  ${p.message
    ? refusalSummary(p.message)
    : errorSummary(errors, 'Регистрация не выполнена')}
  <form method="post" action="${errorsAnchor('/register')}" novalidate>
    ${csrfInput(p.csrfToken)}
    ${field({ name: REGISTER_FIELDS.account, label: 'Номер лицевого счёта', value: values.accountNumber, inputmode: 'numeric', autocomplete: 'username', hint: 'Указан в квитанции, например 00001234; нули в начале — часть номера.', error: errorFor(errors, REGISTER_FIELDS.account), required: true })}
    ${p.mode === 'receipt_amount'
      ? field({ name: REGISTER_FIELDS.amount, label: 'Сумма к оплате из последней квитанции, ₽', value: values.amount, inputmode: 'decimal', autocomplete: 'off', hint: 'Строка «Итого к оплате», с копейками, например 1 234,56. Если к оплате ничего нет, укажите сумму «Начислено».', error: errorFor(errors, REGISTER_FIELDS.amount), required: true })
      : field({ name: REGISTER_FIELDS.passport, label: 'Серия и номер паспорта владельца счёта', value: '', inputmode: 'numeric', autocomplete: 'off', hint: `10 цифр, например ${PASSPORT_EXAMPLE}. Паспорт не сохраняется: мы только сверяем его с данными лицевого счёта.`, error: errorFor(errors, REGISTER_FIELDS.passport), required: true })}
    ${field({ name: REGISTER_FIELDS.email, label: 'Электронная почта', type: 'email', value: values.email, inputmode: 'email', autocomplete: 'email', hint: 'На этот адрес придут логин и пароль.', error: errorFor(errors, REGISTER_FIELDS.email), required: true })}
    ${consentCheckbox(values.consent, errorFor(errors, REGISTER_FIELDS.consent))}
    <button type="submit" class="button">Зарегистрироваться</button>
  </form>
  <p>Уже есть логин? <a href="/login">Войти</a> · <a href="/forgot-password">Забыли пароль?</a></p>
  <p>Не получается зарегистрироваться? <a href="/apply">Подайте заявку на доступ</a>.</p>
</div>`;
}

function consentCheckbox(checked: boolean, error: string | undefined): SafeHtml {
  const id = fieldId(REGISTER_FIELDS.consent);
  return html`<div class="field${error ? ' field--error' : ''}">
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
    <div class="checkbox">
      <input type="checkbox" id="${id}" name="${REGISTER_FIELDS.consent}" value="1" ${checked ? html`checked` : ''}
        aria-describedby="${id}-hint${error ? ` ${id}-error` : ''}" ${error ? html`aria-invalid="true"` : ''} required>
      <label for="${id}">Я принимаю пользовательское соглашение и даю согласие на обработку моих персональных данных</label>
    </div>
    <p class="hint link-line" id="${id}-hint"><a href="/agreement">Текст соглашения и согласия</a></p>
  </div>`;
}

export function applicationOnlyView(): SafeHtml {
  return html`<div class="narrow">
  <h1>Регистрация в личном кабинете</h1>
  <p>Самостоятельная регистрация не предусмотрена: доступ к личному кабинету выдаёт абонентский отдел по заявке.
    Сотрудник проверит, что лицевой счёт ваш, и пришлёт логин и пароль на электронную почту.</p>
  <p><a class="button" href="/apply">Подать заявку на доступ</a></p>
  <p>Уже есть логин? <a href="/login">Войти</a>.</p>
</div>`;
}

export function registeredView(): SafeHtml {
  return html`<div class="narrow">
  <h1>Регистрация выполнена</h1>
  <div class="notice notice--success" role="status">Мы отправили логин и пароль на указанный адрес электронной почты.</div>
  <p>Письмо обычно приходит в течение нескольких минут. Если его нет, проверьте папку «Спам».</p>
  <p>После первого входа задайте свой пароль в разделе «Профиль».</p>
  <p><a class="button" href="/login">Войти</a></p>
</div>`;
}
