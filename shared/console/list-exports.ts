// A console list, as filtered and sorted on the screen, written to a CSV or XLSX file: the same
// rows (the list's own read, in windows: shared/lists/windows.ts) under the screen's column
// headers, with the screen's words for codes (words.ts). Each export is audited: the files carry
// residents' personal data out of the system.
import type { z } from 'zod';
import { applicationRows, type ApplicationListInput } from '../access/applications.ts';
import { auditRows, newestAuditId, resolveAuditQuery } from '../admin/audit-log.ts';
import type { auditQuerySchema } from '../admin/schemas.ts';
import { auditStaffAction, type AdminContext } from '../admin/context.ts';
import { zonedClock, type ZonedClock } from '../export/clock.ts';
import type { ExportColumn, ExportRow } from '../export/table.ts';
import { feedbackRows, type FeedbackListInput } from '../requests/feedback.ts';
import { requestRows, type RequestListInput } from '../requests/staff.ts';
import { windowsOf } from '../lists/windows.ts';
import type { ApplicationListItem, AuditItem, FeedbackItem, RequestListItem } from './views.ts';
import { ACTOR_TYPE, APPLICATION_STATUS, FEEDBACK_STATUS, actionName, detailsText, subjectText } from './words.ts';

/** The lists a clerk can export, as the audit log and the file names call them. */
export const EXPORTED_LISTS = {
  requests: 'Обращения',
  applications: 'Заявки на доступ',
  feedback: 'Сообщения',
  audit: 'Журнал действий',
} as const;
export type ExportedList = keyof typeof EXPORTED_LISTS;

export interface ListExport<T> {
  columns: readonly ExportColumn[];
  /** The list's rows in windows, as filtered and sorted. */
  windows: AsyncIterable<T[]>;
  row(item: T): ExportRow;
}

const text = (name: string, title: string, width: number, repeats = false): ExportColumn => ({ name, title, type: 'text', width, ...(repeats ? { repeats } : {}) });
const when = (name: string, title: string): ExportColumn => ({ name, title, type: 'datetime', width: 20 });

export function requestsExport(ctx: AdminContext, filter: RequestListInput): ListExport<RequestListItem> {
  const clock = zonedClock(ctx.config.timeZone);
  return {
    columns: [
      text('number', 'Номер', 12), text('category', 'Тема', 30, true), text('text', 'Текст', 60), text('account', 'Лицевой счёт', 14),
      text('address', 'Адрес', 50), text('resident', 'Абонент', 30), text('phone', 'Телефон', 16), when('created_at', 'Поступило'),
      text('status', 'Состояние', 14, true), text('assigned', 'Исполнитель', 24, true), text('response', 'Время ответа', 14),
    ],
    windows: windowsOf((limit, offset) => requestRows(ctx, filter, limit, offset)),
    row: (r) => [
      r.number, r.categoryLabel, r.excerpt, r.accountNumber, r.address, r.residentName, r.contactPhone, clock.dateTime(r.createdAt),
      r.statusLabel, r.assignedTo?.fullName ?? null, r.responseText,
    ],
  };
}

export function applicationsExport(ctx: AdminContext, filter: ApplicationListInput): ListExport<ApplicationListItem> {
  const clock = zonedClock(ctx.config.timeZone);
  return {
    columns: [
      when('created_at', 'Поступила'), text('name', 'ФИО', 30), text('account', 'Лицевой счёт', 14), text('address', 'Адрес', 50),
      text('email', 'E-mail', 28), text('status', 'Состояние', 12, true), { name: 'deadline_on', title: 'Срок', type: 'date', width: 12 },
      text('overdue', 'Просрочена', 10, true), { name: 'same_account', title: 'Других заявок на счёт', type: 'integer', width: 10 },
    ],
    windows: windowsOf((limit, offset) => applicationRows(ctx, filter, limit, offset)),
    row: (a) => [
      clock.dateTime(a.createdAt), a.fullName, a.accountNumber, a.address, a.email, APPLICATION_STATUS[a.status], a.deadlineOn,
      a.overdue ? 'да' : 'нет', a.sameAccountOpen,
    ],
  };
}

export function feedbackExport(ctx: AdminContext, filter: FeedbackListInput): ListExport<FeedbackItem> {
  const clock = zonedClock(ctx.config.timeZone);
  return {
    columns: [
      when('created_at', 'Поступило'), text('name', 'Имя', 30), text('email', 'E-mail', 28), text('phone', 'Телефон', 16),
      text('topic', 'Тема', 24, true), text('body', 'Текст', 60), text('status', 'Состояние', 12, true), text('reply', 'Ответ', 60),
      text('answered_by', 'Ответил', 24, true),
    ],
    windows: windowsOf((limit, offset) => feedbackRows(ctx.db, filter, limit, offset)),
    row: (f) => [
      clock.dateTime(f.createdAt), f.name, f.email, f.phone, f.topicLabel, f.body, FEEDBACK_STATUS[f.status], f.reply, f.answeredBy,
    ],
  };
}

export async function auditExport(ctx: AdminContext, asked: z.output<typeof auditQuerySchema>): Promise<ListExport<AuditItem>> {
  const clock: ZonedClock = zonedClock(ctx.config.timeZone);
  const query = await resolveAuditQuery(ctx.db, asked);
  const upTo = await newestAuditId(ctx.db);
  return {
    columns: [
      when('at', 'Когда'), text('actor_type', 'Кто', 12, true), text('actor', 'Имя', 30, true), text('action', 'Действие', 40, true),
      text('subject', 'Предмет', 24), text('account', 'Лицевой счёт', 14), text('details', 'Подробности', 80), text('ip', 'Адрес', 16),
    ],
    windows: windowsOf((limit, offset) => auditRows(ctx, query, upTo, limit, offset)),
    row: (l) => [
      clock.dateTime(l.at), ACTOR_TYPE[l.actorType], l.actorName, actionName(l.action),
      subjectText(l.subjectType, l.subjectId, l.subjectName) || null,
      l.accountNumber, detailsText(l.details, (ms) => clock.dateTime(ms)) || null, l.ip,
    ],
  };
}

/** The audit row of an export: which list, its filter, the format and how many rows left. */
export function auditListExport(ctx: AdminContext, list: ExportedList, filter: object, format: string, rows: number): Promise<void> {
  return auditStaffAction(ctx.db, ctx, { action: 'list.export', details: { list: EXPORTED_LISTS[list], format, rows, filter } });
}
