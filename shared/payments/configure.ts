// Which provider takes new payments ('payments.provider') and how to reach each one. Keys come
// from the environment (YOOKASSA_*, which wins) or the 'payments.yookassa' setting, never from
// code. Attempts already started keep their provider: a notification or a re-check for a
// ЮKassa payment is handled even after the shop switched to another provider.
import type { Knex } from 'knex';
import type { AppConfig } from '../config/env.ts';
import { getSettings, type SettingValue, type YookassaSettings } from '../settings/settings.ts';
import type { PaymentProvider, ProviderName } from './provider.ts';
import { createSandboxProvider } from './sandbox.ts';
import { createYookassaProvider } from './yookassa.ts';

export interface PaymentDeps {
  db: Knex;
  config: Pick<AppConfig, 'publicUrl' | 'yookassa' | 'paymentsSandbox' | 'timeZone'>;
  now: () => number;
  /** ЮKassa call limits; tests shorten them. */
  yookassaTiming?: { timeoutMs?: number; createAttempts?: number; retryDelayMs?: number };
}

export interface ProviderSetup {
  provider: PaymentProvider;
  /** Our site's address for return links ('' for the sandbox: same-site paths). */
  siteUrl: string;
  checkNotifierIp: boolean;
}

/** The provider new payments go to, or null when card payment is off or not configured. */
export async function activeProvider(deps: PaymentDeps): Promise<ProviderSetup | null> {
  const settings = await getSettings(deps.db, ['payments.provider']);
  const name = settings['payments.provider'];
  return name === 'none' ? null : providerByName(deps, name);
}

export async function providerByName(deps: PaymentDeps, name: string): Promise<ProviderSetup | null> {
  const siteUrl = deps.config.publicUrl;
  if (name === 'sandbox') {
    if (!deps.config.paymentsSandbox) return null;
    // The sandbox's page is on our own site: same-site paths work whatever PUBLIC_URL says.
    return { provider: createSandboxProvider({ db: deps.db, siteUrl: '', now: deps.now }), siteUrl: '', checkNotifierIp: false };
  }
  if (name !== ('yookassa' satisfies ProviderName)) return null;
  const { 'payments.yookassa': shop } = await getSettings(deps.db, ['payments.yookassa']);
  const { shopId, secretKey } = yookassaCredentials(deps.config, shop);
  if (!shopId || !secretKey) return null;
  return {
    provider: createYookassaProvider({ shopId, secretKey, apiUrl: deps.config.yookassa.apiUrl, timeoutMs: deps.config.yookassa.timeoutMs, ...deps.yookassaTiming }),
    siteUrl: shop?.returnUrlBase ?? siteUrl,
    checkNotifierIp: shop?.checkNotifierIp ?? false,
  };
}

/** The shop's id and key as the adapter gets them: each from the environment when set there. */
export function yookassaCredentials(config: Pick<AppConfig, 'yookassa'>, shop: YookassaSettings | null): { shopId: string | undefined; secretKey: string | undefined } {
  return { shopId: config.yookassa.shopId ?? shop?.shopId, secretKey: config.yookassa.secretKey ?? shop?.secretKey };
}

export interface ProviderInEffect {
  name: 'none' | 'sandbox' | 'yookassa';
  /** True when residents can pay by card right now. */
  working: boolean;
  /** «ЮKassa, магазин 123456», «Тестовый режим (без банка)», or what is missing. */
  label: string;
}

/** What the site does with these settings: the console shows it next to the choice. */
export function describeProvider(
  config: Pick<AppConfig, 'yookassa' | 'paymentsSandbox'>,
  name: SettingValue<'payments.provider'>,
  shop: YookassaSettings | null,
): ProviderInEffect {
  if (name === 'none') return { name, working: false, label: 'Оплата картой выключена' };
  if (name === 'sandbox') {
    return config.paymentsSandbox
      ? { name, working: true, label: 'Тестовый режим (без банка)' }
      : { name, working: false, label: 'Не работает: тестовый режим на этом сервере выключен (PAYMENTS_SANDBOX)' };
  }
  const { shopId, secretKey } = yookassaCredentials(config, shop);
  if (!shopId) return { name, working: false, label: 'Не работает: не указан shopId магазина ЮKassa' };
  if (!secretKey) return { name, working: false, label: 'Не работает: не задан секретный ключ ЮKassa' };
  return { name, working: true, label: `ЮKassa, магазин ${shopId}` };
}
