// The letter a resident gets when wrong passwords close their sign-in for a while: the owner
// learns of someone else's guessing at once, and how to get back in without waiting.
import type { OutgoingEmail } from '../mail/outbox.ts';
import { renderEmail } from '../mail/templates.ts';
import type { CompanyInfo } from '../settings/company-info.ts';
import { FORGOT_PASSWORD_PATH, OFFICE } from '../vocabulary.ts';

export function signInLockedEmail(o: {
  to: string;
  login: string;
  /** When it happened and until when, already in the company's time zone. */
  at: string;
  until: string;
  ip: string;
  /** The site's address for the «Забыли пароль?» button; none: the page is named in words. */
  siteUrl?: string;
  company: CompanyInfo;
}): OutgoingEmail {
  return {
    kind: 'login.locked',
    to: o.to,
    ...renderEmail({
      title: 'Вход в личный кабинет временно закрыт',
      paragraphs: [
        `${o.at} в личный кабинет ${o.company.name} (логин ${o.login}) несколько раз подряд пытались войти с неверным паролем. Вход с того устройства закрыт до ${o.until}; с других устройств вход открыт.`,
        `Если это были вы, подождите до указанного времени или задайте новый пароль на странице «Забыли пароль?» (${FORGOT_PASSWORD_PATH}).`,
        `Если это были не вы, смените пароль и сообщите в ${OFFICE.accusative}.`,
      ],
      details: [['Логин', o.login], ['IP-адрес', o.ip]],
      ...(o.siteUrl ? { action: { label: 'Задать новый пароль', url: `${o.siteUrl}${FORGOT_PASSWORD_PATH}` } } : {}),
    }, o.company),
  };
}
