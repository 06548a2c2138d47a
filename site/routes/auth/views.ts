import type { FieldError } from '../../../shared/errors.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, notice } from '../../views/components.ts';
import { html, type SafeHtml } from '../../views/html.ts';

export function loginView(o: {
  csrfToken: string;
  login: string;
  next: string;
  errors: FieldError[];
  message?: string;
  loggedOut?: boolean;
  passwordReset?: boolean;
  /** The company's registration mode lets residents register themselves. */
  registrationOpen?: boolean;
}): SafeHtml {
  return html`<div class="narrow">
  <h1>Вход в личный кабинет</h1>
  ${o.loggedOut ? notice('info', 'Вы вышли из личного кабинета.') : ''}
  ${o.passwordReset ? notice('success', 'Пароль изменён. Войдите с новым паролем.') : ''}
  ${o.message ? html`<div class="error-summary" role="alert" tabindex="-1" data-error-summary><p>${o.message}</p></div>` : errorSummary(o.errors)}
  <form method="post" action="${errorsAnchor('/login')}" novalidate>
    ${csrfInput(o.csrfToken)}
    <input type="hidden" name="next" value="${o.next}">
    ${field({ name: 'login', label: 'Номер лицевого счёта или логин', value: o.login, autocomplete: 'username', error: errorFor(o.errors, 'login'), required: true })}
    ${field({ name: 'password', label: 'Пароль', type: 'password', autocomplete: 'current-password', error: errorFor(o.errors, 'password'), required: true })}
    <button type="submit" class="button">Войти</button>
  </form>
  <p class="link-line"><a href="/forgot-password">Забыли пароль?</a></p>
  ${o.registrationOpen ? html`<p>Впервые здесь? <a href="/register">Зарегистрироваться</a></p>` : ''}
  <p>Номер лицевого счёта указан в квитанции. Нет логина и пароля? <a href="/apply">Подайте заявку на получение доступа</a> или обратитесь в абонентский отдел — <a href="/help#access">как получить доступ</a>.</p>
</div>`;
}
