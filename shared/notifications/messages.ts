// What the scheduled notifications say, by e-mail and by SMS (an SMS stays within two
// messages: 134 Cyrillic characters, 67 each).
import type { EmailContent } from '../mail/templates.ts';
import { formatRubles } from '../money.ts';
import { formatPeriodRu, type Period } from '../period.ts';
import { formatDateRu, type IsoDate } from '../time.ts';

export interface AccountLine {
  number: string;
  address: string;
  /** Kopecks, where the message is about money. */
  amount?: number;
  dueDate?: IsoDate | null;
  /** The receipt's «Оплатить онлайн» link (shared/payments/pay-link.ts), on receipt messages. */
  payUrl?: string;
}

/** Two SMS messages of Cyrillic text (see the top of the file). */
export const SMS_MAX = 134;

const ddmm = (date: IsoDate) => formatDateRu(date).slice(0, 5);
const numbers = (accounts: AccountLine[]) => accounts.map((a) => a.number).join(', ');

export function readingsOpenMessage(window: { start: IsoDate; end: IsoDate }, siteUrl: string): { email: EmailContent; sms: string } {
  return {
    email: {
      title: 'Открыт приём показаний счётчиков',
      paragraphs: [
        `С ${formatDateRu(window.start)} по ${formatDateRu(window.end)} передайте показания счётчиков в личном кабинете.`,
        'Если показания не переданы, начисление за месяц будет сделано по среднему потреблению.',
      ],
      action: { label: 'Передать показания', url: `${siteUrl}/meters` },
    },
    sms: `Открыт приём показаний счётчиков до ${ddmm(window.end)}. Передайте их в личном кабинете.`,
  };
}

export function readingsClosingMessage(end: IsoDate, period: Period, accounts: AccountLine[], siteUrl: string): { email: EmailContent; sms: string } {
  return {
    email: {
      title: 'Завтра последний день приёма показаний',
      paragraphs: [
        `Завтра, ${formatDateRu(end)}, последний день приёма показаний счётчиков за ${formatPeriodRu(period)}.`,
        'Мы ещё не получили показания по лицевым счетам:',
      ],
      details: accounts.map((a) => [`Лицевой счёт ${a.number}`, a.address]),
      action: { label: 'Передать показания', url: `${siteUrl}/meters` },
    },
    sms: `Завтра (${ddmm(end)}) последний день приёма показаний. Не переданы по л/с ${numbers(accounts)}.`,
  };
}

/**
 * The new receipt. Each account's pay link (valid until the next receipt) lets the resident pay
 * without signing in: the button when there is one account, a line per account when several.
 * The SMS carries the links while they fit in two messages, else it points to the cabinet.
 */
export function newReceiptMessage(period: Period, accounts: AccountLine[], siteUrl: string): { email: EmailContent; sms: string } {
  const due = (a: AccountLine) => (a.dueDate ? ` до ${formatDateRu(a.dueDate)}` : '');
  const linked = accounts.filter((a) => a.payUrl);
  const single = accounts.length === 1 ? accounts[0]?.payUrl : undefined;
  const details: [string, string][] = accounts.flatMap((a): [string, string][] => [
    [`Лицевой счёт ${a.number}`, (a.amount ?? 0) > 0 ? `к оплате ${formatRubles(a.amount ?? 0)}${due(a)}` : 'к оплате 0,00 ₽'],
    ...(a.payUrl && !single ? [['Оплатить онлайн', a.payUrl] as [string, string]] : []),
  ]);
  const amounts = accounts.map((a) => `л/с ${a.number} ${formatRubles(Math.max(0, a.amount ?? 0))}`).join(', ');
  const month = `${period.slice(5, 7)}.${period.slice(0, 4)}`;
  const withLinks = `Квитанция за ${month}: ${amounts}. Оплатить: ${linked.map((a) => a.payUrl).join(' ')}`;
  return {
    email: {
      title: `Квитанция за ${formatPeriodRu(period)} готова`,
      paragraphs: [
        `Квитанция за ${formatPeriodRu(period)} готова. Её можно посмотреть и скачать в личном кабинете.`,
        ...(linked.length > 0 ? ['Оплатить онлайн можно и без входа в личный кабинет — по ссылке из этого письма. Ссылка действует до следующей квитанции.'] : []),
      ],
      details,
      action: single ? { label: 'Оплатить онлайн', url: single } : { label: 'Открыть квитанцию', url: `${siteUrl}/charges` },
    },
    sms: linked.length > 0 && withLinks.length <= SMS_MAX ? withLinks : `Квитанция за ${month} готова: ${amounts}.`,
  };
}

export function debtMessage(period: Period, accounts: AccountLine[], siteUrl: string): { email: EmailContent; sms: string } {
  return {
    email: {
      title: 'Задолженность за жилищно-коммунальные услуги',
      paragraphs: [
        `Срок оплаты квитанции за ${formatPeriodRu(period)} прошёл. По нашим данным, не оплачено:`,
        'Если вы уже оплатили, не обращайте внимания на это письмо: платёж учитывается в течение нескольких дней.',
      ],
      details: accounts.map((a) => [`Лицевой счёт ${a.number}`, formatRubles(a.amount ?? 0)]),
      action: { label: 'Оплатить', url: `${siteUrl}/pay` },
    },
    sms: `Задолженность по л/с ${accounts.map((a) => `${a.number}: ${formatRubles(a.amount ?? 0)}`).join(', ')}. Оплатить можно в личном кабинете.`,
  };
}
