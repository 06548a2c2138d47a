// The ЮKassa adapter against a local server that follows the published API: authentication,
// the idempotence key on create (and its reuse after a timeout or a 5xx), statuses, errors, and
// which notification bodies it accepts. No database: the adapter alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildReceipt, type FiscalReceipt } from '../../../shared/payments/fiscal.ts';
import { ProviderError } from '../../../shared/payments/provider.ts';
import { createYookassaProvider } from '../../../shared/payments/yookassa.ts';
import { startFakeYookassa, type FakeYookassa } from '../../support/fake-yookassa.ts';

describe('ЮKassa adapter', () => {
  let fake: FakeYookassa;
  before(async () => {
    fake = await startFakeYookassa();
  });
  after(() => fake.close());

  const provider = (o: { secretKey?: string; timeoutMs?: number } = {}) =>
    createYookassaProvider({ shopId: fake.shopId, secretKey: o.secretKey ?? fake.secretKey, apiUrl: fake.apiUrl, timeoutMs: o.timeoutMs ?? 2_000, retryDelayMs: 20 });
  const input = (key: string, amount = 123_456) => ({
    amountKopecks: amount, description: 'Оплата ЖКУ, лицевой счёт 00001234', returnUrl: 'https://lk.example.ru/pay/return/x',
    idempotenceKey: key, method: 'card' as const, metadata: { attemptId: 'a1', account: '00001234' },
  });

  it('creates a pending payment with a redirect confirmation, the amount in rubles with kopecks', async () => {
    const created = await provider().createPayment(input('key-create'));
    assert.equal(created.status, 'pending');
    assert.equal(created.confirmationUrl, `${fake.url}/checkout/${created.providerPaymentId}`);
    const stored = fake.payments.get(created.providerPaymentId);
    assert.deepEqual(stored?.amount, { value: '1234.56', currency: 'RUB' });
    assert.equal(stored?.confirmation.return_url, 'https://lk.example.ru/pay/return/x');
    assert.deepEqual(stored?.metadata, { attemptId: 'a1', account: '00001234' });
    assert.equal(fake.requests.at(-1)?.idempotenceKey, 'key-create');
  });

  it('reads a payment back, and null for an unknown id', async () => {
    const created = await provider().createPayment(input('key-read'));
    fake.succeed(created.providerPaymentId);
    const payment = await provider().getPayment(created.providerPaymentId);
    assert.equal(payment?.status, 'succeeded');
    assert.equal(payment?.paid, true);
    assert.equal(payment?.amountKopecks, 123_456);
    assert.equal(payment?.currency, 'RUB');
    assert.equal(payment?.metadata.attemptId, 'a1');
    assert.ok(payment?.capturedAt);
    assert.equal(await provider().getPayment('2aaaaaaa-0000-0000-0000-000000000000'), null);
  });

  it('refuses with a Russian message when the secret key is wrong', async () => {
    await assert.rejects(provider({ secretKey: 'wrong-secret-key' }).createPayment(input('key-auth')), (err: unknown) => {
      assert.ok(err instanceof ProviderError);
      assert.equal(err.kind, 'auth');
      assert.match(err.message, /магазин не настроен/);
      return true;
    });
  });

  it('the same key gives the same payment; the same key with another amount is an idempotence error', async () => {
    const first = await provider().createPayment(input('key-same'));
    const again = await provider().createPayment(input('key-same'));
    assert.equal(again.providerPaymentId, first.providerPaymentId);
    await assert.rejects(provider().createPayment(input('key-same', 100)), (err: unknown) => err instanceof ProviderError && err.kind === 'idempotence');
  });

  it('retries a create after 5xx with the same key, and creates one payment', async () => {
    const before = fake.payments.size;
    fake.failNext(2);
    const created = await provider().createPayment(input('key-5xx'));
    const posts = fake.requests.filter((r) => r.idempotenceKey === 'key-5xx');
    assert.equal(posts.length, 3);
    assert.equal(fake.payments.size, before + 1);
    assert.ok(fake.payments.has(created.providerPaymentId));
  });

  it('times out with a Russian message, and a later retry with the key finds the payment made meanwhile', async () => {
    const before = fake.payments.size;
    fake.delayMs = 400;
    try {
      await assert.rejects(provider({ timeoutMs: 100 }).createPayment(input('key-timeout')), (err: unknown) => {
        assert.ok(err instanceof ProviderError);
        assert.equal(err.kind, 'timeout');
        assert.match(err.message, /не ответила вовремя/);
        return true;
      });
    } finally {
      fake.delayMs = 0;
    }
    assert.equal(fake.payments.size, before + 1, 'the provider did create it; only the answer was late');
    const created = await provider().createPayment(input('key-timeout'));
    assert.equal(fake.payments.size, before + 1);
    assert.ok(fake.payments.has(created.providerPaymentId));
  });

  it('takes only the id and event from a notification', () => {
    const p = provider();
    assert.deepEqual(p.parseNotification({ type: 'notification', event: 'payment.succeeded', object: { id: 'abc', status: 'succeeded', amount: { value: '1.00' } } }), {
      providerPaymentId: 'abc', event: 'payment.succeeded',
    });
    assert.deepEqual(p.parseNotification({ type: 'notification', event: 'refund.succeeded', object: { id: 'r1', payment_id: 'abc' } }), {
      providerPaymentId: 'abc', event: 'refund.succeeded',
    });
    assert.equal(p.parseNotification({ type: 'notification', event: 'payment.hacked', object: { id: 'abc' } }), null);
    assert.equal(p.parseNotification({ event: 'payment.succeeded', object: { id: 'abc' } }), null);
    assert.equal(p.parseNotification('payment.succeeded'), null);
  });
});

