// Company settings in the console: read, partial update with field-by-field Russian messages,
// bank details checked against the BIC, the SMTP password kept when omitted and never shown,
// the operator company created when missing, and an audit row naming what changed.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { getSetting } from '../../../shared/settings/settings.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createWorld, type World } from '../../support/factories.ts';
import { auditRows, consoleAs, refusal, type ConsoleCaller } from './console-caller.ts';

const SBER = {
  inn: '7707083893', kpp: '773601001', ogrn: '1027700132195', bankName: 'ПАО Сбербанк', bic: '044525225',
  correspondentAccount: '30101810400000000225', settlementAccount: '40702810938000012345',
};

forEachEngine('console: company settings', (ctx) => {
  const database = ctx.databaseForSuite();
  let world: World;
  let admin: StaffFixture;
  let asAdmin: ConsoleCaller;

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    admin = await createStaff(db, 'administrator');
    asAdmin = await consoleAs(db, admin);
  });

  it('shows the operator company and the settings, with defaults for what is unset', async () => {
    assert.deepEqual(await asAdmin.call('getSettings', {}), {
      company: {
        name: 'Муниципальное унитарное предприятие «Тестовое»', shortName: 'МУП «Тест»', inn: '6724000000', kpp: '672401001', ogrn: '',
        address: '', phone: '', email: '', bankName: 'ПАО Тестбанк', bic: '044525000',
        settlementAccount: '40702810000000000001', correspondentAccount: '30101810000000000000',
      },
      registrationMode: 'receipt_amount',
      readingsWindow: { startDay: 23, endDay: 25 },
      support: { phone: '+7 (48153) 0-00-00', email: '' },
      emergencyPhone: '+7 (48153) 0-00-01',
      smtp: null,
      payments: {
        provider: 'sandbox', inEffect: { name: 'sandbox', working: true, label: 'Тестовый режим (без банка)' }, sandboxAllowed: true, dueDay: 10,
        yookassa: null, env: { shopId: null, secretKey: false }, fiscal: null,
      },
      sms: { gateway: null, apiIdFromEnv: false, inEffect: 'Не отправляются: только запись в журнал (шлюз не настроен)' },
      notifications: { debtThreshold: 500_000 },
    });
  });

  it('names each wrong field in Russian', async () => {
    const error = await refusal(asAdmin, 'updateSettings', {
      company: { inn: '7707083894', kpp: '12345', ogrn: '1027700132194', bic: '123', settlementAccount: '4070281', name: '' },
      readingsWindow: { startDay: 26, endDay: 24 },
      registrationMode: 'by_phone',
      support: { email: 'not-an-address' },
      smtp: { host: '', port: 70000, secure: true, user: '', from: 'x' },
    });
    assert.equal(error.id, 'validation');
    const byField = Object.fromEntries(error.fieldErrors.map((e) => [e.field, e.message]));
    assert.deepEqual(byField, {
      'company.name': 'Укажите полное название организации',
      'company.inn': 'ИНН указан с ошибкой: не сходится контрольная цифра',
      'company.kpp': 'КПП состоит из 9 знаков: 4 цифры, 2 цифры или латинские буквы, 3 цифры',
      'company.ogrn': 'ОГРН указан с ошибкой: не сходится контрольная цифра',
      'company.bic': 'БИК состоит из 9 цифр',
      'company.settlementAccount': 'Расчётный счёт состоит из 20 цифр',
      registrationMode: 'Выберите способ регистрации',
      'readingsWindow.endDay': 'Последний день приёма показаний не может быть раньше первого',
      'support.email': 'E-mail абонентского отдела: адрес вида name@example.ru',
      'smtp.host': 'Укажите адрес SMTP-сервера',
      'smtp.port': 'Порт — число от 1 до 65535',
      'smtp.from': 'Адрес отправителя: name@example.ru или «Название <name@example.ru>»',
    });
    const day = await refusal(asAdmin, 'updateSettings', { readingsWindow: { startDay: 0, endDay: 32 } });
    assert.deepEqual(day.fieldErrors.map((e) => e.field), ['readingsWindow.startDay', 'readingsWindow.endDay']);
  });

  it('checks the accounts against the BIC, including the BIC already stored', async () => {
    const mismatch = await refusal(asAdmin, 'updateSettings', { company: { ...SBER, settlementAccount: '40702810038000012345' } });
    assert.deepEqual(mismatch.fieldErrors, [{ field: 'company.settlementAccount', message: 'Расчётный счёт не сходится с БИК банка: проверьте оба значения' }]);
    // The stored accounts (test data) do not agree with a new BIC: changing the BIC alone is refused.
    const bicOnly = await refusal(asAdmin, 'updateSettings', { company: { bic: SBER.bic } });
    assert.deepEqual(bicOnly.fieldErrors.map((e) => e.field), ['company.settlementAccount', 'company.correspondentAccount']);
    const corr = await refusal(asAdmin, 'updateSettings', { company: { ...SBER, correspondentAccount: '40702810938000012345' } });
    assert.deepEqual(corr.fieldErrors, [{ field: 'company.correspondentAccount', message: 'Корреспондентский счёт банка начинается с 30101' }]);
  });

  it('saves a partial update in the operator company and settings, and audits the changed keys', async () => {
    const { db } = database();
    const view = await asAdmin.call('updateSettings', {
      company: { ...SBER, name: '  МУП «Коммунальные системы»  ' },
      registrationMode: 'application_only',
      readingsWindow: { startDay: 20, endDay: 25 },
      support: { email: 'abon@kkp.example.ru' },
    });
    assert.equal(view.company.name, 'МУП «Коммунальные системы»');
    assert.equal(view.company.settlementAccount, SBER.settlementAccount);
    assert.equal(view.company.shortName, 'МУП «Тест»', 'fields not sent are kept');
    assert.equal(view.support.phone, '+7 (48153) 0-00-00');
    assert.equal(view.support.email, 'abon@kkp.example.ru');
    const row = await db('companies').where({ id: world.companyId }).first();
    assert.equal(row.inn, SBER.inn);
    assert.equal(row.bic, SBER.bic);
    assert.equal(await getSetting(db, 'registration.mode'), 'application_only');
    assert.deepEqual(await getSetting(db, 'readings.window'), { startDay: 20, endDay: 25 });

    const [audit] = await auditRows(db, admin.id, 'settings.update');
    assert.deepEqual(JSON.parse(audit?.details ?? '{}').changed.sort(), [
      'company.bic', 'company.correspondentAccount', 'company.inn', 'company.kpp', 'company.name', 'company.ogrn', 'company.settlementAccount',
      'company.bankName', 'readings.window', 'registration.mode', 'support.email',
    ].sort());

    await asAdmin.call('updateSettings', { registrationMode: 'application_only' });
    assert.equal((await auditRows(db, admin.id, 'settings.update')).length, 1, 'no change, no audit row');
  });

  it('keeps the SMTP password when omitted and never returns or audits it', async () => {
    const { db } = database();
    const smtp = { host: 'smtp.example.ru', port: 465, secure: true, user: 'portal', from: 'МУП «ККП» <noreply@example.ru>' };
    const view = await asAdmin.call('updateSettings', { smtp: { ...smtp, password: 'Sekret-Pass-1' } });
    assert.deepEqual(view.smtp, { ...smtp, passwordSet: true });
    assert.ok(!JSON.stringify(view).includes('Sekret-Pass-1'));

    const moved = await asAdmin.call('updateSettings', { smtp: { ...smtp, host: 'mail.example.ru' } });
    assert.equal(moved.smtp?.host, 'mail.example.ru');
    assert.deepEqual(await getSetting(db, 'mail.smtp'), { ...smtp, host: 'mail.example.ru', password: 'Sekret-Pass-1' });
    assert.ok(!JSON.stringify(await asAdmin.call('getSettings', {})).includes('Sekret-Pass-1'));

    const changes = (await auditRows(db, admin.id, 'settings.update')).map((r) => JSON.parse(r.details ?? '{}').changed);
    assert.deepEqual(changes.slice(-2), [['mail.smtp'], ['mail.smtp.host']]);
    assert.ok(!JSON.stringify(await db('audit_log')).includes('Sekret-Pass-1'));

    assert.equal((await asAdmin.call('updateSettings', { smtp: null })).smtp, null);
    assert.equal(await getSetting(db, 'mail.smtp'), null);
  });

  it('creates the operator company when there is none', async () => {
    const { db } = await ctx.freshDatabase();
    const asFirstAdmin = await consoleAs(db, await createStaff(db, 'administrator'));
    assert.equal((await asFirstAdmin.call('getSettings', {})).company.name, '');
    const missing = await refusal(asFirstAdmin, 'updateSettings', { company: { inn: SBER.inn } });
    assert.deepEqual(missing.fieldErrors.map((e) => e.field), ['company.name', 'company.shortName']);
    const view = await asFirstAdmin.call('updateSettings', { company: { name: 'Муниципальное унитарное предприятие «ККП»', shortName: 'МУП «ККП»', inn: SBER.inn } });
    assert.equal(view.company.shortName, 'МУП «ККП»');
    const rows = await db('companies');
    assert.equal(rows.length, 1);
    assert.ok(rows[0].is_operator);
    assert.equal(await getSetting(db, 'company.operatorId'), rows[0].id);
  });
});
