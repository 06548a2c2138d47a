// The frame every message shares: the company's name on top, its support contacts at the bottom.
// HTML mail gets inline styles and a single-column table (what mail programs render reliably).
import type { CompanyInfo } from '../settings/company-info.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const AUTOMATIC = 'Письмо отправлено автоматически из личного кабинета абонента.';

function contactLines(company: CompanyInfo): string[] {
  return [
    company.supportPhone && `Телефон: ${company.supportPhone}`,
    company.supportEmail && `Эл. почта: ${company.supportEmail}`,
    company.emergencyPhone && `Аварийно-диспетчерская служба: ${company.emergencyPhone}`,
  ].filter((line): line is string => Boolean(line));
}

export function textFooter(company: CompanyInfo): string {
  // "-- " is the signature separator mail programs recognise.
  return ['-- ', company.name, ...contactLines(company), AUTOMATIC].join('\n');
}

/** A whole HTML document around `bodyHtml` (already escaped markup). */
export function htmlLayout(title: string, bodyHtml: string, company: CompanyInfo): string {
  const contacts = contactLines(company)
    .map((line) => `<br>${escapeHtml(line)}`)
    .join('');
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:6px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2933;">
<tr><td style="padding:16px 24px;border-bottom:3px solid #1d4ed8;font-weight:bold;">${escapeHtml(company.name)}</td></tr>
<tr><td style="padding:24px;">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;">${escapeHtml(title)}</h1>
${bodyHtml}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:13px;color:#52606d;">${escapeHtml(company.name)}${contacts}<br>${escapeHtml(AUTOMATIC)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