describe('ЮKassa adapter with 54-ФЗ receipts (a fiscal shop)', () => {
  let fake: FakeYookassa;
  before(async () => {
    fake = await startFakeYookassa({ fiscal: true });
  });
  after(() => fake.close());

  const provider = () => createYookassaProvider({ shopId: fake.shopId, secretKey: fake.secretKey, apiUrl: fake.apiUrl, timeoutMs: 2_000, retryDelayMs: 20 });
  const fiscal = { issuer: 'yookassa', vatCode: 1, paymentSubject: 'service', paymentMode: 'full_payment' } as const;
  const input = (key: string, receipt?: FiscalReceipt) => ({
    amountKopecks: 70_050, description: 'Оплата ЖКУ, лицевой счёт 00001234', returnUrl: 'https://lk.example.ru/pay/return/x',
    idempotenceKey: key, method: 'card' as const, metadata: { attemptId: 'a1', account: '00001234' }, ...(receipt ? { receipt } : {}),
  });

  it('sends the receipt in ЮKassa\'s format: customer, one item with the payment\'s amount, codes from the settings', async () => {
    const receipt = buildReceipt({ ...fiscal, taxSystemCode: 2 }, { customer: { email: 'ivanov@example.ru' }, lines: [{ accountNumber: '00001234', period: '2026-10', amountKopecks: 70_050 }] });
    const created = await provider().createPayment(input('fiscal-ok', receipt));
    assert.deepEqual(fake.payments.get(created.providerPaymentId)?.receipt, {
      customer: { email: 'ivanov@example.ru' },
      items: [{
        description: 'Оплата ЖКУ, л/с 00001234, октябрь 2026', quantity: '1.00', amount: { value: '700.50', currency: 'RUB' },
        vat_code: 1, payment_subject: 'service', payment_mode: 'full_payment', measure: 'piece',
      }],
      tax_system_code: 2,
    });
  });

  it('a payment without a receipt, or with one that does not add up, is refused (400) with a Russian message, not retried', async () => {
    const before = fake.requests.length;
    await assert.rejects(provider().createPayment(input('fiscal-none')), (err: unknown) => {
      assert.ok(err instanceof ProviderError);
      assert.equal(err.kind, 'receipt');
      assert.equal(err.retryable, false);
      assert.match(err.message, /не приняла данные для кассового чека/);
      assert.match(err.detail ?? '', /\(receipt\)/);
      return true;
    });
    assert.equal(fake.requests.length, before + 1, 'one request: a refused receipt is not sent again');
    const wrongSum = buildReceipt(fiscal, { customer: { email: 'ivanov@example.ru' }, lines: [{ accountNumber: '00001234', period: '2026-10', amountKopecks: 70_000 }] });
    await assert.rejects(provider().createPayment(input('fiscal-sum', wrongSum)), (err: unknown) => err instanceof ProviderError && err.kind === 'receipt');
    const noContact = { ...wrongSum, customer: { email: 'нет' } } as FiscalReceipt;
    await assert.rejects(provider().createPayment(input('fiscal-contact', noContact)), (err: unknown) => err instanceof ProviderError && /receipt\.customer/.test(err.detail ?? ''));
    assert.equal(fake.payments.size, 1, 'only the valid payment exists');
  });

  it('a phone in 7XXXXXXXXXX form is a customer for an online cash register', async () => {
    const receipt = buildReceipt({ ...fiscal, issuer: 'cash_register' }, { customer: { phone: '79151234567' }, lines: [{ accountNumber: '00001234', period: '2026-10', amountKopecks: 70_050 }] });
    const created = await provider().createPayment(input('fiscal-phone', receipt));
    assert.deepEqual(fake.payments.get(created.providerPaymentId)?.receipt?.customer, { phone: '79151234567' });
  });
});

