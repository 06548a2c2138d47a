// Company settings: a key-value table of JSON values, each key with its schema and default,
// so a missing or damaged value falls back to the documented default.
import type { Knex } from 'knex';
import { z } from 'zod';
import { answerTemplatesSchema, DEFAULT_ANSWER_TEMPLATES } from './answer-templates.ts';
import { readingsWindowSchema } from '../readings/window.ts';

export const smtpSettingsSchema = z.object({
  host: z.string().trim().min(1, 'Укажите адрес SMTP-сервера'),
  port: z.number().int().min(1).max(65535, 'Порт от 1 до 65535'),
  secure: z.boolean(),
  user: z.string(),
  password: z.string(),
  from: z.string().trim().min(3, 'Укажите адрес отправителя'),
});
export type SmtpSettings = z.infer<typeof smtpSettingsSchema>;

// ЮKassa shop. The secret key may live here or in YOOKASSA_SECRET_KEY (the environment wins, and
// keeps the key out of the database). returnUrlBase: the site's address for the provider's
// «вернуться в магазин» link, when it differs from PUBLIC_URL. checkNotifierIp: accept
// notifications only from ЮKassa's published addresses (needs TRUST_PROXY_HOPS behind nginx).
export const yookassaSettingsSchema = z.object({
  shopId: z.string().trim().regex(/^\d{1,20}$/, 'shopId магазина ЮKassa — число'),
  secretKey: z.string().trim().min(8, 'Секретный ключ ЮKassa — не короче 8 знаков').max(200, 'Секретный ключ ЮKassa — не длиннее 200 знаков').optional(),
  returnUrlBase: z.string().regex(/^https?:\/\/[^\s/]+$/, 'Адрес вида https://lk.example.ru').optional(),
  checkNotifierIp: z.boolean().default(false),
});
export type YookassaSettings = z.infer<typeof yookassaSettingsSchema>;

// SMS gateway with the sms.ru API (shared/sms/smsru.ts). The api_id may live here or in
// SMS_RU_API_ID (the environment wins, and keeps it out of the database); baseUrl for another
// gateway speaking the same API. Null and no SMS_RU_API_ID: SMS are written to the log and
// var/sms/ (the demo).
export const smsGatewaySettingsSchema = z.object({
  apiId: z.string().trim().min(8, 'api_id из личного кабинета sms.ru').max(200, 'api_id — не длиннее 200 знаков').optional(),
  sender: z.string().trim().min(1, 'Имя отправителя — до 11 латинских букв и цифр').max(11, 'Имя отправителя — до 11 латинских букв и цифр').optional(),
  baseUrl: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'Адрес вида https://sms.ru').optional(),
});
export type SmsGatewaySettings = z.infer<typeof smsGatewaySettingsSchema>;

// 54-ФЗ receipts for card payments through ЮKassa: with it on, every create-payment request carries
// the receipt data (shared/payments/fiscal.ts) and ЮKassa registers the receipt. `issuer`:
// 'yookassa' — «Чеки от ЮKassa», which send the receipt by e-mail only; 'cash_register' — the
// company's own online cash register connected in ЮKassa's account, which may use a phone too.
// Codes follow ЮKassa's tables: vat_code 1 без НДС, 2 0%, 3 10%, 4 20%, 5 10/110, 6 20/120,
// 7 5%, 8 7%, 9 5/105, 10 7/107; tax_system_code 1 ОСН, 2 УСН доходы, 3 УСН доходы − расходы,
// 4 ЕНВД, 5 ЕСХН, 6 патент (optional: a register with one tax system fills it in itself).
export const fiscalSettingsSchema = z.object({
  issuer: z.enum(['yookassa', 'cash_register'], { error: 'Выберите, кто формирует чеки' }),
  vatCode: z.number({ error: 'Выберите ставку НДС' }).int('Выберите ставку НДС').min(1, 'Выберите ставку НДС').max(10, 'Выберите ставку НДС'),
  taxSystemCode: z.number({ error: 'Выберите систему налогообложения' }).int().min(1, 'Выберите систему налогообложения').max(6, 'Выберите систему налогообложения').optional(),
  paymentSubject: z.enum(['service', 'payment'], { error: 'Выберите предмет расчёта' }).default('service'),
  paymentMode: z.enum(['full_payment', 'full_prepayment', 'advance'], { error: 'Выберите способ расчёта' }).default('full_payment'),
});
export type FiscalSettings = z.infer<typeof fiscalSettingsSchema>;

