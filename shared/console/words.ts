// Words for the codes a clerk sees — statuses, audit actions and their details — shared by the
// console's screens and the server's list exports, so a file says what the screen says. Browser-
// safe: no imports at run time (desktop/renderer/vite.config.ts BROWSER_SAFE_SHARED).
import type { ApplicationStatus, AuditItem, FeedbackStatusView } from './views.ts';

export const APPLICATION_STATUS: Record<ApplicationStatus, string> = {
  new: 'Новая',
  approved: 'Одобрена',
  rejected: 'Отклонена',
};

export const FEEDBACK_STATUS: Record<FeedbackStatusView, string> = { new: 'Новое', answered: 'Отвечено', ignored: 'Без ответа' };

export const ACTOR_TYPE: Record<AuditItem['actorType'], string> = {
  resident: 'Абонент',
  staff: 'Сотрудник',
  system: 'Система',
};

const ACTIONS: Record<string, string> = {
  'staff.sign_in': 'Вход сотрудника',
  'staff.sign_in_failed': 'Неудачный вход сотрудника',
  'staff.sign_in_refused': 'Вход сотрудника отклонён при верном пароле',
  'staff.sign_out': 'Выход сотрудника',
  'staff.password_changed': 'Смена своего пароля',
  'staff.password_change_failed': 'Неудачная смена пароля',
  'staff.list': 'Просмотр списка сотрудников',
  'staff.create': 'Создание сотрудника',
  'staff.update': 'Изменение сотрудника',
  'staff.password_reset': 'Сброс пароля сотрудника',
  'application.submit': 'Подана заявка',
  'application.view': 'Просмотр заявки',
  'application.approve': 'Заявка одобрена',
  'application.reject': 'Заявка отклонена',
  'registration.self': 'Самостоятельная регистрация',
  'password_reset.requested': 'Запрос восстановления пароля',
  'password_reset.completed': 'Пароль восстановлен',
  'resident.view': 'Просмотр карточки абонента',
  'resident.search': 'Поиск абонентов',
  'resident.list_suspicious': 'Просмотр подозрительных',
  'resident.block': 'Блокировка абонента',
  'resident.unblock': 'Разблокировка абонента',
  'resident.unlock': 'Открыт вход после неудачных попыток',
  'resident.password_reissue': 'Новый пароль абоненту',
  'resident.link_account': 'Привязка лицевого счёта',
  'resident.unlink_account': 'Отвязка лицевого счёта',
  'resident.disconnect_account': 'Отключение лицевого счёта',
  'account.search': 'Поиск лицевых счетов',
  'account.view': 'Просмотр лицевого счёта',
  'meter.history': 'Просмотр истории показаний',
  'receipt.reissue': 'Квитанция выдана повторно',
  'audit.view': 'Просмотр журнала',
  'settings.update': 'Изменение настроек',
  'settings.templates': 'Изменение шаблонов ответов',
  'import_mapping.save': 'Сохранение источника для загрузки',
  'import_mapping.delete': 'Удаление источника для загрузки',
  login: 'Вход в личный кабинет',
  logout: 'Выход из личного кабинета',
  'login.locked': 'Вход закрыт после неудачных попыток',
  'profile.contacts_changed': 'Изменены контакты в профиле',
  'profile.notifications_changed': 'Изменены настройки уведомлений',
  'profile.password_changed': 'Абонент сменил пароль',
  'profile.password_change_failed': 'Неудачная смена пароля абонентом',
  'profile.unsubscribed': 'Отписка от уведомлений по ссылке',
  'feedback.submit': 'Сообщение через «Обратную связь»',
  'feedback.list': 'Просмотр обратной связи',
  'request.list': 'Просмотр списка обращений',
  'application.list': 'Просмотр списка заявок',
  'feedback.reply': 'Ответ на сообщение обратной связи',
  'list.export': 'Выгрузка списка в файл',
  'feedback.status': 'Изменено состояние сообщения',
  'request.create': 'Подано обращение',
  'request.view': 'Просмотр обращения',
  'request.photo_view': 'Просмотр фотографии к обращению',
  'request.assign': 'Обращение назначено',
  'request.status': 'Изменено состояние обращения',
  'request.reply': 'Ответ на обращение',
  'request.note': 'Внутренняя заметка к обращению',
  'request.message': 'Сообщение абонента по обращению',
  'payment.start': 'Начата оплата на сайте',
  'payment.link_start': 'Начата оплата по ссылке из квитанции',
  'payment.credit': 'Оплата зачислена',
  'payment.canceled': 'Оплата отменена',
  'payment.expired': 'Оплата не завершена вовремя',
  'payment.mismatch': 'Сумма оплаты не совпала',
  'import.run': 'Загрузка данных биллинга',
  'import.undo': 'Отмена загрузки',
  'export.readings': 'Выгрузка показаний',
  'export.payments': 'Выгрузка оплат',
  'export.download': 'Скачан файл выгрузки',
  'receipts.print': 'Печать квитанций',
  'notice.send': 'Отправлена рассылка',
  'notice.view': 'Просмотр рассылки',
  'reading.submit': 'Переданы показания',
  'reading.correct': 'Исправлены показания',
};

