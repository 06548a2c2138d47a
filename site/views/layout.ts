// The page frame: header with the account switcher and navigation, main content, footer with
// help links and the cookie notice. Everything works without JavaScript.
import { shortAddress } from './short-address.ts';
import type { AccountSummary } from '../../shared/residents/accounts.ts';
import { csrfInput } from './components.ts';
import { html, type SafeHtml } from './html.ts';

export interface PageUser {
  login: string;
  fullName: string | null;
  accounts: AccountSummary[];
  currentAccount: AccountSummary | null;
}

export interface PageFrame {
  title: string;
  csrfToken: string;
  user: PageUser | null;
  /** The path of the page, to mark the current navigation item. */
  path: string;
  cookieNoticeHidden: boolean;
  company: { name: string; supportPhone: string; supportEmail: string; emergencyPhone: string };
  /** A page that moves on by itself without JavaScript (payment pages): `<meta http-equiv="refresh">`. */
  refresh?: { seconds: number; url: string };
  /** What a search result or a shared link says of the page; the portal's own line when absent. */
  description?: string;
}

/** The portal in one line, for search results and shared links (meta description). */
export const portalDescription = (company: string) =>
  `Личный кабинет абонента ${company}: начисления и квитанции, оплата онлайн, показания счётчиков, обращения в аварийную службу и абонентский отдел.`;

const NAV: { href: string; label: string }[] = [
  { href: '/', label: 'Главная' },
  { href: '/charges', label: 'Начисления' },
  { href: '/payments', label: 'Платежи' },
  { href: '/meters', label: 'Счётчики' },
  { href: '/requests', label: 'Обращения' },
  { href: '/profile', label: 'Профиль' },
];

function isCurrent(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

function accountSwitcher(user: PageUser, csrfToken: string, path: string): SafeHtml {
  const current = user.currentAccount;
  if (user.accounts.length < 2) {
    return current ? html`<p class="account-line">Лицевой счёт <strong>${current.number}</strong>, ${current.address}</p>` : html``;
  }
  return html`<form class="account-switch" method="post" action="/account/switch">
    ${csrfInput(csrfToken)}
    <input type="hidden" name="back" value="${path}">
    <label for="account-select">Лицевой счёт</label>
    <select id="account-select" name="account" data-autosubmit>
      ${user.accounts.map((a) => html`<option value="${a.number}" ${a.id === current?.id ? html`selected` : ''}>${a.number} — ${shortAddress(a.address)}</option>`)}
    </select>
    <button type="submit" class="button button--secondary">Перейти</button>
  </form>`;
}

function header(frame: PageFrame): SafeHtml {
  const { user } = frame;
  return html`<header class="site-header">
    <a class="skip-link" href="#main">Перейти к содержанию</a>
    <div class="site-header__bar">
      <a class="brand" href="/">${frame.company.name}<span class="brand__sub">Личный кабинет абонента</span></a>
      ${user
        ? html`<form method="post" action="/logout" class="logout">${csrfInput(frame.csrfToken)}<button type="submit" class="button button--link">Выйти</button></form>`
        : ''}
    </div>
    ${user
      ? html`<nav class="site-nav" aria-label="Разделы личного кабинета"><ul>
          ${NAV.map((n) => html`<li><a href="${n.href}" ${isCurrent(frame.path, n.href) ? html`aria-current="page"` : ''}>${n.label}</a></li>`)}
        </ul></nav>
        ${accountSwitcher(user, frame.csrfToken, frame.path)}`
      : ''}
  </header>`;
}

function footer(frame: PageFrame): SafeHtml {
  const c = frame.company;
  return html`<footer class="site-footer">
    <ul class="footer-links">
      <li><a href="/help">Помощь</a></li>
      <li><a href="/feedback">Обратная связь</a></li>
      <li><a href="/agreement">Пользовательское соглашение</a></li>
      <li><a href="/cookies">Файлы cookie</a></li>
    </ul>
    ${c.emergencyPhone ? html`<p>Аварийно-диспетчерская служба: <a href="tel:${c.emergencyPhone.replace(/[^\d+]/g, '')}">${c.emergencyPhone}</a></p>` : ''}
    ${c.supportPhone ? html`<p>Абонентский отдел: <a href="tel:${c.supportPhone.replace(/[^\d+]/g, '')}">${c.supportPhone}</a>${c.supportEmail ? html`, <a href="mailto:${c.supportEmail}">${c.supportEmail}</a>` : ''}</p>` : ''}
    <p>© ${c.name}</p>
  </footer>
  ${frame.cookieNoticeHidden
    ? ''
    : html`<aside class="cookie-notice" aria-label="Уведомление о файлах cookie">
        <p>Сайт использует только необходимые файлы cookie: для входа и защиты форм. <a href="/cookies">Подробнее</a></p>
        <form method="post" action="/cookies/accept">${csrfInput(frame.csrfToken)}<input type="hidden" name="back" value="${frame.path}"><button type="submit" class="button button--secondary">Понятно</button></form>
      </aside>`}`;
}

export function layout(frame: PageFrame, content: SafeHtml): string {
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} — ${frame.company.name}</title>
<meta name="description" content="${frame.description ?? portalDescription(frame.company.name)}">
<meta property="og:type" content="website">
<meta property="og:locale" content="ru_RU">
<meta property="og:site_name" content="Личный кабинет абонента ${frame.company.name}">
<meta property="og:title" content="${frame.title} — ${frame.company.name}">
<meta property="og:description" content="${frame.description ?? portalDescription(frame.company.name)}">
${frame.refresh ? html`<meta http-equiv="refresh" content="${frame.refresh.seconds}; url=${frame.refresh.url}">` : ''}
<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>
</head>
<body>
${header(frame)}
<main id="main" class="page" tabindex="-1">
${content}
</main>
${footer(frame)}
</body>
</html>`.value;
}
