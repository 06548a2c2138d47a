// The canonical layout of billing data: one file holds one kind of rows, each a set of named
// cells (strings). A saved column mapping turns any billing system's export into these names;
// these schemas turn the cells into typed rows in our units, with Russian messages per field.
// The layout is documented in docs/billing-exchange.md; keep the two in step.
import { z } from 'zod';
import { accountNumberSchema } from '../account-number.ts';
import {
  areaField, dateField, integerField, kopecksField, milliField, optional, periodField, readingField, tariffField, textField,
} from './fields.ts';

export const IMPORT_KINDS = ['accounts', 'charges', 'balances', 'payments', 'meters', 'readings'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const account = accountNumberSchema;
const serviceCode = z.string().trim().regex(/^[a-z0-9_.-]{1,40}$/i, 'Код услуги: латинские буквы, цифры, _ . - (до 40 символов)');

export const importRowSchemas = {
  accounts: z.object({
    account,
    city: textField('Город', 100),
    street: textField('Улица', 200),
    house: textField('Дом', 20),
    block: z.string().trim().max(20, 'Корпус: длиннее 20 символов').default(''),
    flat: z.string().trim().max(20, 'Квартира: длиннее 20 символов').default(''),
    address: textField('Адрес', 500),
    total_area: areaField('Общая площадь'),
    living_area: optional(areaField('Жилая площадь')).default(null),
    residents: integerField('Проживает', 0, 100),
    owner_name: textField('ФИО владельца', 300),
    passport_hash: optional(z.string().trim().regex(/^[0-9a-f]{64}$/i, 'Хэш паспорта: 64 шестнадцатеричных символа')).default(null),
    status: z.enum(['active', 'closed'], { message: 'Статус: active или closed' }).default('active'),
  }),
  charges: z.object({
    account,
    period: periodField(),
    service_code: serviceCode,
    service_name: optional(textField('Услуга', 200)).default(null),
    unit: optional(textField('Единица', 20)).default(null),
    volume: optional(milliField('Объём')).default(null),
    volume_common: optional(milliField('Объём ОДН')).default(null),
    tariff: optional(tariffField()).default(null),
    charged: kopecksField('Начислено'),
    recalculation: optional(kopecksField('Перерасчёт', true)).default(null),
    recalculation_reason: z.string().trim().max(500, 'Причина перерасчёта: длиннее 500 символов').default(''),
    benefits: optional(kopecksField('Льготы')).default(null),
    penalties: optional(kopecksField('Пени')).default(null),
    total: kopecksField('Итого', true),
  }),
  balances: z.object({
    account,
    period: periodField(),
    opening_balance: kopecksField('Долг/аванс на начало', true),
    charged: kopecksField('Начислено', true),
    paid: kopecksField('Оплачено'),
    penalties: optional(kopecksField('Пени')).default(null),
    total_due: kopecksField('К оплате', true),
    paid_until: optional(dateField('Оплаты учтены по')).default(null),
    due_date: optional(dateField('Оплатить до')).default(null),
  }),
  payments: z.object({
    account,
    paid_on: dateField('Дата оплаты'),
    amount: kopecksField('Сумма оплаты').refine((v) => v > 0, 'Сумма оплаты: должна быть больше нуля'),
    period: optional(periodField()).default(null),
    external_id: textField('Номер платежа в биллинге', 100),
    source: z.enum(['billing', 'bank', 'cashier'], { message: 'Источник: billing, bank или cashier' }).default('billing'),
  }),
  meters: z.object({
    account,
    service_code: serviceCode,
    serial: textField('Заводской номер', 50),
    zones: integerField('Число тарифных зон', 1, 3),
    precision: optional(integerField('Знаков после запятой', 0, 3)).default(null),
    location: z.string().trim().max(100, 'Место установки: длиннее 100 символов').default(''),
    installed_on: optional(dateField('Дата установки')).default(null),
    verified_on: optional(dateField('Дата поверки')).default(null),
    verification_due: dateField('Следующая поверка'),
    archived_on: optional(dateField('Дата снятия')).default(null),
  }),
  readings: z.object({
    account,
    service_code: serviceCode,
    serial: textField('Заводской номер', 50),
    period: periodField(),
    zone: integerField('Зона', 1, 3),
    value: readingField('Показание'),
    taken_on: dateField('Дата показания'),
  }),
} as const satisfies Record<ImportKind, z.ZodType>;

export type ImportRow<K extends ImportKind> = z.output<(typeof importRowSchemas)[K]>;

/** Canonical column names of a kind, in the documented order. */
export function canonicalColumns(kind: ImportKind): string[] {
  return Object.keys(importRowSchemas[kind].shape);
}

/** Which columns a file must have for this kind (the others may be absent or empty). */
export function requiredColumns(kind: ImportKind): string[] {
  const shape = importRowSchemas[kind].shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success && !schema.safeParse('').success)
    .map(([name]) => name);
}

/** A problem with one cell (or the whole row, field 'row') of the file: line numbers count from 1 with the header. */
export interface RowProblem {
  line: number;
  field: string;
  /** The file's own name for the field's column (its header cell, DBF field, «столбец 3») when it differs from `field`. */
  column?: string;
  message: string;
  /** The offending cell as it was in the file, cut to 100 characters. */
  value?: string;
}
