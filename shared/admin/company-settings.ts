// Company settings for the administrator: the operator company's name and bank details (from
// the companies row the 'company.operatorId' setting points at; receipts print them), the
// registration mode, the readings window, contacts and SMTP, and (payment-settings.ts) card
// payments, 54-ФЗ receipts, SMS and the debt threshold. An update is partial: only the
// fields sent are checked and changed, in one transaction, and the audit row lists which
// settings changed (never a password or key, which also never leave the server).
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AppConfig } from '../config/env.ts';
import { validationFailed, type FieldError } from '../errors.ts';
import { readingsWindowSchema } from '../readings/window.ts';
import {
  bicError, correspondentAccountError, innError, kppError, ogrnError, settlementAccountError,
} from '../requisites.ts';
import { getSettings as readSettings, setSetting, type SettingKey, type SmtpSettings } from '../settings/settings.ts';
import { auditStaffAction, type AdminContext } from './context.ts';
import {
  paymentSettingsInput, paymentSettingsView, updatePaymentSettings, type PaymentSettingsView, type SmsSettingsView,
} from './payment-settings.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export interface CompanySettingsView {
  company: {
    name: string;
    shortName: string;
    inn: string;
    kpp: string;
    ogrn: string;
    address: string;
    phone: string;
    email: string;
    bankName: string;
    bic: string;
    settlementAccount: string;
    correspondentAccount: string;
  };
  registrationMode: 'receipt_amount' | 'passport' | 'application_only';
  readingsWindow: { startDay: number; endDay: number };
  support: { phone: string; email: string };
  emergencyPhone: string;
  /** Null: mail is written to files under var/ instead of being sent. */
  smtp: { host: string; port: number; secure: boolean; user: string; from: string; passwordSet: boolean } | null;
  payments: PaymentSettingsView;
  sms: SmsSettingsView;
  notifications: { /** Kopecks; the screen shows and takes roubles. */ debtThreshold: number };
}

const text = (max: number, what: string) => z.string({ error: `${what}: ожидается текст` }).trim().max(max, `${what}: не длиннее ${max} знаков`);
const required = (max: number, what: string) => text(max, what).min(1, `Укажите ${what[0]?.toLowerCase()}${what.slice(1)}`);

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const emailOrEmpty = (what: string) => text(254, what).refine((v) => v === '' || EMAIL.test(v), `${what}: адрес вида name@example.ru`);

