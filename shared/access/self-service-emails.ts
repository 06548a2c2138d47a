// The e-mails of self-service access: the password of a new login, a password-reset link, and
// the notice that the password was changed. Plain text plus a simple HTML twin, in Russian.
import type { OutgoingEmail } from '../mail/outbox.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Paragraphs → text with blank lines between them, and the same as <p> in a minimal page. */
function message(kind: string, to: string, subject: string, paragraphs: (string | { link: string })[]): OutgoingEmail {
  const text = paragraphs.map((p) => (typeof p === 'string' ? p : p.link)).join('\n\n');
  const body = paragraphs
    .map((p) => (typeof p === 'string' ? `<p>${esc(p).replace(/\n/g, '<br>')}</p>` : `<p><a href="${esc(p.link)}">${esc(p.link)}</a></p>`))
    .join('\n');
  const html = `<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>\n<body>\n${body}\n</body></html>`;
  return { kind, to, subject, text: `${text}\n`, html };
}

const SIGNATURE = 'Это письмо отправлено автоматически, отвечать на него не нужно.';

export function registrationPasswordEmail(o: { to: string; login: string; password: string; siteUrl: string; company: string }): OutgoingEmail {
  return message('registration.password', o.to, 'Доступ к личному кабинету абонента', [
    'Здравствуйте!',
    `Для вашего лицевого счёта создан вход в личный кабинет ${o.company}.`,
    `Логин: ${o.login}\nПароль: ${o.password}`,
    'Войти можно по ссылке:',
    { link: `${o.siteUrl}/login` },
    'После первого входа задайте свой пароль в разделе «Профиль». Если вы не регистрировались, сообщите в абонентский отдел.',
    SIGNATURE,
  ]);
}

export function passwordResetEmail(o: { to: string; login: string; link: string; validMinutes: number; company: string }): OutgoingEmail {
  return message('password.reset', o.to, 'Смена пароля в личном кабинете', [
    'Здравствуйте!',
    `Кто-то, возможно вы, попросил сменить пароль для входа в личный кабинет ${o.company} (логин ${o.login}).`,
    `Чтобы задать новый пароль, откройте ссылку в течение ${o.validMinutes} минут. Ссылка действует один раз:`,
    { link: o.link },
    'Если вы не просили сменить пароль, просто не открывайте ссылку: ваш пароль останется прежним.',
    SIGNATURE,
  ]);
}

export function passwordChangedEmail(o: { to: string; login: string; at: string; company: string }): OutgoingEmail {
  return message('password.changed', o.to, 'Пароль изменён', [
    'Здравствуйте!',
    `${o.at} пароль для входа в личный кабинет ${o.company} (логин ${o.login}) изменён по ссылке из письма. Вход на всех устройствах завершён.`,
    'Если это были не вы, срочно обратитесь в абонентский отдел.',
    SIGNATURE,
  ]);
}
