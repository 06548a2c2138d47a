// ЮKassa adapter (API v3, https://yookassa.ru/developers/api): create a payment with an
// Idempotence-Key and a redirect confirmation (for СБП with payment_method_data `sbp`), read a payment back, recognise a notification.
// Every call has a time limit; a create that times out, loses its connection or gets a 5xx (or
// ЮKassa's 202 «still processing») is sent again with the SAME key, so at most one payment exists.
import { z } from 'zod';
import { kopecksToDecimal } from '../money.ts';
import {
  ProviderError, type CreatedPayment, type CreatePaymentInput, type NotificationEvent, type PaymentNotice,
  type PaymentProvider, type ProviderPayment, type ProviderStatus,
} from './provider.ts';

export const YOOKASSA_API_URL = 'https://api.yookassa.ru/v3';

export interface YookassaOptions {
  shopId: string;
  secretKey: string;
  /** Default https://api.yookassa.ru/v3; tests point it at a local server. */
  apiUrl?: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Tries of one create in all, with the same key (default 3). */
  createAttempts?: number;
  /** Pause between those tries (default 500 ms, doubling). */
  retryDelayMs?: number;
}

const statusSchema = z.enum(['pending', 'waiting_for_capture', 'succeeded', 'canceled']);
const amountSchema = z.object({ value: z.string().regex(/^\d+(\.\d{1,2})?$/), currency: z.string() });

const paymentSchema = z.object({
  id: z.string().min(1).max(100),
  status: statusSchema,
  paid: z.boolean().optional().default(false),
  amount: amountSchema,
  confirmation: z.object({ type: z.string(), confirmation_url: z.string().optional() }).partial().optional(),
  metadata: z.record(z.string(), z.unknown()).optional().default({}),
  captured_at: z.string().optional(),
  cancellation_details: z.object({ party: z.string().optional(), reason: z.string().optional() }).optional(),
});

const notificationSchema = z.object({
  type: z.literal('notification'),
  event: z.enum(['payment.succeeded', 'payment.canceled', 'payment.waiting_for_capture', 'refund.succeeded']),
  object: z.object({ id: z.string().min(1).max(100), payment_id: z.string().min(1).max(100).optional() }).passthrough(),
});

const errorSchema = z.object({
  type: z.literal('error'), code: z.string().optional(), description: z.string().optional(), parameter: z.string().optional(),
}).passthrough();

