// Russian e-mail in plain text and HTML from one description, so both parts always say the same.
// Usage, inside the transaction of the change the message reports:
//
//   const company = await loadCompanyInfo(trx);
//   await enqueueEmail(trx, {
//     kind: 'application.approved',
//     to: application.email,
//     ...renderEmail({
//       title: 'Заявка на доступ одобрена',
//       paragraphs: ['Ваша заявка на доступ к личному кабинету одобрена.'],
//       details: [['Лицевой счёт', '00011008'], ['Логин', '00011008']],
//       action: { label: 'Войти в личный кабинет', url: 'https://lk.example.ru/login' },
//     }, company),
//   });
import type { CompanyInfo } from '../settings/company-info.ts';
import { escapeHtml, htmlLayout, textFooter } from './layout.ts';

export interface EmailContent {
  /** The subject and the heading, e.g. «Заявка на доступ одобрена». */
  title: string;
  /** Default «Здравствуйте!». */
  greeting?: string;
  paragraphs: string[];
  /** Label and value lines, e.g. ['Лицевой счёт', '00011008']. */
  details?: [label: string, value: string][];
  /** A button in HTML, a labelled address in text; http(s) only. */
  action?: { label: string; url: string };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(content: EmailContent, company: CompanyInfo): RenderedEmail {
  if (content.action && !/^https?:\/\//i.test(content.action.url)) {
    throw new Error(`E-mail link must be an absolute http(s) URL: ${content.action.url}`);
  }
  const greeting = content.greeting ?? 'Здравствуйте!';
  return {
    subject: content.title.replace(/\s+/g, ' ').trim(),
    text: renderText(content, greeting, company),
    html: htmlLayout(content.title, renderHtmlBody(content, greeting), company),
  };
}

function renderText(content: EmailContent, greeting: string, company: CompanyInfo): string {
  const blocks = [greeting, ...content.paragraphs];
  if (content.details?.length) blocks.push(content.details.map(([label, value]) => `${label}: ${value}`).join('\n'));
  if (content.action) blocks.push(`${content.action.label}:\n${content.action.url}`);
  return `${blocks.join('\n\n')}\n\n${textFooter(company)}\n`;
}

function renderHtmlBody(content: EmailContent, greeting: string): string {
  const p = (text: string) => `<p style="margin:0 0 12px;">${escapeHtml(text)}</p>`;
  const parts = [p(greeting), ...content.paragraphs.map(p)];
  if (content.details?.length) {
    const rows = content.details
      .map(([label, value]) => `<tr><td style="padding:4px 16px 4px 0;color:#52606d;">${escapeHtml(label)}</td><td style="padding:4px 0;font-weight:bold;">${escapeHtml(value)}</td></tr>`)
      .join('\n');
    parts.push(`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:4px 0 16px;">\n${rows}\n</table>`);
  }
  if (content.action) {
    const href = escapeHtml(content.action.url);
    parts.push(
      `<p style="margin:16px 0;"><a href="${href}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${escapeHtml(content.action.label)}</a></p>`,
      `<p style="margin:0 0 12px;font-size:13px;color:#52606d;">Если кнопка не открывается, скопируйте адрес в браузер:<br>${href}</p>`,
    );
  }
  return parts.join('\n');
}
