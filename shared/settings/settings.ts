// Company settings: a key-value table of JSON values, each key with its schema and default,
// so a missing or damaged value falls back to the documented default.
import type { Knex } from 'knex';
import { z } from 'zod';
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
// notifications only from ЮKassa's published addresses (needs TRUST_PROXY behind nginx).
export const yookassaSettingsSchema = z.object({
  shopId: z.string().trim().regex(/^\d{1,20}$/, 'shopId магазина ЮKassa — число'),
  secretKey: z.string().min(8).optional(),
  returnUrlBase: z.string().regex(/^https?:\/\/[^\s/]+$/, 'Адрес вида https://lk.example.ru').optional(),
  checkNotifierIp: z.boolean().default(false),
});
export type YookassaSettings = z.infer<typeof yookassaSettingsSchema>;

// SMS gateway with the sms.ru API (shared/sms/smsru.ts). The api_id may live here or in
// SMS_RU_API_ID (the environment wins, and keeps it out of the database); baseUrl for another
// gateway speaking the same API. Null and no SMS_RU_API_ID: SMS are written to the log and
// var/sms/ (the demo).
export const smsGatewaySettingsSchema = z.object({
  apiId: z.string().trim().min(8, 'api_id из личного кабинета sms.ru').optional(),
  sender: z.string().trim().min(1).max(11, 'Имя отправителя — до 11 латинских букв и цифр').optional(),
  baseUrl: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'Адрес вида https://sms.ru').optional(),
});
export type SmsGatewaySettings = z.infer<typeof smsGatewaySettingsSchema>;

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
  'sms.gateway': smsGatewaySettingsSchema.nullable().default(null),
  // A debt reminder goes to accounts owing at least this much (kopecks) after the due date:
  // 5 000 ₽ is more than a typical month's bill, so one late month alone does not trigger it.
  'notifications.debtThreshold': z.number().int().min(0).default(500_000),
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

function parseSetting<K extends SettingKey>(key: K, raw: string | undefined): SettingValue<K> {
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