const demoTownSchema = z.object({
  seededAt: z.number().int(),
  example: z.string(),
  staff: z.array(z.string()),
  withoutLogin: z.array(z.string()),
  suspicious: z.string(),
});

export const settingSchemas = {
  'company.operatorId': z.number().int().positive().nullable().default(null),
  'readings.window': readingsWindowSchema.default({ startDay: 23, endDay: 25 }),
  'registration.mode': z.enum(['receipt_amount', 'passport', 'application_only']).default('receipt_amount'),
  'support.phone': z.string().default(''),
  'support.email': z.string().default(''),
  'emergency.phone': z.string().default(''),
  'payments.dueDay': z.number().int().min(1).max(28).default(10),
  // Null: no SMTP server; mail is written to files under var/ (see shared/mail).
  'mail.smtp': smtpSettingsSchema.nullable().default(null),
  // Which card-payment provider the site offers: the sandbox (demo, no bank), ЮKassa, or none.
  'payments.provider': z.enum(['none', 'sandbox', 'yookassa']).default('sandbox'),
  'payments.yookassa': yookassaSettingsSchema.nullable().default(null),
  // Null: no fiscal data in payment requests (the shop does not register receipts through ЮKassa).
  'payments.fiscal': fiscalSettingsSchema.nullable().default(null),
  'sms.gateway': smsGatewaySettingsSchema.nullable().default(null),
  // A debt reminder goes to accounts owing at least this much (kopecks) after the due date:
  // 5 000 ₽ is more than a typical month's bill, so one late month alone does not trigger it.
  'notifications.debtThreshold': z.number().int().min(0).default(500_000),
  // Ready-made replies and rejection reasons (answer-templates.ts), edited by the administrator.
  'answers.templates': answerTemplatesSchema.default(DEFAULT_ANSWER_TEMPLATES),
  // Set by the demo seed only: which accounts its start-up note describes (db/seeds/demo-state.ts).
  'demo.town': demoTownSchema.nullable().default(null),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingSchemas)[K]>;

export async function getSetting<K extends SettingKey>(db: Knex, key: K): Promise<SettingValue<K>> {
  const row = await db('settings').where({ key }).first('value');
  return parseSetting(key, row?.value);
}

export async function getSettings<K extends SettingKey>(db: Knex, keys: K[]): Promise<{ [P in K]: SettingValue<P> }> {
  const rows: { key: string; value: string }[] = await db('settings').whereIn('key', keys).select('key', 'value');
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  return Object.fromEntries(keys.map((k) => [k, parseSetting(k, byKey.get(k))])) as { [P in K]: SettingValue<P> };
}

export async function setSetting<K extends SettingKey>(db: Knex, key: K, value: SettingValue<K>, now = Date.now()): Promise<void> {
  const valid = settingSchemas[key].parse(value);
  await db('settings')
    .insert({ key, value: JSON.stringify(valid), updated_at: now })
    .onConflict('key')
    .merge(['value', 'updated_at']);
}

/** A setting's stored text (undefined: not set) as its value, the default when missing or invalid. */
export function parseSetting<K extends SettingKey>(key: K, raw: string | undefined): SettingValue<K> {
  const schema = settingSchemas[key];
  if (raw === undefined) return schema.parse(undefined) as SettingValue<K>;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  return (parsed.success ? parsed.data : schema.parse(undefined)) as SettingValue<K>;
}