// СБП as ЮKassa publishes it (payment-acceptance/…/manual-integration/other/sbp): payment method
// type `sbp`, confirmation by redirect (ЮKassa's page shows the QR on a desktop and opens the
// bank's app on a phone), one stage only; settled like any payment once it has succeeded.
describe('ЮKassa adapter with СБП', () => {
  let fake: FakeYookassa;
  before(async () => {
    fake = await startFakeYookassa();
  });
  after(() => fake.close());

  const provider = () => createYookassaProvider({ shopId: fake.shopId, secretKey: fake.secretKey, apiUrl: fake.apiUrl, timeoutMs: 2_000, retryDelayMs: 20 });
  const input = (key: string, method: 'card' | 'sbp') => ({
    amountKopecks: 150_000, description: 'Оплата ЖКУ, лицевой счёт 00001234', returnUrl: 'https://lk.example.ru/pay/return/s',
    idempotenceKey: key, method, metadata: { attemptId: 'a2', account: '00001234' },
  });
  const bodyOf = (key: string) => fake.requests.find((r) => r.idempotenceKey === key)?.body as Record<string, unknown> | undefined;

  it('offers cards and СБП', () => {
    assert.deepEqual(provider().methods, ['card', 'sbp']);
  });

  it('asks for payment method sbp with a redirect confirmation and one-stage capture', async () => {
    const created = await provider().createPayment(input('sbp-create', 'sbp'));
    const body = bodyOf('sbp-create');
    assert.deepEqual(body?.payment_method_data, { type: 'sbp' });
    assert.deepEqual(body?.confirmation, { type: 'redirect', return_url: 'https://lk.example.ru/pay/return/s' });
    assert.equal(body?.capture, true);
    assert.equal(created.status, 'pending');
    assert.equal(created.confirmationUrl, `${fake.url}/checkout/${created.providerPaymentId}`);
    assert.equal(fake.payments.get(created.providerPaymentId)?.payment_method?.type, 'sbp');
  });

  it('a card payment names no method, as before: the request is unchanged for retries of older attempts', async () => {
    const created = await provider().createPayment(input('card-create', 'card'));
    assert.equal(bodyOf('card-create')?.payment_method_data, undefined);
    assert.equal(fake.payments.get(created.providerPaymentId)?.payment_method, undefined);
  });

  it('the same key with another method is an idempotence error, not a second payment', async () => {
    await provider().createPayment(input('sbp-same', 'sbp'));
    await assert.rejects(provider().createPayment(input('sbp-same', 'card')), (err: unknown) => err instanceof ProviderError && err.kind === 'idempotence');
  });

  it('reads a paid СБП payment back as succeeded and paid, ready to be credited', async () => {
    const created = await provider().createPayment(input('sbp-paid', 'sbp'));
    assert.equal((await provider().getPayment(created.providerPaymentId))?.status, 'pending');
    fake.succeed(created.providerPaymentId);
    const payment = await provider().getPayment(created.providerPaymentId);
    assert.equal(payment?.status, 'succeeded');
    assert.equal(payment?.paid, true);
    assert.equal(payment?.amountKopecks, 150_000);
    assert.equal(payment?.metadata.attemptId, 'a2');
    assert.ok(payment?.capturedAt);
  });
});
