// How the console shows dates, names of statuses and the like. Dates are shown in the company's
// time zone whatever the clerk's computer is set to.
import type { AccountMatch, CompanySettingsView, FiscalSettingsView } from '../../../shared/console/views.ts';
import type { StaffRole } from '../../../shared/console/command.ts';
import type { DisconnectReason } from './calls.ts';
import { detailsText as auditDetailsText } from '../../../shared/console/words.ts';

export { ACTOR_TYPE, APPLICATION_STATUS, AUDIT_ACTIONS, FEEDBACK_STATUS, SUBJECT_TYPE, actionName, formatMoney, subjectText } from '../../../shared/console/words.ts';

/** Audit details in words, instants in the company's zone. */
export const detailsText = (details: Record<string, unknown> | null): string => auditDetailsText(details, formatInstant);

/**
 * The company's time zone (the server's TIME_ZONE), which sign-in tells the console; clerks work
 * in the company's town whatever their computer is set to. Moscow until then.
 */
let zone = 'Europe/Moscow';
let dateTime = instantFormatter(zone);

function instantFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Switches every date shown to the company's zone; an unknown zone name is ignored. */
export function setTimeZone(timeZone: string): void {
  if (timeZone === zone) return;
  try {
    dateTime = instantFormatter(timeZone);
    zone = timeZone;
  } catch {
    // Intl does not know it: keep showing dates in the zone we had.
  }
}

export function currentTimeZone(): string {
  return zone;
}
const dateOnly = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });

/** An instant (epoch ms) as «05.03.2026, 14:07» in the company's zone. */
export function formatInstant(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : dateTime.format(ms);
}

/** A calendar date 'YYYY-MM-DD' as «05.03.2026» (a date has no zone: read it as UTC). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? date : dateOnly.format(ms);
}

export const ROLE: Record<StaffRole, string> = {
  operator: 'Оператор',
  administrator: 'Администратор',
};

export const MATCH: Record<AccountMatch['matched'][number], string> = {
  number: 'лицевой счёт',
  surname: 'фамилия',
  address: 'адрес',
  passport: 'паспорт',
};

/** Why a sign-in failed (login_attempts.reason), in a clerk's words. */
export const SIGN_IN_FAILURE: Readonly<Record<string, string>> = {
  bad_password: 'неверный пароль',
  unknown_login: 'нет такого логина',
  locked: 'вход был закрыт после неудачных попыток',
  blocked: 'заблокирован сотрудником',
  ip_throttled: 'слишком много попыток с этого адреса',
};

/** A sign-in failure's reason in words; an unknown code is shown as it is rather than hidden. */
export const signInFailure = (reason: string | null): string => (reason === null ? '' : (SIGN_IN_FAILURE[reason] ?? reason));

export const DISCONNECT_REASON: Record<DisconnectReason, string> = {
  request: 'По заявлению абонента',
  owner_change: 'Смена собственника',
};

export const REGISTRATION_MODE: Record<CompanySettingsView['registrationMode'], string> = {
  receipt_amount: 'По сумме из последней квитанции',
  passport: 'По паспортным данным',
  application_only: 'Только по заявке, с проверкой сотрудником',
};

export const PAYMENT_PROVIDER: Record<CompanySettingsView['payments']['provider'], string> = {
  yookassa: 'ЮKassa (банковские карты, СБП)',
  sandbox: 'Тестовый режим (без банка, деньги не списываются)',
  none: 'Не принимать оплату картой',
};

export const RECEIPT_ISSUER: Record<FiscalSettingsView['issuer'], string> = {
  yookassa: '«Чеки от ЮKassa» (чек уходит только на e-mail)',
  cash_register: 'Своя онлайн-касса, подключённая в ЮKassa (e-mail или телефон)',
};

/** ЮKassa's vat_code table. */
export const VAT_CODE: Record<number, string> = {
  1: 'Без НДС', 2: 'НДС 0%', 3: 'НДС 10%', 4: 'НДС 20%', 5: 'НДС 10/110', 6: 'НДС 20/120', 7: 'НДС 5%', 8: 'НДС 7%', 9: 'НДС 5/105', 10: 'НДС 7/107',
};

/** ЮKassa's tax_system_code table. */
export const TAX_SYSTEM: Record<number, string> = {
  1: 'Общая (ОСН)', 2: 'Упрощённая, доходы', 3: 'Упрощённая, доходы минус расходы', 4: 'ЕНВД', 5: 'ЕСХН', 6: 'Патентная',
};

export const PAYMENT_SUBJECT: Record<FiscalSettingsView['paymentSubject'], string> = {
  service: 'Услуга',
  payment: 'Платёж',
};

export const PAYMENT_MODE: Record<FiscalSettingsView['paymentMode'], string> = {
  full_payment: 'Полный расчёт',
  full_prepayment: 'Полная предоплата',
  advance: 'Аванс',
};

/** Numbers of items as «1–50 из 132». */
export function rangeText(page: number, size: number, shown: number, total: number): string {
  if (total === 0) return 'Ничего не найдено';
  const first = (page - 1) * size + 1;
  const last = first + shown - 1;
  // A row written between the count and the read must not make «1–13 из 12».
  return `${first}–${last} из ${Math.max(total, last)}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (DST included). */
function offsetAt(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant the zone's clock shows `wall` (a wall-clock time written as if it were UTC). */
function instantOfWallClock(wall: number): number {
  const first = wall - offsetAt(wall);
  // Once more at the guess: right across a daylight-saving change too.
  return wall - offsetAt(first);
}

/** The instant a block chosen «до 15.03.2026 включительно» ends: midnight after that day in the company's zone. */
export function endOfDayInstant(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const day = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(day) ? null : instantOfWallClock(day + DAY_MS);
}

/** Today in the company's zone as 'YYYY-MM-DD' (the earliest day a block may run to). */
export function todayInZone(now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}


const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

/** A period 'YYYY-MM' as «ноябрь 2026». */
export function formatPeriod(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${month} ${match[1]}` : period;
}

/** The period of a day in the company's zone, 'YYYY-MM'. */
export function periodInZone(now = Date.now()): string {
  return todayInZone(now).slice(0, 7);
}

/** A file size as «12,3 КБ». */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  const units = ['КБ', 'МБ', 'ГБ'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} ${units[unit]}`;
}

/** «3 обращения», «5 обращений»: the Russian plural by the number. */
export function plural(count: number, one: string, few: string, many: string): string {
  const tens = count % 100;
  const units = count % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

/** Minutes as «2 ч 05 мин» / «45 мин». */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return `${Math.floor(hours / 24)} дн ${hours % 24} ч`;
  return `${hours} ч ${String(minutes % 60).padStart(2, '0')} мин`;
}
