// Which provider takes new payments ('payments.provider') and how to reach each one. Keys come
// from the environment (YOOKASSA_*, which wins) or the 'payments.yookassa' setting, never from
// code. Attempts already started keep their provider: a notification or a re-check for a
// ЮKassa payment is handled even after the shop switched to another provider.
import type { Knex } from 'knex';
import type { AppConfig } from '../config/env.ts';
import { getSettings } from '../settings/settings.ts';
import type { PaymentProvider, ProviderName } from './provider.ts';
import { createSandboxProvider } from './sandbox.ts';
import { createYookassaProvider } from './yookassa.ts';

export interface PaymentDeps {
  db: Knex;
  config: Pick<AppConfig, 'publicUrl' | 'yookassa' | 'paymentsSandbox'>;
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
  const shopId = deps.config.yookassa.shopId ?? shop?.shopId;
  const secretKey = deps.config.yookassa.secretKey ?? shop?.secretKey;
  if (!shopId || !secretKey) return null;
  return {
    provider: createYookassaProvider({ shopId, secretKey, apiUrl: deps.config.yookassa.apiUrl, timeoutMs: deps.config.yookassa.timeoutMs, ...deps.yookassaTiming }),
    siteUrl: shop?.returnUrlBase ?? siteUrl,
    checkNotifierIp: shop?.checkNotifierIp ?? false,
  };
}
