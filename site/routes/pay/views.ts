// Online-payment pages (card or СБП): the amount form, the hand-over to the provider's page, the
// outcome on return, and the sandbox's own «bank» page. All work without JavaScript. The form for
// several accounts at once is in several-views.ts.
import { PAY_ONLINE_UNAVAILABLE, PAYMENT_AWAITING_FIGURES } from '../../../shared/vocabulary.ts';
import type { FieldError } from '../../../shared/errors.ts';
import type { AttemptView } from '../../../shared/payments/attempts.ts';
import type { AttemptPart } from '../../../shared/payments/parts.ts';
import type { PaymentMethod } from '../../../shared/payments/provider.ts';
import { SANDBOX_LABEL, SANDBOX_SBP_LABEL, SANDBOX_WARNING, type SandboxPayment } from '../../../shared/payments/sandbox.ts';
import { qrMatrix } from '../../../shared/receipts/qr-matrix.ts';
import type { AccountSummary } from '../../../shared/residents/accounts.ts';
import { csrfInput, errorFor, errorsAnchor, errorSummary, field, fieldId, notice } from '../../views/components.ts';
import { formatDateTimeRu, formatRubles } from '../../views/format.ts';
import { html, raw, type SafeHtml } from '../../views/html.ts';

const STATUS_TEXT: Record<AttemptView['status'], string> = {
  created: 'Не создан: платёжная система не ответила',
  pending: 'Ожидает оплаты или подтверждения банка',
  waiting_for_capture: 'Ожидает подтверждения банка',
  succeeded: `Оплачен: ${PAYMENT_AWAITING_FIGURES}`,
  canceled: 'Отменён',
  failed: 'Не прошёл',
};

export const sandboxBanner = () => notice('warning', html`<strong>${SANDBOX_LABEL}.</strong> ${SANDBOX_WARNING}`);

export interface PayFormView {
  csrfToken: string;
  account: AccountSummary;
  /** The resident holds more than one account: offer paying them in one payment. */
  several: boolean;
  provider: { label: string; sandbox: boolean; methods: readonly PaymentMethod[] } | null;
  amount: string;
  /** The method chosen when the form comes back with an error. */
  method: PaymentMethod;
  totalDue: number;
  /** Null: no e-mail needed; else the field's value (the shop sends 54-ФЗ receipts and the profile has no address). */
  receiptEmail: string | null;
  errors: FieldError[];
  attempts: AttemptView[];
  timeZone: string;
}

/** The receipt e-mail's hint for a signed-in resident, whose profile has no address. */
export const RESIDENT_EMAIL_HINT = 'По закону (54-ФЗ) после оплаты вам придёт электронный чек. В профиле нет адреса — укажите его здесь; в профиль он не сохраняется.';

export function payView(o: PayFormView): SafeHtml {
  if (!o.provider) {
    return html`<h1>Оплата</h1>
      ${notice('info', PAY_ONLINE_UNAVAILABLE)}
      <p><a href="/">На главную</a></p>`;
  }
  return html`<h1>Оплата</h1>
  ${o.provider.sandbox ? sandboxBanner() : ''}
  ${errorSummary(o.errors)}
  <p class="lead">Лицевой счёт ${o.account.number}, ${o.account.address}.
    ${o.totalDue > 0 ? html`К оплате: <strong>${formatRubles(o.totalDue)}</strong>.` : 'Задолженности нет; можно внести аванс.'}</p>
  ${o.several ? severalLink() : ''}
  ${payForm({
    ...o, action: '/pay', providerLabel: o.provider.label, methods: o.provider.methods,
    emailHint: RESIDENT_EMAIL_HINT,
  })}
  ${attemptsList(o.attempts, o.timeZone)}`;
}

/** The link's words, on the overview and the pay page alike. */
const PAY_SEVERAL = 'Оплатить несколько счетов одним платежом';

/** For a resident with several accounts: all of them in one payment (several-views.ts). */
export const severalLink = () => html`<ul class="link-list"><li><a href="/pay/several">${PAY_SEVERAL}</a></li></ul>`;

