// The e-mails of the access application: received (with the deadline), approved (login and
// password), rejected (with the reason). Plain text plus a simple HTML twin, in Russian.
// A local helper until shared/mail has common templates; the shape matches enqueueEmail's.
import type { OutgoingEmail } from '../mail/outbox.ts';
import { formatDateRu, type IsoDate } from '../time.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Paragraphs → text with blank lines between them, and the same as <p> in a minimal page. */
function message(kind: string, to: string, subject: string, paragraphs: string[]): OutgoingEmail {
  const body = paragraphs.map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  const html = `<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>\n<body>\n${body}\n</body></html>`;
  return { kind, to, subject, text: `${paragraphs.join('\n\n')}\n`, html };
}

const SIGNATURE = 'Это письмо отправлено автоматически, отвечать на него не нужно.';
const contactLine = (supportPhone: string) =>
  supportPhone ? `Вопросы можно задать в абонентском отделе по телефону ${supportPhone}.` : 'Вопросы можно задать в абонентском отделе.';

export interface ApplicationMailContext {
  to: string;
  fullName: string;
  accountNumber: string;
  company: string;
  supportPhone: string;
}

export function applicationReceivedEmail(o: ApplicationMailContext & { deadlineOn: IsoDate }): OutgoingEmail {
  return message('application.received', o.to, 'Заявка на доступ к личному кабинету получена', [
    `Здравствуйте, ${o.fullName}!`,
    `Мы получили вашу заявку на доступ к личному кабинету абонента ${o.company} по лицевому счёту ${o.accountNumber}.`,
    `Заявка будет рассмотрена до ${formatDateRu(o.deadlineOn)} включительно. Логин и пароль придут на этот адрес; если в доступе будет отказано, мы сообщим причину.`,
    `Если вы не подавали заявку, сообщите об этом в абонентский отдел. ${contactLine(o.supportPhone)}`,
    SIGNATURE,
  ]);
}

export function applicationApprovedEmail(o: ApplicationMailContext & { login: string; password: string }): OutgoingEmail {
  return message('application.approved', o.to, 'Доступ к личному кабинету абонента', [
    `Здравствуйте, ${o.fullName}!`,
    `Ваша заявка одобрена: для лицевого счёта ${o.accountNumber} открыт доступ к личному кабинету абонента ${o.company}.`,
    `Логин: ${o.login}\nПароль: ${o.password}`,
    'При первом входе задайте свой пароль в разделе «Профиль». Никому не сообщайте пароль: сотрудники абонентского отдела его не спрашивают.',
    contactLine(o.supportPhone),
    SIGNATURE,
  ]);
}

export function applicationRejectedEmail(o: ApplicationMailContext & { reason: string }): OutgoingEmail {
  return message('application.rejected', o.to, 'Заявка на доступ к личному кабинету отклонена', [
    `Здравствуйте, ${o.fullName}!`,
    `Ваша заявка на доступ к личному кабинету абонента ${o.company} по лицевому счёту ${o.accountNumber} отклонена.`,
    `Причина: ${o.reason}`,
    `Вы можете подать новую заявку на сайте или обратиться в абонентский отдел с паспортом и последней квитанцией. ${contactLine(o.supportPhone)}`,
    SIGNATURE,
  ]);
}
