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
}

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

export function newReceiptMessage(period: Period, accounts: AccountLine[], siteUrl: string): { email: EmailContent; sms: string } {
  const due = (a: AccountLine) => (a.dueDate ? ` до ${formatDateRu(a.dueDate)}` : '');
  return {
    email: {
      title: `Квитанция за ${formatPeriodRu(period)} готова`,
      paragraphs: [`Квитанция за ${formatPeriodRu(period)} готова. Её можно посмотреть, скачать и оплатить в личном кабинете.`],
      details: accounts.map((a) => [`Лицевой счёт ${a.number}`, (a.amount ?? 0) > 0 ? `к оплате ${formatRubles(a.amount ?? 0)}${due(a)}` : 'к оплате 0,00 ₽']),
      action: { label: 'Открыть квитанцию', url: `${siteUrl}/charges` },
    },
    sms: `Квитанция за ${period.slice(5, 7)}.${period.slice(0, 4)} готова: ${accounts.map((a) => `л/с ${a.number} ${formatRubles(Math.max(0, a.amount ?? 0))}`).join(', ')}.`,
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
