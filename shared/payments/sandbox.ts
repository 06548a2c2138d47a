// The sandbox provider: a pretend bank for the demo, clearly labelled «Тестовая оплата (без
// банка)». Its payment page is served by our own site (/pay/sandbox/:id) with «Оплатить» and
// «Отменить» (for СБП also a QR of a made-up NSPK link and «Открыть приложение банка»); its book of payments is the sandbox_payments table, separate from our attempts,
// so the use-cases re-check with it exactly as with a real provider. No card data, no money.
// Off in production unless PAYMENTS_SANDBOX=true (see resolveProvider).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { PAYMENT_METHODS, ProviderError, type PaymentMethod, type PaymentProvider, type ProviderPayment, type ProviderStatus } from './provider.ts';

export const SANDBOX_LABEL = 'Тестовая оплата (без банка)';
export const SANDBOX_SBP_LABEL = 'Тестовая оплата через СБП (без банка)';
export const SANDBOX_WARNING = 'Это тестовая оплата: банк не участвует, настоящие деньги не списываются.';

export interface SandboxPayment {
  id: string;
  amount: number;
  description: string;
  returnUrl: string;
  status: ProviderStatus;
  method: PaymentMethod;
}

interface SandboxRow {
  id: string;
  idempotence_key: string;
  amount: number | string;
  description: string;
  return_url: string;
  metadata: string;
  status: ProviderStatus;
  method: PaymentMethod;
  completed_at: number | string | null;
}

export function createSandboxProvider(deps: { db: Knex; siteUrl: string; now: () => number }): PaymentProvider {
  const { db } = deps;
  return {
    name: 'sandbox',
    label: SANDBOX_LABEL,
    sandbox: true,
    methods: PAYMENT_METHODS,

    async createPayment(input) {
      const row = {
        id: `sbx-${randomUUID()}`,
        idempotence_key: input.idempotenceKey,
        amount: input.amountKopecks,
        description: input.description.slice(0, 128),
        return_url: input.returnUrl,
        metadata: JSON.stringify(input.metadata),
        status: 'pending',
        method: input.method,
        created_at: deps.now(),
      };
      // Like a real provider: the same key gives the same payment, a different request with it an error.
      await db('sandbox_payments').insert(row).onConflict('idempotence_key').ignore();
      const stored: SandboxRow | undefined = await db('sandbox_payments').where({ idempotence_key: input.idempotenceKey }).first();
      if (!stored) throw new ProviderError('server', 'Тестовая оплата не сохранилась. Попробуйте ещё раз.');
      if (Number(stored.amount) !== input.amountKopecks || stored.metadata !== row.metadata || stored.method !== input.method) {
        throw new ProviderError('idempotence', 'Повторный запрос платежа не совпал с первым. Начните оплату заново.');
      }
      return { providerPaymentId: stored.id, status: stored.status, confirmationUrl: `${deps.siteUrl}/pay/sandbox/${stored.id}` };
    },

    async getPayment(id): Promise<ProviderPayment | null> {
      const row: SandboxRow | undefined = await db('sandbox_payments').where({ id }).first();
      if (!row) return null;
      return {
        providerPaymentId: row.id,
        status: row.status,
        amountKopecks: Number(row.amount),
        currency: 'RUB',
        paid: row.status === 'succeeded',
        metadata: JSON.parse(row.metadata) as Record<string, string>,
        capturedAt: row.status === 'succeeded' && row.completed_at != null ? Number(row.completed_at) : null,
        cancellationReason: row.status === 'canceled' ? 'canceled_by_payer' : null,
      };
    },

    parseNotification: () => null, // the sandbox sends none: the return page and the re-check suffice
  };
}

/** The sandbox's payment page: what it shows. Null for an unknown id. */
export async function findSandboxPayment(db: Knex, id: string): Promise<SandboxPayment | null> {
  const row: SandboxRow | undefined = await db('sandbox_payments').where({ id }).first();
  return row
    ? { id: row.id, amount: Number(row.amount), description: row.description, returnUrl: row.return_url, status: row.status, method: row.method === 'sbp' ? 'sbp' : 'card' }
    : null;
}

/**
 * The payer pressed «Оплатить» or «Отменить» on the sandbox page. Only a pending payment moves;
 * returns the payment as it now stands (for the redirect back to the shop).
 */
export async function completeSandboxPayment(db: Knex, id: string, outcome: 'succeeded' | 'canceled', now: number): Promise<SandboxPayment | null> {
  await db('sandbox_payments').where({ id, status: 'pending' }).update({ status: outcome, completed_at: now });
  return findSandboxPayment(db, id);
}