const METHOD_CHOICES: Record<PaymentMethod, string> = {
  card: 'Картой',
  sbp: 'СБП (по QR-коду или в приложении банка)',
};

/**
 * Card or СБП, when the provider takes both: plain radio buttons (no JavaScript), card first and
 * chosen unless the payer chose otherwise; each label a full 44-px tap target.
 */
function methodChoice(methods: readonly PaymentMethod[], chosen: PaymentMethod, errors: FieldError[]): SafeHtml {
  if (methods.length < 2) return html``;
  const selected = methods.includes(chosen) ? chosen : methods[0];
  const error = errorFor(errors, 'method');
  // The error summary links to the first choice (fieldId('method')), where focus can land.
  return html`<fieldset class="method-choice${error ? ' field--error' : ''}">
    <legend>Способ оплаты</legend>
    ${error ? html`<p class="field-error">${error}</p>` : ''}
    ${methods.map((m, i) => html`<div class="checkbox">
      <input type="radio" name="method" id="${i === 0 ? fieldId('method') : `${fieldId('method')}-${m}`}" value="${m}"${m === selected ? raw(' checked') : ''}>
      <label for="${i === 0 ? fieldId('method') : `${fieldId('method')}-${m}`}">${METHOD_CHOICES[m]}</label>
    </div>`)}
  </fieldset>`;
}

/** The amount (and, when asked, the receipt e-mail) form, the same for /pay and a receipt's pay link. */
export function payForm(o: {
  action: string; csrfToken: string; amount: string; receiptEmail: string | null; emailHint: string; errors: FieldError[]; providerLabel: string;
  methods: readonly PaymentMethod[]; method: PaymentMethod;
}): SafeHtml {
  return html`<form method="post" action="${errorsAnchor(o.action)}" novalidate>
    ${csrfInput(o.csrfToken)}
    ${field({
      name: 'amount', label: 'Сумма, ₽', value: o.amount, inputmode: 'decimal', autocomplete: 'off', required: true,
      hint: 'Можно заплатить больше или меньше суммы к оплате: от 1 до 500 000 ₽.', error: errorFor(o.errors, 'amount'),
    })}
    ${payFormEnd(o)}
  </form>`;
}

/** What every pay form ends with: the e-mail for the 54-ФЗ receipt when one is needed, the method, where the card goes, the button. */
export function payFormEnd(o: {
  receiptEmail: string | null; emailHint: string; errors: FieldError[]; providerLabel: string; methods: readonly PaymentMethod[]; method: PaymentMethod;
}): SafeHtml {
  return html`${o.receiptEmail === null ? '' : field({
    name: 'email', label: 'E-mail для кассового чека', value: o.receiptEmail, type: 'email', autocomplete: 'email', required: true,
    hint: o.emailHint, error: errorFor(o.errors, 'email'),
  })}
    ${methodChoice(o.methods, o.method, o.errors)}
    ${providerNote(o.providerLabel, o.methods)}
    <button type="submit" class="button">Перейти к оплате</button>`;
}

/** Where the card (or the bank app) comes in: on the provider's page, never ours. */
function providerNote(providerLabel: string, methods: readonly PaymentMethod[]): SafeHtml {
  return html`<p>Данные карты вы введёте на странице платёжной системы (${providerLabel}); на наш сайт они не попадают.${methods.includes('sbp')
    ? ' При оплате через СБП на компьютере там будет QR-код для приложения банка, на телефоне — кнопка, открывающая приложение.'
    : ''}</p>`;
}

function attemptsList(attempts: AttemptView[], timeZone: string): SafeHtml {
  if (attempts.length === 0) return html``;
  return html`<h2>Недавние онлайн-платежи</h2>
  <ul data-testid="card-attempts">
    ${attempts.map((a) => html`<li><a href="/pay/return/${a.id}">${formatRubles(a.share ?? a.amount)} — ${formatDateTimeRu(a.createdAt, timeZone)}</a>${a.method === 'sbp' ? ', СБП' : ''}${a.share !== null ? html` (часть платежа на ${formatRubles(a.amount)} за несколько счетов)` : ''}: ${STATUS_TEXT[a.status]}</li>`)}
  </ul>`;
}

