import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correspondentAccount, innWithCheck, settlementAccount } from '../../../db/seeds/demo-requisites.ts';
import { DomainError } from '../../../shared/errors.ts';
import { buildPaymentQr, cleanQrValue, parsePaymentQr, splitPersonName, type PaymentQrInput } from '../../../shared/payments/qr-payload.ts';

const BIC = '046614999';
const base: PaymentQrInput = {
  name: 'МУП «ККП»',
  personalAcc: settlementAccount(BIC, '40702810', '00000000101'),
  bankName: 'АО «Деснабанк», г. Смоленск',
  bic: BIC,
  correspAcc: correspondentAccount(BIC),
  payeeInn: innWithCheck('672499901'),
  kpp: '672401001',
  sum: 123456,
  purpose: 'Оплата ЖКУ за 09.2026',
  persAcc: '00001234',
  period: '2026-09',
};

describe('payment QR payload (ГОСТ Р 56042-2014)', () => {
  it('builds the DOMAIN.md example: header, mandatory fields in order, then the housing fields', () => {
    const payload = buildPaymentQr(base);
    assert.equal(
      payload,
      `ST00012|Name=МУП «ККП»|PersonalAcc=${base.personalAcc}|BankName=АО «Деснабанк», г. Смоленск|BIC=046614999`
        + `|CorrespAcc=${base.correspAcc}|PayeeINN=${base.payeeInn}|KPP=672401001|Sum=123456|Purpose=Оплата ЖКУ за 09.2026`
        + '|PersAcc=00001234|PaymPeriod=09.2026|TechCode=02',
    );
  });

  it('parses back what it builds, with the optional payer fields', () => {
    const payload = buildPaymentQr({ ...base, payerAddress: 'г. Десногорск, 1 мкр., д. 1, кв. 5', lastName: 'Иванова', firstName: 'Мария', middleName: 'Петровна' });
    const parsed = parsePaymentQr(payload);
    assert.equal(parsed.encoding, 'utf-8');
    assert.deepEqual(parsed.fields.slice(0, 5).map(([k]) => k), ['Name', 'PersonalAcc', 'BankName', 'BIC', 'CorrespAcc']);
    assert.equal(parsed.get('Sum'), '123456');
    assert.equal(parsed.get('PaymPeriod'), '09.2026');
    assert.equal(parsed.get('PayerAddress'), 'г. Десногорск, 1 мкр., д. 1, кв. 5');
    assert.equal(parsed.get('MiddleName'), 'Петровна');
    assert.equal(parsed.fields.at(-1)?.[0], 'TechCode');
  });

  it('turns the separator and line breaks inside values into spaces', () => {
    const parsed = parsePaymentQr(buildPaymentQr({ ...base, purpose: 'Оплата | ЖКУ\nза сентябрь', name: 'ООО|«Вода»' }));
    assert.equal(parsed.get('Purpose'), 'Оплата ЖКУ за сентябрь');
    assert.equal(parsed.get('Name'), 'ООО «Вода»');
    assert.equal(cleanQrValue('  a||b\t c '), 'a b c');
  });

  it('cuts the bank name to 45 and the purpose to 210 characters', () => {
    const parsed = parsePaymentQr(buildPaymentQr({ ...base, bankName: 'Б'.repeat(60), purpose: 'П'.repeat(300) }));
    assert.equal(parsed.get('BankName')?.length, 45);
    assert.equal(parsed.get('Purpose')?.length, 210);
  });

  it('refuses a payee name over 160 characters', () => {
    assert.throws(() => buildPaymentQr({ ...base, name: 'Н'.repeat(161) }), (e: unknown) => e instanceof DomainError && e.fieldErrors[0]?.field === 'name');
  });

  it('refuses wrong requisites, naming each field', () => {
    try {
      buildPaymentQr({ ...base, payeeInn: `${base.payeeInn.slice(0, 9)}${(Number(base.payeeInn[9]) + 1) % 10}`, personalAcc: '40702810000000000001', bic: '04661499', kpp: '123' });
      assert.fail('expected a validation error');
    } catch (e) {
      assert.ok(e instanceof DomainError);
      assert.deepEqual(e.fieldErrors.map((f) => f.field).sort(), ['bic', 'correspAcc', 'kpp', 'payeeInn', 'personalAcc']);
    }
  });

  it('leaves the sum out when nothing is due, so the bank app asks for it', () => {
    assert.equal(parsePaymentQr(buildPaymentQr({ ...base, sum: 0 })).get('Sum'), undefined);
    assert.equal(parsePaymentQr(buildPaymentQr({ ...base, sum: null })).get('Sum'), undefined);
  });

  it('rejects malformed payloads when parsing', () => {
    assert.throws(() => parsePaymentQr('ST00022|Name=x'), /header/);
    assert.throws(() => parsePaymentQr('ST00012|PersonalAcc=1|Name=x|BankName=b|BIC=1|CorrespAcc=2'), /order/);
    assert.throws(() => parsePaymentQr('ST00012|Name'), /malformed/);
  });

  it('splits a Russian full name into its parts, and nothing else', () => {
    assert.deepEqual(splitPersonName('Салтыков-Щедрин Михаил Евграфович'), { lastName: 'Салтыков-Щедрин', firstName: 'Михаил', middleName: 'Евграфович' });
    assert.deepEqual(splitPersonName('Иванов Иван'), { lastName: 'Иванов', firstName: 'Иван', middleName: null });
    assert.equal(splitPersonName('ООО «Ромашка»'), null);
    assert.equal(splitPersonName('Иванов Иван 00012345'), null);
  });
});
