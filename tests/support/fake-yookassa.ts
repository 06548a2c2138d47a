// A local stand-in for the ЮKassa API v3, following its published behaviour closely enough to
// catch mistakes in our adapter: Basic auth (shopId:secretKey, 401 otherwise), Idempotence-Key
// required on POST and honoured (same key and body → the same payment; same key, other body →
// 400 invalid_request), payments created `pending` and moved to succeeded/canceled by the test,
// GET /payments/:id (404 not_found), JSON error bodies `{type:'error', code, description}`.
// Tests can delay answers (a provider that times out), fail the next requests with 5xx, and post
// notifications to our site as ЮKassa would. A `/checkout/:id` page stands in for the payment form.
// A fiscal shop (`fiscal: true`, «Чеки от ЮKassa» or a connected online cash register) refuses a
// payment without a valid `receipt` — customer e-mail or phone, items with description ≤ 128,
// quantity, amount in RUB, vat_code 1–10, payment_subject, payment_mode, their sum equal to the
// payment — with 400 invalid_request and `parameter` naming the receipt field, as ЮKassa answers.
// `payment_method_data` picks the method up front (without it the payer chooses on ЮKassa's page):
// `bank_card` or `sbp`; СБП confirms by redirect only (ЮKassa's page shows the QR on a desktop and
// opens the bank's app on a phone) and cannot be paid in two stages (capture: false). The payment
// answers with `payment_method: { type, id, saved }` as ЮKassa does.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { setSetting } from '../../shared/settings/settings.ts';
import { startTestSite, type TestSite } from './site.ts';

export interface FakePayment {
  id: string;
  status: 'pending' | 'waiting_for_capture' | 'succeeded' | 'canceled';
  paid: boolean;
  amount: { value: string; currency: string };
  description?: string;
  metadata: Record<string, string>;
  /** The receipt data the payment was created with (a fiscal shop keeps it for the receipt). */
  receipt?: Record<string, unknown>;
  /** Set when the create named a method (payment_method_data), as ЮKassa answers it. */
  payment_method?: { type: string; id: string; saved: boolean };
  confirmation: { type: 'redirect'; confirmation_url: string; return_url: string };
  created_at: string;
  captured_at?: string;
  cancellation_details?: { party: string; reason: string };
  test: true;
  recipient: { account_id: string; gateway_id: string };
}

export interface FakeYookassa {
  url: string;
  apiUrl: string;
  shopId: string;
  secretKey: string;
  payments: Map<string, FakePayment>;
  /** Every API request, in order: method, path, idempotence key, and the JSON body of a POST. */
  requests: { method: string; path: string; idempotenceKey: string | null; body?: unknown }[];
  /** The shop registers 54-ФЗ receipts: a create without valid receipt data is refused. */
  fiscal: boolean;
  /** With fiscal on: «Чеки от ЮKassa» deliver by e-mail only, so a phone-only customer is refused. */
  emailOnlyReceipts: boolean;
  /** Answers to the next requests wait this long (the payment is still created at once). */
  delayMs: number;
  /** The next N API requests answer 500 without doing anything. */
  failNext(n: number): void;
  succeed(id: string): FakePayment;
  cancel(id: string, reason?: string): FakePayment;
  /** Changes a payment behind our back (a forged or mismatched state). */
  patch(id: string, changes: Partial<FakePayment>): FakePayment;
  /** POSTs a notification body to our site's webhook, as ЮKassa does. */
  notify(siteUrl: string, event: string, object: Record<string, unknown>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startFakeYookassa(options: { shopId?: string; secretKey?: string; fiscal?: boolean; emailOnlyReceipts?: boolean } = {}): Promise<FakeYookassa> {
  const shopId = options.shopId ?? '123456';
  const secretKey = options.secretKey ?? 'test_secret_key_0123456789';
  const payments = new Map<string, FakePayment>();
  const byKey = new Map<string, { body: string; payment: FakePayment }>();
  const requests: FakeYookassa['requests'] = [];
  let failures = 0;
  let base = '';

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/checkout/')) return checkout(req, res, url, body);
    if (!url.pathname.startsWith('/v3/')) return send(res, 404, error('not_found', 'Unknown path'));
    const key = header(req, 'idempotence-key');
    requests.push({ method: req.method ?? '', path: url.pathname, idempotenceKey: key, ...(req.method === 'POST' ? { body: parseJson(body) } : {}) });
    const delay = fake.delayMs;
    const reply = (status: number, json: unknown) => (delay > 0 ? setTimeout(() => send(res, status, json), delay) : send(res, status, json));
    if (failures > 0) {
      failures--;
      return reply(500, error('internal_server_error', 'Internal server error'));
    }
    if (header(req, 'authorization') !== `Basic ${Buffer.from(`${shopId}:${secretKey}`).toString('base64')}`) {
      return reply(401, error('invalid_credentials', "Basic authentication failed: wrong shopId or secret key"));
    }
    if (req.method === 'POST' && url.pathname === '/v3/payments') {
      if (!key) return reply(400, error('invalid_request', 'Idempotence key is missing', 'Idempotence-Key'));
      const seen = byKey.get(key);
      if (seen) {
        return seen.body === body
          ? reply(200, seen.payment)
          : reply(400, error('invalid_request', 'Idempotence key duplicated with different request parameters', 'Idempotence-Key'));
      }
      const problem = validateCreate(body) ?? (fake.fiscal ? receiptProblem(body, fake.emailOnlyReceipts) : null);
      if (problem) return reply(400, typeof problem === 'string' ? error('invalid_request', problem) : error('invalid_request', problem.description, problem.parameter));
      const input = JSON.parse(body) as {
        amount: FakePayment['amount']; description?: string; metadata?: Record<string, string>; confirmation: { return_url: string }; receipt?: Record<string, unknown>;
        payment_method_data?: { type: string };
      };
      const id = `2${randomUUID().slice(1)}`;
      const payment: FakePayment = {
        id, status: 'pending', paid: false, amount: input.amount, description: input.description, metadata: input.metadata ?? {},
        ...(fake.fiscal && input.receipt ? { receipt: input.receipt } : {}),
        ...(input.payment_method_data ? { payment_method: { type: input.payment_method_data.type, id, saved: false } } : {}),
        confirmation: { type: 'redirect', confirmation_url: `${base}/checkout/${id}`, return_url: input.confirmation.return_url },
        created_at: new Date().toISOString(), test: true, recipient: { account_id: shopId, gateway_id: '1' },
      };
      payments.set(id, payment);
      byKey.set(key, { body, payment });
      return reply(200, payment);
    }
    const match = /^\/v3\/payments\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && match) {
      const payment = payments.get(match[1] ?? '');
      return payment ? reply(200, payment) : reply(404, error('not_found', 'Payment not found'));
    }
    return reply(404, error('not_found', 'Unknown method'));
  }