/**
 * `base` is where the payer's pages are: '/pay' when signed in, '/p/<token>' by a receipt's link
 * (site/routes/pay-link); retry, hand-over and return pages hang under it.
 */
export function startFailedView(o: { csrfToken: string; attemptId: string; message: string; canRetry: boolean; base?: string }): SafeHtml {
  const base = o.base ?? '/pay';
  return html`<h1>Платёж не начат</h1>
  ${notice('warning', o.message)}
  ${o.canRetry
    ? html`<p>Деньги не списаны. Повторный запрос безопасен: второй платёж не появится.</p>
      <form method="post" action="${base}/retry/${o.attemptId}">${csrfInput(o.csrfToken)}<button type="submit" class="button">Попробовать ещё раз</button></form>`
    : ''}
  <p><a href="${base}">Вернуться к оплате</a></p>`;
}

export function handOverView(o: { confirmationUrl: string; sandbox: boolean }): SafeHtml {
  return html`<h1>Переход к оплате</h1>
  ${o.sandbox ? sandboxBanner() : ''}
  <p class="lead">Открываем страницу оплаты. Если она не открылась сама, нажмите на ссылку.</p>
  <p><a class="button" href="${o.confirmationUrl}" data-testid="to-provider">Перейти на страницу оплаты</a></p>`;
}

export interface OutcomeView {
  attempt: AttemptView;
  accountNumber: string;
  /** Each account's share; listed when there are several. */
  parts?: readonly AttemptPart[];
  checkError: string | null;
  refreshing: boolean;
  /** As in startFailedView; by link there is no cabinet to point to, only signing in. */
  base?: string;
}

export function outcomeView(o: OutcomeView): SafeHtml {
  const a = o.attempt;
  const base = o.base ?? '/pay';
  const byLink = base !== '/pay';
  const several = o.parts && o.parts.length > 1 ? o.parts : null;
  const body = a.status === 'succeeded'
    ? html`<h1>Платёж прошёл</h1>
        ${several
          ? notice('success', html`Оплачено <strong>${formatRubles(a.amount)}</strong> по ${several.length} лицевым счетам; каждому зачислена его часть. Платежи уже видны в личном кабинете; расчётный центр учтёт их в следующих квитанциях.`)
          : notice('success', html`Оплачено <strong>${formatRubles(a.amount)}</strong> по лицевому счёту ${o.accountNumber}. ${byLink ? 'Платёж зачислен на лицевой счёт' : 'Платёж уже виден в личном кабинете'}; расчётный центр учтёт его в следующей квитанции.`)}`
    : a.status === 'canceled' || a.status === 'failed'
      ? html`<h1>Платёж отменён</h1>
          ${notice('warning', html`Платёж на ${formatRubles(a.amount)} не прошёл, деньги не списаны. Можно попробовать ещё раз.`)}
          <p><a class="button" href="${base}">Оплатить снова</a></p>`
      : a.status === 'created'
        ? html`<h1>Платёж не начат</h1>${notice('warning', 'Платёжная система не ответила. Деньги не списаны.')}<p><a class="button" href="${base}">Оплатить снова</a></p>`
        : html`<h1>Ожидаем подтверждение банка</h1>
            ${notice('info', html`Платёж на ${formatRubles(a.amount)} ещё обрабатывается. ${o.refreshing ? 'Страница обновится сама через несколько секунд.' : 'Обновите страницу позже: платёж появится в истории, как только банк его подтвердит.'}`)}
            ${a.confirmationUrl ? html`<p>Если вы не завершили оплату, <a href="${a.confirmationUrl}">вернитесь на страницу оплаты</a>.</p>` : ''}
            <p><a href="${base}/return/${a.id}">Проверить ещё раз</a></p>`;
  return html`${a.sandbox ? sandboxBanner() : ''}${body}
  ${several && a.status !== 'canceled' && a.status !== 'failed' ? partsList(several) : ''}
  ${o.checkError ? html`<p class="hint">Платёжная система сейчас не ответила (${o.checkError}); мы перепроверим платёж сами.</p>` : ''}
  ${byLink
    ? html`<p>Историю платежей и квитанции можно посмотреть в <a href="/login">личном кабинете</a>.</p>`
    : html`<p><a href="/payments">История платежей</a> · <a href="/">На главную</a></p>`}`;
}

