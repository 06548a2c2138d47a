// Unsubscribe pages: the question with one button (a link alone changes nothing), the answer,
// and the page for a link that is not ours.
import { NOTIFICATION_CHANNEL_LABELS, NOTIFICATION_KIND_LABELS, type MessageKind, type NotificationChannel } from '../../../shared/notifications/kinds.ts';
import { csrfInput, notice } from '../../views/components.ts';
import { html, type SafeHtml } from '../../views/html.ts';

function what(kind: MessageKind, channel: NotificationChannel): string {
  const by = channel === 'email' ? 'по электронной почте' : `по ${NOTIFICATION_CHANNEL_LABELS[channel]}`;
  return kind === 'general' ? `все уведомления ${by}` : `уведомления «${NOTIFICATION_KIND_LABELS[kind]}» ${by}`;
}

export function confirmView(p: { csrfToken: string; token: string; kind: MessageKind; channel: NotificationChannel }): SafeHtml {
  return html`<div class="narrow">
  <h1>Отписаться от уведомлений</h1>
  <p class="lead">Отключить ${what(p.kind, p.channel)}?</p>
  <form method="post" action="/unsubscribe/${p.token}">
    ${csrfInput(p.csrfToken)}
    <button type="submit" class="button">Отписаться</button>
  </form>
  <p>Остальные уведомления останутся как были. Выбрать, какие уведомления и как получать, можно в <a href="/profile">профиле</a> личного кабинета.</p>
</div>`;
}

export function doneView(p: { kind: MessageKind; channel: NotificationChannel }): SafeHtml {
  const text = what(p.kind, p.channel);
  return html`<div class="narrow">
  <h1>Вы отписались</h1>
  ${notice('success', `${text[0]?.toUpperCase()}${text.slice(1)} отключены.`)}
  <p>Включить их снова можно в <a href="/profile">профиле</a> личного кабинета, в разделе «Уведомления».</p>
</div>`;
}

export function invalidView(): SafeHtml {
  return html`<div class="narrow">
  <h1>Ссылка не работает</h1>
  <p class="lead">Ссылка для отказа от уведомлений повреждена или устарела.</p>
  <p>Выбрать, какие уведомления получать, можно в <a href="/profile">профиле</a> личного кабинета.</p>
</div>`;
}
