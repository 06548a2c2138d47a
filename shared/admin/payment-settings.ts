// The administrator's part of company settings that concerns money and messages: the card-payment
// provider and the ЮKassa shop, 54-ФЗ receipt data, the payment due day, the SMS gateway and the
// debt-reminder threshold. Secrets (the shop's secret key, the SMS api_id) are write-only: the view
// says whether one is set, an empty or missing field keeps the stored one, and the audit row names
// the key that changed, never its value. Values set in the environment win over stored ones
// (shared/payments/configure.ts, shared/sms/worker.ts); the view says so. «The environment» is the
// console process's: the same as the site's under `npm start`/`console:web`, but the desktop program
// on a clerk's machine reads its own, so there the note describes that machine, not the site.
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AppConfig } from '../config/env.ts';
import { validationFailed, type FieldError } from '../errors.ts';
import { rublesInputSchema } from '../money.ts';
import { describeProvider } from '../payments/configure.ts';
import {
  fiscalSettingsSchema, getSettings, setSetting, smsGatewaySettingsSchema, yookassaSettingsSchema,
  type FiscalSettings, type SettingKey, type SettingValue, type SmsGatewaySettings, type YookassaSettings,
} from '../settings/settings.ts';

export type PaymentProviderName = 'none' | 'sandbox' | 'yookassa';

export interface FiscalSettingsView {
  /** 'yookassa': «Чеки от ЮKassa» (e-mail only); 'cash_register': the company's own online register. */
  issuer: 'yookassa' | 'cash_register';
  vatCode: number;
  taxSystemCode: number | null;
  paymentSubject: 'service' | 'payment';
  paymentMode: 'full_payment' | 'full_prepayment' | 'advance';
}

export interface PaymentSettingsView {
  /** The choice stored in 'payments.provider'. */
  provider: PaymentProviderName;
  /** What the site does with it: ready or not, and a line for the screen. */
  inEffect: { name: PaymentProviderName; working: boolean; label: string };
  /** Whether this server allows the sandbox at all (PAYMENTS_SANDBOX, off in production). */
  sandboxAllowed: boolean;
  /** Day of the month the payment is due (1–28). */
  dueDay: number;
  /** The stored shop; the secret key itself never leaves the server. */
  yookassa: { shopId: string; secretKeySet: boolean; returnUrlBase: string; checkNotifierIp: boolean } | null;
  /** Values the environment sets, which win over the stored ones (YOOKASSA_SHOP_ID, YOOKASSA_SECRET_KEY). */
  env: { shopId: string | null; secretKey: boolean };
  /** Null: no 54-ФЗ receipt data in payment requests. */
  fiscal: FiscalSettingsView | null;
}

export interface SmsSettingsView {
  /** The stored gateway; the api_id itself never leaves the server. */
  gateway: { apiIdSet: boolean; sender: string; baseUrl: string } | null;
  /** SMS_RU_API_ID is set in the environment and wins over the stored api_id. */
  apiIdFromEnv: boolean;
  /** «sms.ru» or «Только в журнал (шлюз не настроен)». */
  inEffect: string;
}

export const PAYMENT_SETTING_KEYS = [
  'payments.provider', 'payments.yookassa', 'payments.fiscal', 'payments.dueDay', 'sms.gateway', 'notifications.debtThreshold',
] as const satisfies SettingKey[];

type PaymentSettings = { [K in (typeof PAYMENT_SETTING_KEYS)[number]]: SettingValue<K> };

/** '' (an untouched write-only field, or a cleared optional one) means «not given». */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalFrom = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema);

const yookassaInputSchema = z.object({
  shopId: z.string({ error: 'Укажите shopId магазина ЮKassa' }).pipe(yookassaSettingsSchema.shape.shopId),
  /** Empty or missing: keep the stored key. */
  secretKey: optionalFrom(yookassaSettingsSchema.shape.secretKey),
  /** Empty: return links use PUBLIC_URL. */
  returnUrlBase: optionalFrom(yookassaSettingsSchema.shape.returnUrlBase),
  checkNotifierIp: z.boolean({ error: 'Укажите, проверять ли адрес отправителя уведомлений' }).default(false),
});