/** How a payment for several accounts is split: each account and its part. */
function partsList(parts: readonly AttemptPart[]): SafeHtml {
  return html`<h2>По лицевым счетам</h2>
  <ul data-testid="payment-parts">${parts.map((p) => html`<li>Лицевой счёт ${p.accountNumber} — ${formatRubles(p.amount)}</li>`)}</ul>`;
}

/** A made-up link in the shape of an NSPK payment link (qr.nspk.ru): what the sandbox's QR carries. */
export const sandboxSbpLink = (id: string) => `https://qr.nspk.ru/sandbox/${encodeURIComponent(id)}`;

/** The QR of `text` as an inline SVG (the CSP allows no other origin; one path, crisp at any size). */
function qrSvg(text: string, label: string): SafeHtml {
  const { size, modules } = qrMatrix(text);
  const quiet = 4;
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (modules[y * size + x]) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  }
  const side = size + 2 * quiet;
  return html`<svg class="sbp-qr" role="img" aria-label="${label}" viewBox="0 0 ${side} ${side}" width="220" height="220" shape-rendering="crispEdges" data-testid="sbp-qr">
    <rect width="${side}" height="${side}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

export function sandboxPageView(o: { csrfToken: string; payment: SandboxPayment }): SafeHtml {
  const p = o.payment;
  const sbp = p.method === 'sbp';
  const payForm = (text: string, className: string, testId: string) => html`<form method="post" action="/pay/sandbox/${p.id}">${csrfInput(o.csrfToken)}<input type="hidden" name="outcome" value="succeeded"><button type="submit" class="${className}" data-testid="${testId}">${text}</button></form>`;
  return html`<h1>${sbp ? SANDBOX_SBP_LABEL : SANDBOX_LABEL}</h1>
  ${sandboxBanner()}
  <p class="lead">${p.description}</p>
  <p>Сумма: <strong data-testid="sandbox-amount">${formatRubles(p.amount)}</strong></p>
  ${p.status === 'pending' && sbp
    // As a bank's СБП page does: on a wide screen the QR to scan with the phone, on a phone the
    // hand-off to the bank's app (site.css shows one or the other). Either way, here, it pays.
    ? html`<div class="sbp-desktop">
        <p>Отсканируйте QR-код камерой телефона или в приложении банка. Это тестовый код: настоящее приложение банка его не примет, поэтому здесь есть кнопка «Оплатить».</p>
        ${qrSvg(sandboxSbpLink(p.id), 'QR-код для оплаты через СБП (тестовый)')}
      </div>
      <div class="inline-form">
        <div class="sbp-desktop">${payForm('Оплатить', 'button', 'sandbox-pay')}</div>
        <div class="sbp-phone">${payForm('Открыть приложение банка', 'button', 'sbp-open-app')}</div>
        <form method="post" action="/pay/sandbox/${p.id}">${csrfInput(o.csrfToken)}<input type="hidden" name="outcome" value="canceled"><button type="submit" class="button button--secondary">Отменить</button></form>
      </div>`
    : p.status === 'pending'
    ? html`<p>Номер карты здесь не нужен: это имитация страницы банка для демонстрации.</p>
      <div class="inline-form">
        ${payForm('Оплатить', 'button', 'sandbox-pay')}
        <form method="post" action="/pay/sandbox/${p.id}">${csrfInput(o.csrfToken)}<input type="hidden" name="outcome" value="canceled"><button type="submit" class="button button--secondary">Отменить</button></form>
      </div>`
    : html`<p>Этот тестовый платёж уже ${p.status === 'succeeded' ? 'оплачен' : 'отменён'}.</p>
      <p><a href="${p.returnUrl}">Вернуться в личный кабинет</a></p>`}`;
}