export function createYookassaProvider(options: YookassaOptions): PaymentProvider {
  const apiUrl = (options.apiUrl ?? YOOKASSA_API_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const createAttempts = options.createAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const authorization = `Basic ${Buffer.from(`${options.shopId}:${options.secretKey}`).toString('base64')}`;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown, idempotenceKey?: string): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotenceKey) headers['idempotence-key'] = idempotenceKey;
    let res: Response;
    try {
      res = await fetch(apiUrl + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const name = (err as { name?: string })?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ProviderError('timeout', 'Платёжная система ЮKassa не ответила вовремя. Деньги не списаны; попробуйте ещё раз.');
      }
      throw new ProviderError('network', 'Не удалось связаться с платёжной системой ЮKassa. Попробуйте ещё раз через минуту.', String(err));
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      // A body that is not JSON is judged by the status alone.
    }
    return { status: res.status, json };
  }

  function failure(status: number, json: unknown): ProviderError {
    const error = errorSchema.safeParse(json);
    const detail = error.success
      ? `${error.data.code ?? ''} ${error.data.description ?? ''}${error.data.parameter ? ` (${error.data.parameter})` : ''}`.trim()
      : `HTTP ${status}`;
    if (status === 202) return new ProviderError('server', 'Платёжная система ещё обрабатывает запрос. Попробуйте ещё раз через минуту.', detail);
    if (status === 401 || status === 403) {
      return new ProviderError('auth', 'Оплата на сайте сейчас недоступна: магазин не настроен. Сообщите в абонентский отдел.', detail);
    }
    // The shop registers 54-ФЗ receipts and our receipt data was refused: a setting to fix, not the resident's doing.
    if (status === 400 && error.success && error.data.parameter?.startsWith('receipt')) {
      return new ProviderError('receipt', 'Платёжная система не приняла данные для кассового чека. Деньги не списаны; сообщите, пожалуйста, в абонентский отдел.', detail);
    }
    if (status === 400 && /idempotence/i.test(detail)) {
      return new ProviderError('idempotence', 'Повторный запрос платежа не совпал с первым. Начните оплату заново.', detail);
    }
    if (status === 429 || status >= 500) {
      return new ProviderError('server', 'Платёжная система временно не работает. Попробуйте ещё раз позже.', detail);
    }
    return new ProviderError('rejected', 'Платёжная система отклонила запрос. Попробуйте другую сумму или позже.', detail);
  }

  return {
    name: 'yookassa',
    label: 'ЮKassa',
    sandbox: false,
    methods: ['card', 'sbp'],

    async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
      const body = {
        amount: { value: kopecksToDecimal(input.amountKopecks), currency: 'RUB' },
        capture: true,
        // СБП goes through the same redirect: ЮKassa's page shows the QR on a desktop and hands off
        // to the bank's app on a phone. A card payment names no method, as before, so the shop's
        // page also offers what else is connected (and a retry of an older attempt stays the same request).
        ...(input.method === 'sbp' ? { payment_method_data: { type: 'sbp' } } : {}),
        confirmation: { type: 'redirect', return_url: input.returnUrl },
        description: input.description.slice(0, 128),
        metadata: input.metadata,
        ...(input.receipt ? { receipt: input.receipt } : {}),
      };
      let last: ProviderError | null = null;
      for (let attempt = 1; attempt <= createAttempts; attempt++) {
        if (attempt > 1) await pause(retryDelayMs * 2 ** (attempt - 2));
        try {
          const { status, json } = await call('POST', '/payments', body, input.idempotenceKey);
          if (status !== 200) throw failure(status, json);
          const payment = parsePayment(json);
          return {
            providerPaymentId: payment.id,
            status: payment.status,
            confirmationUrl: payment.confirmation?.confirmation_url ?? null,
          };
        } catch (err) {
          if (!(err instanceof ProviderError) || !err.retryable) throw err;
          last = err;
        }
      }
      throw last ?? new ProviderError('server', 'Платёжная система временно не работает. Попробуйте ещё раз позже.');
    },

    async getPayment(providerPaymentId: string): Promise<ProviderPayment | null> {
      const { status, json } = await call('GET', `/payments/${encodeURIComponent(providerPaymentId)}`);
      if (status === 404) return null;
      if (status !== 200) throw failure(status, json);
      const p = parsePayment(json);
      return {
        providerPaymentId: p.id,
        status: p.status,
        amountKopecks: decimalToKopecks(p.amount.value),
        currency: p.amount.currency,
        paid: p.paid,
        metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, String(v)])),
        capturedAt: p.captured_at ? Date.parse(p.captured_at) || null : null,
        cancellationReason: p.cancellation_details?.reason ?? null,
      };
    },

    parseNotification(body: unknown): PaymentNotice | null {
      const parsed = notificationSchema.safeParse(body);
      if (!parsed.success) return null;
      const { event, object } = parsed.data;
      const providerPaymentId = event === 'refund.succeeded' ? object.payment_id : object.id;
      return providerPaymentId ? { providerPaymentId, event: event as NotificationEvent } : null;
    },
  };
}

function parsePayment(json: unknown): z.infer<typeof paymentSchema> {
  const parsed = paymentSchema.safeParse(json);
  if (!parsed.success) throw new ProviderError('server', 'Платёжная система прислала непонятный ответ. Попробуйте ещё раз позже.', parsed.error.message);
  return parsed.data;
}

/** '1234.5' → 123450. */
export function decimalToKopecks(value: string): number {
  const [rubles = '0', fraction = ''] = value.split('.');
  return Number(rubles) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type { ProviderStatus };
