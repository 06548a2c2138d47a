// The e-mails of the access application: received (with the deadline), approved (login and
// password), rejected (with the reason). Text and HTML from shared/mail/templates.ts.
import type { OutgoingEmail } from '../mail/outbox.ts';
import { renderEmail } from '../mail/templates.ts';
import type { CompanyInfo } from '../settings/company-info.ts';
import { formatDateRu, type IsoDate } from '../time.ts';

export interface ApplicationMailContext {
  to: string;
  fullName: string;
  accountNumber: string;
  company: CompanyInfo;
  /** The site's public address (config.publicUrl), for the sign-in and application links. */
  siteUrl: string;
}

export function applicationReceivedEmail(o: ApplicationMailContext & { deadlineOn: IsoDate }): OutgoingEmail {
  return {
    kind: 'application.received',
    to: o.to,
    ...renderEmail({
      title: 'Заявка на доступ к личному кабинету получена',
      greeting: `Здравствуйте, ${o.fullName}!`,
      paragraphs: [
        `Мы получили вашу заявку на доступ к личному кабинету абонента ${o.company.name} по лицевому счёту ${o.accountNumber}.`,
        `Заявка будет рассмотрена до ${formatDateRu(o.deadlineOn)} включительно. Логин и пароль придут на этот адрес; если в доступе будет отказано, мы сообщим причину.`,
        'Если вы не подавали заявку, сообщите об этом в абонентский отдел.',
      ],
    }, o.company),
  };
}

export function applicationApprovedEmail(o: ApplicationMailContext & { login: string; password: string }): OutgoingEmail {
  return {
    kind: 'application.approved',
    to: o.to,
    ...renderEmail({
      title: 'Доступ к личному кабинету абонента',
      greeting: `Здравствуйте, ${o.fullName}!`,
      paragraphs: [
        `Ваша заявка одобрена: для лицевого счёта ${o.accountNumber} открыт доступ к личному кабинету абонента ${o.company.name}.`,
        'При первом входе задайте свой пароль. Никому не сообщайте пароль: сотрудники абонентского отдела его не спрашивают.',
      ],
      details: [['Логин', o.login], ['Пароль', o.password]],
      action: { label: 'Войти в личный кабинет', url: `${o.siteUrl}/login` },
    }, o.company),
  };
}

export function applicationRejectedEmail(o: ApplicationMailContext & { reason: string }): OutgoingEmail {
  return {
    kind: 'application.rejected',
    to: o.to,
    ...renderEmail({
      title: 'Заявка на доступ к личному кабинету отклонена',
      greeting: `Здравствуйте, ${o.fullName}!`,
      paragraphs: [
        `Ваша заявка на доступ к личному кабинету абонента ${o.company.name} по лицевому счёту ${o.accountNumber} отклонена.`,
        `Причина: ${o.reason}`,
        'Вы можете подать новую заявку или обратиться в абонентский отдел с паспортом и последней квитанцией.',
      ],
      action: { label: 'Подать новую заявку', url: `${o.siteUrl}/apply` },
    }, o.company),
  };
}