/** Empty clears the value; anything else must pass the check from shared/requisites.ts. */
const checkedOrEmpty = (check: (v: string) => string | null) =>
  z.string({ error: 'Ожидается текст' }).trim().superRefine((value, ctx) => {
    const message = value === '' ? null : check(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  });

const twentyDigits = (what: string) => z.string({ error: `${what}: ожидается текст` }).trim().refine((v) => v === '' || /^\d{20}$/.test(v), `${what} состоит из 20 цифр`);

const companySchema = z.object({
  name: required(300, 'Полное название организации'),
  shortName: required(160, 'Краткое название'),
  inn: checkedOrEmpty(innError),
  kpp: checkedOrEmpty(kppError),
  ogrn: checkedOrEmpty(ogrnError),
  address: text(500, 'Адрес'),
  phone: text(100, 'Телефон'),
  email: emailOrEmpty('E-mail'),
  bankName: text(200, 'Название банка'),
  bic: checkedOrEmpty(bicError),
  settlementAccount: twentyDigits('Расчётный счёт'),
  correspondentAccount: twentyDigits('Корреспондентский счёт'),
});

type CompanyFields = z.output<typeof companySchema>;

const smtpInputSchema = z.object({
  host: required(200, 'Адрес SMTP-сервера'),
  port: z.number({ error: 'Порт — число от 1 до 65535' }).int('Порт — число от 1 до 65535').min(1, 'Порт — число от 1 до 65535').max(65535, 'Порт — число от 1 до 65535'),
  secure: z.boolean({ error: 'Укажите, нужно ли шифрование (TLS)' }),
  user: text(200, 'Имя пользователя SMTP'),
  /** Omitted: keep the password already stored. */
  password: z.string({ error: 'Пароль SMTP: ожидается текст' }).max(200, 'Пароль SMTP: не длиннее 200 знаков').optional(),
  from: required(300, 'Адрес отправителя').refine((v) => /<?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(v), 'Адрес отправителя: name@example.ru или «Название <name@example.ru>»'),
});

export const settingsUpdateSchema = z.object({
  company: companySchema.partial().optional(),
  registrationMode: z.enum(['receipt_amount', 'passport', 'application_only'], { error: 'Выберите способ регистрации' }).optional(),
  readingsWindow: readingsWindowSchema.optional(),
  support: z.object({ phone: text(100, 'Телефон абонентского отдела'), email: emailOrEmpty('E-mail абонентского отдела') }).partial().optional(),
  emergencyPhone: text(100, 'Телефон аварийной службы').optional(),
  /** Null: no SMTP server (mail goes to files under var/). */
  smtp: smtpInputSchema.nullable().optional(),
  ...paymentSettingsInput,
});

export type SettingsUpdate = z.output<typeof settingsUpdateSchema>;

const COMPANY_COLUMNS: Record<keyof CompanyFields, string> = {
  name: 'name', shortName: 'short_name', inn: 'inn', kpp: 'kpp', ogrn: 'ogrn', address: 'address', phone: 'phone', email: 'email',
  bankName: 'bank_name', bic: 'bic', settlementAccount: 'settlement_account', correspondentAccount: 'correspondent_account',
};

const SETTING_KEYS = ['company.operatorId', 'registration.mode', 'readings.window', 'support.phone', 'support.email', 'emergency.phone', 'mail.smtp'] as const satisfies SettingKey[];

type CompanyRow = Record<string, string | number | null> & { id: number };

/** The operator company: the row the setting names, else the one flagged as operator. */
async function operatorCompany(db: Knex, operatorId: number | null): Promise<CompanyRow | null> {
  const byId = operatorId ? await db('companies').where({ id: operatorId }).first() : undefined;
  return byId ?? (await db('companies').where({ is_operator: true }).orderBy('id').first()) ?? null;
}

function companyView(row: CompanyRow | null): CompanySettingsView['company'] {
  const value = (field: keyof CompanyFields) => String(row?.[COMPANY_COLUMNS[field]] ?? '');
  return Object.fromEntries(Object.keys(COMPANY_COLUMNS).map((f) => [f, value(f as keyof CompanyFields)])) as CompanySettingsView['company'];
}

export async function getCompanySettings(db: Knex, config: Pick<AppConfig, 'yookassa' | 'paymentsSandbox' | 'smsRuApiId'>): Promise<CompanySettingsView> {
  const s = await readSettings(db, [...SETTING_KEYS]);
  const smtp = s['mail.smtp'];
  return {
    ...(await paymentSettingsView(db, config)),
    company: companyView(await operatorCompany(db, s['company.operatorId'])),
    registrationMode: s['registration.mode'],
    readingsWindow: { startDay: s['readings.window'].startDay, endDay: s['readings.window'].endDay },
    support: { phone: s['support.phone'], email: s['support.email'] },
    emergencyPhone: s['emergency.phone'],
    smtp: smtp && { host: smtp.host, port: smtp.port, secure: smtp.secure, user: smtp.user, from: smtp.from, passwordSet: smtp.password !== '' },
  };
}

/** The accounts must agree with the BIC they will have after the update. */
function bankErrors(merged: CompanySettingsView['company']): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: 'settlementAccount' | 'correspondentAccount', fn: (account: string, bic: string) => string | null) => {
    if (merged[field] === '') return;
    const message = merged.bic === '' ? 'Укажите БИК банка: по нему проверяется счёт' : fn(merged[field], merged.bic);
    if (message) errors.push({ field: `company.${field}`, message });
  };
  check('settlementAccount', settlementAccountError);
  check('correspondentAccount', correspondentAccountError);
  return errors;
}

