// Forgot-password pages: the request form and its answer, the new-password form of a link, and
// the page for a link that no longer works.
import { INVALID_LINK, RESET_FIELDS, RESET_REQUESTED_MESSAGE } from '../../../shared/access/password-reset.ts';
import type { FieldError } from '../../../shared/errors.ts';
import { PASSWORD_HINT } from '../../../shared/profile/password.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, notice, refusalSummary } from '../../views/components.ts';
import { html, type SafeHtml } from '../../views/html.ts';

const refusal = (message: string) => refusalSummary(message);

export function forgotPasswordView(p: { csrfToken: string; identifier: string; errors: FieldError[]; message?: string; sent: boolean }): SafeHtml {
  if (p.sent) {
    return html`<div class="narrow">
  <h1>Проверьте почту</h1>
  ${notice('success', RESET_REQUESTED_MESSAGE)}
  <p class="link-line"><a href="/login">Вернуться ко входу</a></p>
</div>`;
  }
  return html`<div class="narrow">
  <h1>Восстановление пароля</h1>
  <p>Мы пришлём ссылку для смены пароля на адрес электронной почты, указанный в вашем профиле.</p>
  ${p.message ? refusal(p.message) : errorSummary(p.errors, 'Ссылка не отправлена')}
  <form method="post" action="${errorsAnchor('/forgot-password')}" novalidate>
    ${csrfInput(p.csrfToken)}
    ${field({ name: RESET_FIELDS.identifier, label: 'Логин, номер лицевого счёта или электронная почта', value: p.identifier, autocomplete: 'username', error: errorFor(p.errors, RESET_FIELDS.identifier), required: true })}
    <button type="submit" class="button">Отправить ссылку</button>
  </form>
  <p>Адрес электронной почты не указан или недоступен? Обратитесь в абонентский отдел — вам выдадут новый пароль.</p>
  <p class="link-line"><a href="/login">Вернуться ко входу</a></p>
</div>`;
}

export function resetPasswordView(p: { csrfToken: string; token: string; login: string; errors: FieldError[] }): SafeHtml {
  return html`<div class="narrow">
  <h1>Новый пароль</h1>
  <p>Задайте новый пароль для логина <strong>${p.login}</strong>. После смены вход на всех устройствах завершится.</p>
  ${errorSummary(p.errors, 'Пароль не изменён')}
  <form method="post" action="${errorsAnchor(`/reset-password/${p.token}`)}" novalidate>
    ${csrfInput(p.csrfToken)}
    <input type="text" name="username" autocomplete="username" value="${p.login}" hidden>
    ${field({ name: RESET_FIELDS.next, label: 'Новый пароль', type: 'password', autocomplete: 'new-password', hint: PASSWORD_HINT, error: errorFor(p.errors, RESET_FIELDS.next), required: true })}
    ${field({ name: RESET_FIELDS.repeat, label: 'Новый пароль ещё раз', type: 'password', autocomplete: 'new-password', error: errorFor(p.errors, RESET_FIELDS.repeat), required: true })}
    <button type="submit" class="button">Сохранить пароль</button>
  </form>
</div>`;
}

export function invalidLinkView(): SafeHtml {
  return html`<div class="narrow">
  <h1>Ссылка не работает</h1>
  <p class="lead">${INVALID_LINK}</p>
  <p>Ссылка действует 1 час и только один раз; если вы запросили ссылку ещё раз, работает только последняя.</p>
  <p><a class="button" href="/forgot-password">Получить новую ссылку</a></p>
  <p class="link-line"><a href="/login">Вернуться ко входу</a></p>
</div>`;
}