const smsInputSchema = z.object({
  /** Empty or missing: keep the stored api_id. */
  apiId: optionalFrom(smsGatewaySettingsSchema.shape.apiId),
  sender: optionalFrom(smsGatewaySettingsSchema.shape.sender),
  baseUrl: optionalFrom(smsGatewaySettingsSchema.shape.baseUrl),
});

const DEBT_MAX_KOPECKS = 100_000_000; // 1 000 000 ₽: anything above is a typing mistake

export const paymentSettingsInput = {
  payments: z.object({
    provider: z.enum(['none', 'sandbox', 'yookassa'], { error: 'Выберите способ оплаты картой' }),
    dueDay: z.number({ error: 'День оплаты — число от 1 до 28' }).int('День оплаты — число от 1 до 28').min(1, 'День оплаты — число от 1 до 28').max(28, 'День оплаты — число от 1 до 28'),
    /** Null: forget the stored shop (its key too). */
    yookassa: yookassaInputSchema.nullable(),
    /** Null: no 54-ФЗ receipt data in payment requests. */
    fiscal: fiscalSettingsSchema.nullable(),
  }).partial().optional(),
  /** Null: no gateway stored (SMS go to the log unless SMS_RU_API_ID is set). */
  sms: smsInputSchema.nullable().optional(),
  notifications: z.object({
    /** Roubles as typed: «5000», «5 000,50». */
    debtThreshold: z.string({ error: 'Порог долга: сумма в рублях, например 5000' })
      .pipe(rublesInputSchema)
      .pipe(z.number().max(DEBT_MAX_KOPECKS, 'Порог долга — не больше 1 000 000 ₽')),
  }).partial().optional(),
};

export type PaymentSettingsUpdate = z.output<z.ZodObject<typeof paymentSettingsInput>>;

type Config = Pick<AppConfig, 'yookassa' | 'paymentsSandbox' | 'smsRuApiId'>;

export async function paymentSettingsView(db: Knex, config: Config): Promise<{
  payments: PaymentSettingsView; sms: SmsSettingsView; notifications: { debtThreshold: number };
}> {
  const s: PaymentSettings = await getSettings(db, [...PAYMENT_SETTING_KEYS]);
  const shop = s['payments.yookassa'];
  const fiscal = s['payments.fiscal'];
  const gateway = s['sms.gateway'];
  const smsApiId = config.smsRuApiId ?? gateway?.apiId;
  return {
    payments: {
      provider: s['payments.provider'],
      inEffect: describeProvider(config, s['payments.provider'], shop),
      sandboxAllowed: config.paymentsSandbox,
      dueDay: s['payments.dueDay'],
      yookassa: shop && { shopId: shop.shopId, secretKeySet: Boolean(shop.secretKey), returnUrlBase: shop.returnUrlBase ?? '', checkNotifierIp: shop.checkNotifierIp },
      env: { shopId: config.yookassa.shopId ?? null, secretKey: config.yookassa.secretKey !== undefined },
      fiscal: fiscal && { ...fiscal, taxSystemCode: fiscal.taxSystemCode ?? null },
    },
    sms: {
      gateway: gateway && { apiIdSet: Boolean(gateway.apiId), sender: gateway.sender ?? '', baseUrl: gateway.baseUrl ?? '' },
      apiIdFromEnv: config.smsRuApiId !== undefined,
      inEffect: smsApiId ? `Через шлюз ${gateway?.baseUrl ?? 'sms.ru'}` : 'Не отправляются: только запись в журнал (шлюз не настроен)',
    },
    notifications: { debtThreshold: s['notifications.debtThreshold'] },
  };
}

/** Keys of a settings object whose values differ (for the audit row; values are never written). */
function changedFields(prefix: string, next: object | null, prev: object | null): string[] {
  if (next === null || prev === null) return next === prev ? [] : [prefix];
  const n = next as Record<string, unknown>;
  const p = prev as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(n), ...Object.keys(p)])].sort();
  return keys.filter((k) => JSON.stringify(n[k]) !== JSON.stringify(p[k])).map((k) => `${prefix}.${k}`);
}