/** Every action code the audit log may show (a test checks the server writes no other). */
export const AUDIT_ACTIONS: readonly string[] = Object.keys(ACTIONS);

/** What an audit row is about, in words. */
export const SUBJECT_TYPE: Readonly<Record<string, string>> = {
  user: 'абонент', application: 'заявка', staff_user: 'сотрудник', import: 'загрузка', export_file: 'файл выгрузки', period: 'период',
  request: 'обращение', feedback: 'сообщение', payment: 'оплата', notice: 'рассылка', account: 'лицевой счёт', import_mapping: 'источник', settings: 'настройки',
};

/** What a row is about, in words: «сотрудник Иванова О. В.», «обращение О-000012», «период 2026-11». */
export function subjectText(type: string | null, id: string | null, name: string | null): string {
  if (!type) return '';
  return `${SUBJECT_TYPE[type] ?? type} ${name ?? id ?? ''}`.trim();
}

/** A readable name for an audit action; unknown ones are shown as stored. */
export function actionName(action: string): string {
  return ACTIONS[action] ?? action;
}

/** The details' keys a clerk reads, in words; others are shown as stored. */
const DETAIL_KEYS: Readonly<Record<string, string>> = {
  reason: 'причина', until: 'до', note: 'комментарий', login: 'логин', userId: 'пользователь', accountId: 'счёт',
  amount: 'сумма', total: 'итого', paid: 'оплачено', charged: 'начислено', fee: 'комиссия',
  kind: 'вид', fileName: 'файл', file: 'файл', counts: 'строк', periods: 'периоды', period: 'период', rows: 'строк',
  status: 'состояние', dryRun: 'пробная', problems: 'ошибок', error: 'ошибка', failures: 'неудачных попыток',
  lockedUntil: 'закрыт до', email: 'e-mail', phone: 'телефон', keys: 'изменены', query: 'запрос', accounts: 'счетов',
  confirmedMismatch: 'подтверждено несовпадение', failedLogins: 'неудачных попыток', reply: 'шаблонов ответа', reject: 'шаблонов отказа',
  list: 'список', format: 'формат', filter: 'отбор', serial: 'счётчик',
};
/** Keys whose numbers are kopecks: shown in roubles. */
const MONEY_KEYS = /^(amount|total|paid|charged|fee|debt|threshold|[a-z]+Kopecks)$/;
const COUNT_WORDS: Readonly<Record<string, string>> = {
  rows: 'всего', inserted: 'добавлено', replaced: 'заменено', unchanged: 'без изменений', removed: 'удалено', bad: 'с ошибками', updated: 'изменено',
};
const MISMATCH_WORDS: Readonly<Record<string, string>> = { number: 'номер счёта', surname: 'фамилия', address: 'адрес' };

/** Audit details as «ключ: значение; …»; `instant` writes epoch ms under a time-like key (in the company's zone). */
export function detailsText(details: Record<string, unknown> | null, instant: (ms: number) => string): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([key, value]) => `${DETAIL_KEYS[key] ?? key}: ${detailValue(key, value, instant)}`)
    .join('; ');
}

function detailValue(key: string, value: unknown, instant: (ms: number) => string): string {
  if (typeof value === 'number' && /(^at$|At$|^until$|Until$)/.test(key) && value > 1e11) return instant(value);
  if (typeof value === 'number' && MONEY_KEYS.test(key)) return formatMoney(value);
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (value === null) return '—';
  if (key === 'confirmedMismatch' && Array.isArray(value)) return value.map((v) => MISMATCH_WORDS[String(v)] ?? String(v)).join(', ');
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${COUNT_WORDS[k] ?? DETAIL_KEYS[k] ?? k} ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const rubles = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Kopecks as «1 234,56 ₽» (integer arithmetic: the division is only for display). */
export function formatMoney(kopecks: number): string {
  return `${rubles.format(kopecks / 100)} ₽`;
}