async function updateCompany(trx: Knex, ctx: AdminContext, input: Partial<CompanyFields>, operatorId: number | null): Promise<string[]> {
  const row = await operatorCompany(trx, operatorId);
  const current = companyView(row);
  const changed = (Object.keys(input) as (keyof CompanyFields)[]).filter((f) => input[f] !== undefined && input[f] !== current[f]);
  const bankTouched = changed.some((f) => f === 'bic' || f === 'settlementAccount' || f === 'correspondentAccount');
  const merged = { ...current, ...input };
  if (bankTouched) {
    const errors = bankErrors(merged);
    if (errors.length > 0) throw validationFailed(errors);
  }
  if (!row) {
    const missing = (['name', 'shortName'] as const).filter((f) => merged[f] === '');
    if (missing.length > 0) {
      throw validationFailed(missing.map((f) => ({ field: `company.${f}`, message: f === 'name' ? 'Укажите полное название организации' : 'Укажите краткое название' })));
    }
  }
  const now = ctx.now();
  const columns = Object.fromEntries(changed.map((f) => [COMPANY_COLUMNS[f], merged[f] === '' ? null : merged[f]]));
  let companyId = row?.id ?? null;
  if (row && changed.length > 0) {
    await trx('companies').where({ id: row.id }).update({ ...columns, updated_at: now });
  } else if (!row) {
    const all = Object.fromEntries(Object.entries(COMPANY_COLUMNS).map(([f, c]) => [c, merged[f as keyof CompanyFields] || null]));
    const [inserted] = await trx('companies').insert({ ...all, is_operator: true, created_at: now, updated_at: now }).returning('id');
    companyId = insertedId(inserted);
  }
  const keys = changed.map((f) => `company.${f}`);
  if (companyId !== null && companyId !== operatorId) {
    await setSetting(trx, 'company.operatorId', companyId, now);
    keys.push('company.operatorId');
  }
  return keys;
}

function smtpToStore(input: z.output<typeof smtpInputSchema> | null, existing: SmtpSettings | null): SmtpSettings | null {
  if (input === null) return null;
  return { host: input.host, port: input.port, secure: input.secure, user: input.user, from: input.from, password: input.password ?? existing?.password ?? '' };
}

function smtpChanges(next: SmtpSettings | null, prev: SmtpSettings | null): string[] {
  if (next === null || prev === null) return next === prev ? [] : ['mail.smtp'];
  return (Object.keys(next) as (keyof SmtpSettings)[]).filter((k) => next[k] !== prev[k]).map((k) => `mail.smtp.${k}`);
}

export async function updateCompanySettings(ctx: AdminContext, input: SettingsUpdate): Promise<CompanySettingsView> {
  await ctx.db.transaction(async (trx) => {
    const s = await readSettings(trx, [...SETTING_KEYS]);
    const now = ctx.now();
    const changed: string[] = [];
    if (input.company) changed.push(...(await updateCompany(trx, ctx, input.company, s['company.operatorId'])));

    const put = async <K extends SettingKey>(key: K, next: unknown, prev: unknown, write: () => Promise<void>) => {
      if (JSON.stringify(next) === JSON.stringify(prev)) return;
      await write();
      changed.push(key);
    };
    if (input.registrationMode !== undefined) {
      const mode = input.registrationMode;
      await put('registration.mode', mode, s['registration.mode'], () => setSetting(trx, 'registration.mode', mode, now));
    }
    if (input.readingsWindow !== undefined) {
      const w = { startDay: input.readingsWindow.startDay, endDay: input.readingsWindow.endDay };
      await put('readings.window', w, { startDay: s['readings.window'].startDay, endDay: s['readings.window'].endDay }, () => setSetting(trx, 'readings.window', w, now));
    }
    for (const [field, key] of [['phone', 'support.phone'], ['email', 'support.email']] as const) {
      const value = input.support?.[field];
      if (value !== undefined) await put(key, value, s[key], () => setSetting(trx, key, value, now));
    }
    if (input.emergencyPhone !== undefined) {
      const phone = input.emergencyPhone;
      await put('emergency.phone', phone, s['emergency.phone'], () => setSetting(trx, 'emergency.phone', phone, now));
    }
    if (input.smtp !== undefined) {
      const next = smtpToStore(input.smtp, s['mail.smtp']);
      const keys = smtpChanges(next, s['mail.smtp']);
      if (keys.length > 0) {
        await setSetting(trx, 'mail.smtp', next, now);
        changed.push(...keys);
      }
    }
    changed.push(...(await updatePaymentSettings(trx, ctx.config, input, now)));
    if (changed.length > 0) await auditStaffAction(trx, ctx, { action: 'settings.update', details: { changed } });
  });
  return getCompanySettings(ctx.db, ctx.config);
}
