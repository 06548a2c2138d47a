// A notification e-mail: the usual frame (shared/mail/templates.ts) plus, above the company's
// footer, why the resident gets it, a one-click unsubscribe link for this kind and a link to
// the profile where every kind and channel is chosen.
import { escapeHtml, htmlLayout, textFooter } from '../mail/layout.ts';
import { renderEmail, type EmailContent, type RenderedEmail } from '../mail/templates.ts';
import type { CompanyInfo } from '../settings/company-info.ts';
import { NOTIFICATION_KIND_LABELS, type MessageKind } from './kinds.ts';

export interface NotificationLinks {
  unsubscribeUrl: string;
  profileUrl: string;
}

function reason(kind: MessageKind): { why: string; off: string } {
  if (kind === 'general') {
    return {
      why: 'Вы получили это письмо, потому что получаете уведомления личного кабинета по электронной почте.',
      off: 'Отключить все уведомления по электронной почте',
    };
  }
  return {
    why: `Вы получили это письмо, потому что включили уведомления «${NOTIFICATION_KIND_LABELS[kind]}» по электронной почте.`,
    off: 'Отписаться от таких писем',
  };
}

export function renderNotificationEmail(kind: MessageKind, content: EmailContent, company: CompanyInfo, links: NotificationLinks): RenderedEmail {
  const rendered = renderEmail(content, company);
  const { why, off } = reason(kind);

  const footer = `${textFooter(company)}\n`;
  const note = `${why}\n${off}: ${links.unsubscribeUrl}\nВсе настройки уведомлений: ${links.profileUrl}`;
  const text = rendered.text.endsWith(footer)
    ? `${rendered.text.slice(0, -footer.length)}${note}\n\n${footer}`
    : `${rendered.text}\n${note}\n`;

  // The body renderEmail made sits where a marker sits in the bare layout: put the note after it.
  const marker = '\u0000body\u0000';
  const [before, after] = htmlLayout(content.title, marker, company).split(marker) as [string, string];
  const small = 'margin:24px 0 0;font-size:13px;color:#52606d;';
  const noteHtml = `<p style="${small}">${escapeHtml(why)}<br><a href="${escapeHtml(links.unsubscribeUrl)}" style="color:#1d4ed8;">${escapeHtml(off)}</a> · <a href="${escapeHtml(links.profileUrl)}" style="color:#1d4ed8;">Все настройки уведомлений</a></p>`;
  const html =
    rendered.html.startsWith(before) && rendered.html.endsWith(after)
      ? `${rendered.html.slice(0, rendered.html.length - after.length)}\n${noteHtml}${after}`
      : rendered.html.replace('</body>', `${noteHtml}\n</body>`);
  return { subject: rendered.subject, text, html };
}
