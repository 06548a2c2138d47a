// Payment and notification settings in the console: the provider in effect, the ЮKassa shop with a
// write-only secret key (kept when the field is empty, never sent back nor audited, overridden by
// YOOKASSA_SECRET_KEY), 54-ФЗ receipt data, the due day, the SMS gateway with a write-only
// api_id, the debt threshold typed in roubles and stored in kopecks; administrators only.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { activeProvider } from '../../../shared/payments/configure.ts';
import { getSetting, setSetting } from '../../../shared/settings/settings.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { auditRows, consoleAs, refusal, type ConsoleCaller } from './console-caller.ts';

const KEY = 'live_Sekret-Key-0123456789';
const SHOP = { shopId: '123456', returnUrlBase: '', checkNotifierIp: true };

forEachEngine('console: payment and notification settings', (ctx) => {
  const database = ctx.databaseForSuite();
  let admin: StaffFixture;
  let asAdmin: ConsoleCaller;

  before(async () => {
    const { db } = database();
    admin = await createStaff(db, 'administrator');
    asAdmin = await consoleAs(db, admin);
  });

  it('is for administrators only', async () => {
    const { db } = database();
    const asOperator = await consoleAs(db, await createStaff(db, 'operator'));
    assert.equal((await refusal(asOperator, 'getSettings', {})).id, 'forbidden');
    assert.equal((await refusal(asOperator, 'updateSettings', { payments: { provider: 'none' } })).id, 'forbidden');
    assert.equal(await getSetting(db, 'payments.provider'), 'sandbox');
  });

  it('names each wrong field in Russian', async () => {
    const error = await refusal(asAdmin, 'updateSettings', {
      payments: {
        provider: 'paypal',
        dueDay: 31,
        yookassa: { shopId: 'shop-1', secretKey: 'short', returnUrlBase: 'lk.example.ru/pay', checkNotifierIp: false },
        fiscal: { issuer: 'kkm', vatCode: 11, taxSystemCode: 0, paymentSubject: 'commodity', paymentMode: 'credit' },
      },
      sms: { apiId: 'x', sender: 'KKP-Desnogorsk', baseUrl: 'sms.ru' },
      notifications: { debtThreshold: 'пять тысяч' },
    });
    assert.equal(error.id, 'validation');
    assert.deepEqual(Object.fromEntries(error.fieldErrors.map((e) => [e.field, e.message])), {
      'payments.provider': 'Выберите способ оплаты картой',
      'payments.dueDay': 'День оплаты — число от 1 до 28',
      'payments.yookassa.shopId': 'shopId магазина ЮKassa — число',
      'payments.yookassa.secretKey': 'Секретный ключ ЮKassa — не короче 8 знаков',
      'payments.yookassa.returnUrlBase': 'Адрес вида https://lk.example.ru',
      'payments.fiscal.issuer': 'Выберите, кто формирует чеки',
      'payments.fiscal.vatCode': 'Выберите ставку НДС',
      'payments.fiscal.taxSystemCode': 'Выберите систему налогообложения',
      'payments.fiscal.paymentSubject': 'Выберите предмет расчёта',
      'payments.fiscal.paymentMode': 'Выберите способ расчёта',
      'sms.apiId': 'api_id из личного кабинета sms.ru',
      'sms.sender': 'Имя отправителя — до 11 латинских букв и цифр',
      'sms.baseUrl': 'Адрес вида https://sms.ru',
      'notifications.debtThreshold': 'Укажите сумму в рублях, например 1500,50',
    });
  });

  it('refuses ЮKassa without a shop and key, and the sandbox where this server forbids it', async () => {
    const { db } = database();
    const noShop = await refusal(asAdmin, 'updateSettings', { payments: { provider: 'yookassa' } });
    assert.deepEqual(noShop.fieldErrors, [
      { field: 'payments.yookassa.shopId', message: 'Укажите shopId магазина ЮKassa' },
      { field: 'payments.yookassa.secretKey', message: 'Укажите секретный ключ магазина ЮKassa' },
    ]);
    const noKey = await refusal(asAdmin, 'updateSettings', { payments: { provider: 'yookassa', yookassa: { ...SHOP, secretKey: '' } } });
    assert.deepEqual(noKey.fieldErrors.map((e) => e.field), ['payments.yookassa.secretKey']);
    const production = await consoleAs(db, admin, Date.now, { NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40) });
    const sandbox = await refusal(production, 'updateSettings', { payments: { provider: 'sandbox' } });
    assert.deepEqual(sandbox.fieldErrors.map((e) => e.field), ['payments.provider']);
    assert.equal(await getSetting(db, 'payments.yookassa'), null, 'nothing saved');

    // A provider left unusable (its key removed from the environment) does not block other sections.
    await setSetting(db, 'payments.provider', 'yookassa');
    try {
      const another = await consoleAs(db, await createStaff(db, 'administrator'));
      await another.call('updateSettings', { emergencyPhone: '+7 (48153) 0-00-02' });
      const view = await another.call('getSettings', {});
      assert.deepEqual(view.payments.inEffect, { name: 'yookassa', working: false, label: 'Не работает: не указан shopId магазина ЮKassa' });
    } finally {
      await setSetting(db, 'payments.provider', 'sandbox');
    }
  });

  it('switches to ЮKassa with a write-only key: shown as set, kept when empty, never returned or audited', async () => {
    const { db } = database();
    const view = await asAdmin.call('updateSettings', { payments: { provider: 'yookassa', yookassa: { ...SHOP, secretKey: KEY } } });
    assert.deepEqual(view.payments.yookassa, { shopId: '123456', secretKeySet: true, returnUrlBase: '', checkNotifierIp: true });
    assert.deepEqual(view.payments.inEffect, { name: 'yookassa', working: true, label: 'ЮKassa, магазин 123456' });
    assert.ok(!JSON.stringify(view).includes(KEY));

    // The site takes payments through this shop now.
    const setup = await activeProvider({ db, config: loadConfig({ NODE_ENV: 'test' }), now: Date.now });
    assert.equal(setup?.provider.name, 'yookassa');

    const moved = await asAdmin.call('updateSettings', { payments: { yookassa: { ...SHOP, shopId: '654321', secretKey: '', returnUrlBase: 'https://lk.example.ru' } } });
    assert.equal(moved.payments.inEffect.label, 'ЮKassa, магазин 654321');
    assert.deepEqual(await getSetting(db, 'payments.yookassa'), { shopId: '654321', secretKey: KEY, returnUrlBase: 'https://lk.example.ru', checkNotifierIp: true });
    assert.ok(!JSON.stringify(await asAdmin.call('getSettings', {})).includes(KEY));

    const changes = (await auditRows(db, admin.id, 'settings.update')).map((r) => JSON.parse(r.details ?? '{}').changed);
    assert.deepEqual(changes, [['payments.provider', 'payments.yookassa'], ['payments.yookassa.returnUrlBase', 'payments.yookassa.shopId']]);
    await asAdmin.call('updateSettings', { payments: { yookassa: { ...SHOP, shopId: '654321', secretKey: 'live_Another-Key-987', returnUrlBase: 'https://lk.example.ru' } } });
    assert.deepEqual(JSON.parse((await auditRows(db, admin.id, 'settings.update')).at(-1)?.details ?? '{}').changed, ['payments.yookassa.secretKey']);
    const audit = JSON.stringify(await db('audit_log'));
    assert.ok(!audit.includes(KEY) && !audit.includes('live_Another-Key-987'), 'no key in the audit log');
  });

  it('says when YOOKASSA_SECRET_KEY and YOOKASSA_SHOP_ID in the environment win', async () => {
    const { db } = database();
    const withEnv = await consoleAs(db, admin, Date.now, { YOOKASSA_SHOP_ID: '777000', YOOKASSA_SECRET_KEY: 'env_key_0123456789' });
    const view = await withEnv.call('getSettings', {});
    assert.deepEqual(view.payments.env, { shopId: '777000', secretKey: true });
    assert.equal(view.payments.inEffect.label, 'ЮKassa, магазин 777000');
    assert.ok(!JSON.stringify(view).includes('env_key_0123456789'));
  });

  it('stores 54-ФЗ receipt settings, the due day and switches card payment off', async () => {
    const { db } = database();
    const fiscal = { issuer: 'yookassa' as const, vatCode: 1, paymentSubject: 'service' as const, paymentMode: 'full_payment' as const };
    const view = await asAdmin.call('updateSettings', { payments: { fiscal, dueDay: 15 } });
    assert.deepEqual(view.payments.fiscal, { ...fiscal, taxSystemCode: null });
    assert.deepEqual(await getSetting(db, 'payments.fiscal'), fiscal);
    assert.equal(await getSetting(db, 'payments.dueDay'), 15);
    await asAdmin.call('updateSettings', { payments: { fiscal: { ...fiscal, taxSystemCode: 2 } } });
    assert.deepEqual(JSON.parse((await auditRows(db, admin.id, 'settings.update')).at(-1)?.details ?? '{}').changed, ['payments.fiscal.taxSystemCode']);

    const off = await asAdmin.call('updateSettings', { payments: { provider: 'none', fiscal: null } });
    assert.deepEqual(off.payments.inEffect, { name: 'none', working: false, label: 'Оплата картой выключена' });
    assert.equal(off.payments.fiscal, null);
    assert.equal(await activeProvider({ db, config: loadConfig({ NODE_ENV: 'test' }), now: Date.now }), null);
  });

  it('keeps the SMS api_id write-only and takes the debt threshold in roubles', async () => {
    const { db } = database();
    const missing = await refusal(asAdmin, 'updateSettings', { sms: { apiId: '', sender: 'KKP', baseUrl: '' } });
    assert.deepEqual(missing.fieldErrors, [{ field: 'sms.apiId', message: 'Укажите api_id из личного кабинета sms.ru' }]);

    const apiId = 'A1B2C3D4-SMS-0000';
    const view = await asAdmin.call('updateSettings', { sms: { apiId, sender: 'KKP', baseUrl: '' }, notifications: { debtThreshold: '7 500,50' } });
    assert.deepEqual(view.sms.gateway, { apiIdSet: true, sender: 'KKP', baseUrl: '' });
    assert.equal(view.sms.inEffect, 'Через шлюз sms.ru');
    assert.equal(view.notifications.debtThreshold, 750_050);
    assert.equal(await getSetting(db, 'notifications.debtThreshold'), 750_050);
    assert.ok(!JSON.stringify(view).includes(apiId));

    await asAdmin.call('updateSettings', { sms: { apiId: '', sender: 'KKP-2', baseUrl: 'https://gw.example.ru' } });
    assert.deepEqual(await getSetting(db, 'sms.gateway'), { apiId, sender: 'KKP-2', baseUrl: 'https://gw.example.ru' });
    const changes = (await auditRows(db, admin.id, 'settings.update')).map((r) => JSON.parse(r.details ?? '{}').changed).slice(-2);
    assert.deepEqual(changes, [['sms.gateway', 'notifications.debtThreshold'], ['sms.gateway.baseUrl', 'sms.gateway.sender']]);
    assert.ok(!JSON.stringify(await db('audit_log')).includes(apiId));

    const env = await consoleAs(db, admin, Date.now, { SMS_RU_API_ID: 'env-sms-api-id-1' });
    assert.equal((await env.call('getSettings', {})).sms.apiIdFromEnv, true);

    assert.equal((await asAdmin.call('updateSettings', { sms: null })).sms.gateway, null);
    const tooMuch = await refusal(asAdmin, 'updateSettings', { notifications: { debtThreshold: '2000000' } });
    assert.deepEqual(tooMuch.fieldErrors, [{ field: 'notifications.debtThreshold', message: 'Порог долга — не больше 1 000 000 ₽' }]);
  });
});
