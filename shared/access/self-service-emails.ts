// The e-mails of self-service access: the password of a new login, a password-reset link, and
// the notice that the password was changed. Plain text and HTML from shared/mail/templates.ts.
import type { OutgoingEmail } from '../mail/outbox.ts';
import { renderEmail } from '../mail/templates.ts';
import type { CompanyInfo } from '../settings/company-info.ts';

export function registrationPasswordEmail(o: { to: string; login: string; password: string; siteUrl: string; company: CompanyInfo }): OutgoingEmail {
  return {
    kind: 'registration.password',
    to: o.to,
    ...renderEmail({
      title: 'Доступ к личному кабинету абонента',
      paragraphs: [
        `Для вашего лицевого счёта создан вход в личный кабинет ${o.company.name}.`,
        'После первого входа задайте свой пароль в разделе «Профиль». Если вы не регистрировались, сообщите в абонентский отдел.',
      ],
      details: [['Логин', o.login], ['Пароль', o.password]],
      action: { label: 'Войти в личный кабинет', url: `${o.siteUrl}/login` },
    }, o.company),
  };
}

export function passwordResetEmail(o: { to: string; login: string; link: string; validMinutes: number; company: CompanyInfo }): OutgoingEmail {
  return {
    kind: 'password.reset',
    to: o.to,
    ...renderEmail({
      title: 'Смена пароля в личном кабинете',
      paragraphs: [
        `Кто-то, возможно вы, попросил сменить пароль для входа в личный кабинет ${o.company.name} (логин ${o.login}).`,
        `Чтобы задать новый пароль, откройте ссылку в течение ${o.validMinutes} минут. Ссылка действует один раз.`,
        'Если вы не просили сменить пароль, просто не открывайте ссылку: ваш пароль останется прежним.',
      ],
      action: { label: 'Задать новый пароль', url: o.link },
    }, o.company),
  };
}

export function passwordChangedEmail(o: { to: string; login: string; at: string; company: CompanyInfo }): OutgoingEmail {
  return {
    kind: 'password.changed',
    to: o.to,
    ...renderEmail({
      title: 'Пароль изменён',
      paragraphs: [
        `${o.at} пароль для входа в личный кабинет ${o.company.name} (логин ${o.login}) изменён по ссылке из письма. Вход на всех устройствах завершён.`,
        'Если это были не вы, срочно обратитесь в абонентский отдел.',
      ],
    }, o.company),
  };
}
