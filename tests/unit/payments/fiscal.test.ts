// 54-ФЗ receipt data: where the receipt goes (e-mail, or a phone in 7XXXXXXXXXX form for an own
// cash register only: «Чеки от ЮKassa» deliver by e-mail), the item's description within
// ЮKassa's 128 characters, and the item in the API's shape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReceipt, receiptCustomer, receiptDescription, receiptPhone } from '../../../shared/payments/fiscal.ts';

describe('54-ФЗ receipt data', () => {
  it('turns Russian phone numbers into 7XXXXXXXXXX and refuses the rest', () => {
    assert.equal(receiptPhone('+7 (915) 123-45-67'), '79151234567');
    assert.equal(receiptPhone('8 915 123 45 67'), '79151234567');
    assert.equal(receiptPhone('9151234567'), '79151234567');
    assert.equal(receiptPhone('+380 44 123 45 67'), null);
    assert.equal(receiptPhone('123'), null);
    assert.equal(receiptPhone(null), null);
  });

  it('prefers the e-mail; a phone only for an own cash register', () => {
    assert.deepEqual(receiptCustomer('yookassa', { email: ' a@example.ru ', phone: '+79151234567' }), { email: 'a@example.ru' });
    assert.equal(receiptCustomer('yookassa', { email: null, phone: '+79151234567' }), null);
    assert.deepEqual(receiptCustomer('cash_register', { email: '', phone: '+7 915 123-45-67' }), { phone: '79151234567' });
    assert.equal(receiptCustomer('cash_register', { email: 'not-an-address', phone: null }), null);
  });

  it('describes the payment by account and month, within 128 characters', () => {
    assert.equal(receiptDescription('00011008', '2026-10'), 'Оплата ЖКУ, л/с 00011008, октябрь 2026');
    assert.equal(receiptDescription('9'.repeat(200), '2026-10').length, 128);
  });

  it('builds one item for the whole payment with the shop\'s codes', () => {
    const receipt = buildReceipt(
      { issuer: 'yookassa', vatCode: 4, paymentSubject: 'service', paymentMode: 'full_payment' },
      { customer: { email: 'a@example.ru' }, lines: [{ accountNumber: '00011008', period: '2026-09', amountKopecks: 123_405 }] },
    );
    assert.deepEqual(receipt, {
      customer: { email: 'a@example.ru' },
      items: [{
        description: 'Оплата ЖКУ, л/с 00011008, сентябрь 2026', quantity: '1.00', amount: { value: '1234.05', currency: 'RUB' },
        vat_code: 4, payment_subject: 'service', payment_mode: 'full_payment', measure: 'piece',
      }],
    });
  });

  it('builds one item per account when a payment is for several', () => {
    const receipt = buildReceipt(
      { issuer: 'yookassa', vatCode: 4, paymentSubject: 'service', paymentMode: 'full_payment' },
      { customer: { email: 'a@example.ru' }, lines: [
        { accountNumber: '00011008', period: '2026-10', amountKopecks: 60_050 },
        { accountNumber: '00011009', period: '2026-09', amountKopecks: 100_000 },
      ] },
    );
    assert.deepEqual(receipt.items.map((i) => [i.description, i.amount.value]), [
      ['Оплата ЖКУ, л/с 00011008, октябрь 2026', '600.50'],
      ['Оплата ЖКУ, л/с 00011009, сентябрь 2026', '1000.00'],
    ]);
  });
});