  // The payer's page: «Оплатить» succeeds the payment and sends the browser back to the shop.
  function checkout(req: IncomingMessage, res: ServerResponse, url: URL, body: string) {
    const payment = payments.get(url.pathname.slice('/checkout/'.length));
    if (!payment) return send(res, 404, error('not_found', 'Payment not found'));
    if (req.method === 'POST') {
      if (new URLSearchParams(body).get('outcome') === 'cancel') fake.cancel(payment.id);
      else fake.succeed(payment.id);
      res.writeHead(303, { location: payment.confirmation.return_url }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="ru"><head><title>ЮKassa (тест)</title></head>
<body><main><h1>Оплата заказа</h1><p>${payment.amount.value} ${payment.amount.currency}</p>
<form method="post"><button name="outcome" value="pay">Заплатить</button> <button name="outcome" value="cancel">Отказаться</button></form></main></body></html>`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const get = (id: string) => {
    const p = payments.get(id);
    if (!p) throw new Error(`fake ЮKassa: no payment ${id}`);
    return p;
  };
  const fake: FakeYookassa = {
    url: base,
    apiUrl: `${base}/v3`,
    shopId,
    secretKey,
    payments,
    requests,
    fiscal: options.fiscal ?? false,
    emailOnlyReceipts: options.emailOnlyReceipts ?? false,
    delayMs: 0,
    failNext: (n) => void (failures = n),
    succeed(id) {
      const p = get(id);
      if (p.status === 'pending') Object.assign(p, { status: 'succeeded', paid: true, captured_at: new Date().toISOString() });
      return p;
    },
    cancel(id, reason = 'expired_on_confirmation') {
      const p = get(id);
      if (p.status === 'pending') Object.assign(p, { status: 'canceled', cancellation_details: { party: 'yoo_money', reason } });
      return p;
    },
    patch: (id, changes) => Object.assign(get(id), changes),
    async notify(siteUrl, event, object) {
      const res = await fetch(`${siteUrl}/pay/notifications/yookassa`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'notification', event, object }),
      });
      return { status: res.status, body: await res.text() };
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return fake;
}

function validateCreate(body: string): string | null {
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return 'Request body is not valid JSON';
  }
  const amount = input.amount as { value?: unknown; currency?: unknown } | undefined;
  if (typeof amount?.value !== 'string' || !/^\d+\.\d{2}$/.test(amount.value) || amount.currency !== 'RUB') return 'Invalid amount';
  const confirmation = input.confirmation as { type?: unknown; return_url?: unknown } | undefined;
  if (confirmation?.type !== 'redirect' || typeof confirmation.return_url !== 'string') return 'Invalid confirmation';
  const method = input.payment_method_data as { type?: unknown } | undefined;
  if (method !== undefined) {
    if (typeof method !== 'object' || method === null || !METHOD_TYPES.has(String(method.type))) return 'Invalid payment_method_data.type';
    if (method.type === 'sbp' && input.capture === false) return 'Payment method sbp does not support two-stage payments';
  }
  if (typeof input.description === 'string' && input.description.length > 128) return 'Description is too long';
  return null;
}

/** The methods this fake knows to name up front; others are refused as an unknown type. */
const METHOD_TYPES = new Set(['bank_card', 'sbp']);

const PAYMENT_SUBJECTS = new Set([
  'commodity', 'excise', 'job', 'service', 'gambling_bet', 'gambling_prize', 'lottery', 'lottery_prize', 'intellectual_activity',
  'payment', 'agent_commission', 'composite', 'another', 'property_right', 'non-operating_gain', 'insurance_premium', 'sales_tax', 'resort_fee',
]);
const PAYMENT_MODES = new Set(['full_prepayment', 'partial_prepayment', 'advance', 'full_payment', 'partial_payment', 'credit', 'credit_payment']);
const MONEY = /^\d+\.\d{2}$/;

/** What a fiscal shop's ЮKassa says about the `receipt` of a create request; null when it is valid. */
function receiptProblem(body: string, emailOnly: boolean): { description: string; parameter: string } | null {
  const input = JSON.parse(body) as { amount: { value: string }; receipt?: unknown };
  const bad = (parameter: string, description = 'Receipt is missing or illegal') => ({ description, parameter });
  const receipt = input.receipt as Record<string, unknown> | undefined;
  if (!receipt || typeof receipt !== 'object') return bad('receipt');
  const customer = receipt.customer as { email?: unknown; phone?: unknown } | undefined;
  const email = typeof customer?.email === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customer.email);
  const phone = typeof customer?.phone === 'string' && /^\d{11,15}$/.test(customer.phone);
  if (!email && (!phone || emailOnly)) return bad('receipt.customer', 'Receipt customer email or phone is missing or illegal');
  if (receipt.tax_system_code !== undefined && !(Number.isInteger(receipt.tax_system_code) && Number(receipt.tax_system_code) >= 1 && Number(receipt.tax_system_code) <= 6)) {
    return bad('receipt.tax_system_code');
  }
  const items = receipt.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) return bad('receipt.items');
  let total = 0;
  for (const [i, raw] of items.entries()) {
    const item = raw as Record<string, unknown>;
    const at = (field: string) => bad(`receipt.items[${i}].${field}`);
    if (typeof item.description !== 'string' || item.description.length === 0 || item.description.length > 128) return at('description');
    const quantity = typeof item.quantity === 'string' || typeof item.quantity === 'number' ? Number(item.quantity) : NaN;
    if (!(quantity > 0)) return at('quantity');
    const amount = item.amount as { value?: unknown; currency?: unknown } | undefined;
    if (typeof amount?.value !== 'string' || !MONEY.test(amount.value) || amount.currency !== 'RUB') return at('amount');
    if (!Number.isInteger(item.vat_code) || Number(item.vat_code) < 1 || Number(item.vat_code) > 10) return at('vat_code');
    if (!PAYMENT_SUBJECTS.has(String(item.payment_subject))) return at('payment_subject');
    if (!PAYMENT_MODES.has(String(item.payment_mode))) return at('payment_mode');
    total += Math.round(Number(amount.value) * 100 * quantity);
  }
  if (total !== Math.round(Number(input.amount.value) * 100)) return bad('receipt.items', 'Receipt items amount does not match the payment amount');
  return null;
}

const error = (code: string, description: string, parameter?: string) => ({ type: 'error', id: randomUUID(), code, description, ...(parameter ? { parameter } : {}) });

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function send(res: ServerResponse, status: number, json: unknown) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The site's settings that point its ЮKassa client at this fake (a short timeout, for the timeout tests). */
export function yookassaEnv(fake: FakeYookassa, timeoutMs = 200): Record<string, string> {
  return { YOOKASSA_SHOP_ID: fake.shopId, YOOKASSA_SECRET_KEY: fake.secretKey, YOOKASSA_API_URL: fake.apiUrl, YOOKASSA_TIMEOUT_MS: String(timeoutMs) };
}

/** A real site paying through a local ЮKassa (startYookassaSite); `close` stops both. */
export interface YookassaSite {
  site: TestSite;
  fake: FakeYookassa;
  close(): Promise<void>;
}

/** A local ЮKassa and a real site paying through it (setting `payments.provider` = 'yookassa'). */
export async function startYookassaSite(
  db: Knex,
  options: { fake?: Parameters<typeof startFakeYookassa>[0]; timeoutMs?: number } = {},
): Promise<YookassaSite> {
  const fake = await startFakeYookassa(options.fake);
  const site = await startTestSite(db, { env: yookassaEnv(fake, options.timeoutMs) });
  await setSetting(db, 'payments.provider', 'yookassa');
  return {
    site,
    fake,
    async close() {
      await site.close();
      await fake.close();
    },
  };
}