function shopToStore(input: z.output<typeof yookassaInputSchema> | null, prev: YookassaSettings | null): YookassaSettings | null {
  if (input === null) return null;
  const secretKey = input.secretKey ?? prev?.secretKey;
  return {
    shopId: input.shopId,
    ...(secretKey ? { secretKey } : {}),
    ...(input.returnUrlBase ? { returnUrlBase: input.returnUrlBase } : {}),
    checkNotifierIp: input.checkNotifierIp,
  };
}

function gatewayToStore(input: z.output<typeof smsInputSchema> | null, prev: SmsGatewaySettings | null): SmsGatewaySettings | null {
  if (input === null) return null;
  const apiId = input.apiId ?? prev?.apiId;
  return { ...(apiId ? { apiId } : {}), ...(input.sender ? { sender: input.sender } : {}), ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) };
}

function fiscalToStore(input: FiscalSettings | null): FiscalSettings | null {
  if (input === null) return null;
  const { taxSystemCode, ...rest } = input;
  return taxSystemCode === undefined ? rest : { ...rest, taxSystemCode };
}

/**
 * What the new values must satisfy together, with what the environment supplies. Only the sections
 * sent are judged: an update of the SMTP server alone is not refused for the payment settings.
 */
function consistencyErrors(next: PaymentSettings, config: Config, sent: PaymentSettingsUpdate): FieldError[] {
  const errors: FieldError[] = [];
  const provider = sent.payments === undefined ? null : next['payments.provider'];
  if (provider === 'sandbox' && !config.paymentsSandbox) {
    errors.push({ field: 'payments.provider', message: 'Тестовый режим на этом сервере выключен (PAYMENTS_SANDBOX): выберите ЮKassa или «Не принимать»' });
  }
  if (provider === 'yookassa') {
    const shop = next['payments.yookassa'];
    if (!config.yookassa.shopId && !shop) errors.push({ field: 'payments.yookassa.shopId', message: 'Укажите shopId магазина ЮKassa' });
    if (!config.yookassa.secretKey && !shop?.secretKey) errors.push({ field: 'payments.yookassa.secretKey', message: 'Укажите секретный ключ магазина ЮKassa' });
  }
  const gateway = sent.sms === undefined ? null : next['sms.gateway'];
  if (gateway && !gateway.apiId && !config.smsRuApiId) errors.push({ field: 'sms.apiId', message: 'Укажите api_id из личного кабинета sms.ru' });
  return errors;
}

/** Applies the payment part of an update inside `trx`; returns the changed keys for the audit row. */
export async function updatePaymentSettings(trx: Knex, config: Config, input: PaymentSettingsUpdate, now: number): Promise<string[]> {
  const prev: PaymentSettings = await getSettings(trx, [...PAYMENT_SETTING_KEYS]);
  const next: PaymentSettings = { ...prev };
  const p = input.payments;
  if (p?.provider !== undefined) next['payments.provider'] = p.provider;
  if (p?.dueDay !== undefined) next['payments.dueDay'] = p.dueDay;
  if (p?.yookassa !== undefined) next['payments.yookassa'] = shopToStore(p.yookassa, prev['payments.yookassa']);
  if (p?.fiscal !== undefined) next['payments.fiscal'] = fiscalToStore(p.fiscal);
  if (input.sms !== undefined) next['sms.gateway'] = gatewayToStore(input.sms, prev['sms.gateway']);
  if (input.notifications?.debtThreshold !== undefined) next['notifications.debtThreshold'] = input.notifications.debtThreshold;

  const errors = consistencyErrors(next, config, input);
  if (errors.length > 0) throw validationFailed(errors);

  const changed: string[] = [];
  for (const key of PAYMENT_SETTING_KEYS) {
    const before = prev[key];
    const after = next[key];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    await setSetting(trx, key, after as SettingValue<typeof key>, now);
    const isObject = (v: unknown) => v === null || typeof v === 'object';
    changed.push(...(isObject(before) && isObject(after) ? changedFields(key, after as object | null, before as object | null) : [key]));
  }
  return changed;
}
