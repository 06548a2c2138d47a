// Input schemas of the console's resident and audit commands (settings: company-settings.ts).
// Messages are Russian: the console shows them beside the fields.
import { z } from 'zod';
import { sortSchema } from '../lists/sort.ts';
import { isIsoDate } from '../time.ts';

const id = (what: string) => z.number({ error: `Не указан ${what}` }).int(`Не указан ${what}`).positive(`Не указан ${what}`);
const userId = id('пользователь');
const accountId = id('лицевой счёт');
const page = z.number({ error: 'Номер страницы — целое число от 1' }).int().min(1, 'Номер страницы — целое число от 1').default(1);

export const PAGE_SIZE = 50;

export const residentSearchSchema = z.object({
  query: z.string().trim().min(2, 'Введите не меньше двух знаков: номер счёта, логин, ФИО, адрес или e-mail').max(200, 'Слишком длинный запрос'),
  page,
  sort: sortSchema(['login', 'name', 'email']),
});

export const accountSearchSchema = z.object({
  query: z.string().trim().min(2, 'Введите не меньше двух знаков: номер счёта, адрес или ФИО владельца').max(200, 'Слишком длинный запрос'),
});

export const residentRefSchema = z.object({ userId });

export const blockSchema = z.object({
  userId,
  reason: z.string().trim().min(5, 'Укажите причину блокировки (не короче 5 знаков)').max(500, 'Причина — не длиннее 500 знаков'),
  /** Epoch ms the block ends; null or absent: until lifted by hand. */
  until: z.number({ error: 'Срок блокировки указан неверно' }).int('Срок блокировки указан неверно').nullable().default(null),
});

export const unblockSchema = z.object({
  userId,
  note: z.string().trim().max(500, 'Комментарий — не длиннее 500 знаков').optional(),
});

export const accountLinkSchema = z.object({ userId, accountId });

export const DISCONNECT_REASONS = { request: 'по письменному заявлению', owner_change: 'смена собственника' } as const;

export const disconnectSchema = z.object({
  userId,
  accountId,
  reason: z.enum(['request', 'owner_change'], { error: 'Выберите основание: заявление или смена собственника' }),
  documentRef: z.string().trim().min(1, 'Укажите документ: номер и дату заявления или договора').max(200, 'Не длиннее 200 знаков'),
});

const isoDate = (what: string) =>
  z.string().refine(isIsoDate, `${what}: дата в виде ГГГГ-ММ-ДД`).optional();

export const auditQuerySchema = z
  .object({
    staffId: id('сотрудник').optional(),
    userId: userId.optional(),
    accountId: accountId.optional(),
    /** The account by its number, as a clerk has it from a receipt (resolved to accountId). */
    accountNumber: z.string().trim().regex(/^\d{1,20}$/, 'Номер лицевого счёта — только цифры').optional(),
    /** The resident by login (resolved to userId). */
    login: z.string().trim().min(1).max(100).optional(),
    action: z.string().trim().min(1).max(60).optional(),
    from: isoDate('Начало периода'),
    to: isoDate('Конец периода'),
    page,
    sort: sortSchema(['at', 'actor', 'action', 'account']),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'Конец периода раньше начала', path: ['to'] });
