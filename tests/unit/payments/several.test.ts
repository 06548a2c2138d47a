// Several accounts in one payment, the rules that need no database: each part 0 or within one
// payment's limits, at least one not 0, the total within one payment's limit; the description the
// payer sees within ЮKassa's 128 characters however many accounts; the form's amounts read by
// account, an empty field meaning 0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paymentDescription } from '../../../shared/payments/parts.ts';
import { readPostedParts } from '../../../shared/payments/schemas.ts';
import { partErrors } from '../../../shared/payments/several.ts';

const part = (accountId: number, amount: number) => ({ accountId, accountNumber: `0000100${accountId}`, amount });

describe('several accounts in one payment', () => {
  it('takes parts of 0 and within the limits, at least one of them not 0', () => {
    assert.deepEqual(partErrors([part(1, 0), part(2, 100)]), []);
    assert.deepEqual(partErrors([part(1, 50_000_000), part(2, 0)]), []);
    assert.deepEqual(partErrors([part(1, 0), part(2, 0)]), [{ field: 'part-1', message: 'Укажите сумму хотя бы по одному лицевому счёту' }]);
    assert.deepEqual(partErrors([part(1, 99), part(2, -5)]).map((e) => e.field), ['part-1', 'part-2']);
    assert.match(partErrors([part(1, 50_000_001)])[0]?.message ?? '', /^Лицевой счёт 00001001: сумма — не больше 500 000 ₽/);
    assert.match(partErrors([part(1, 30_000_000), part(2, 20_000_001)])[0]?.message ?? '', /^Всего 500\s000,01\s₽, а за один платёж можно не больше 500 000 ₽/);
  });

  it('names the accounts for the payer within 128 characters', () => {
    assert.equal(paymentDescription(['00011008']), 'Оплата ЖКУ, лицевой счёт 00011008');
    assert.equal(paymentDescription(['00011008', '00011009']), 'Оплата ЖКУ, лицевые счета 00011008, 00011009');
    const many = Array.from({ length: 20 }, (_, i) => String(11_000 + i).padStart(8, '0'));
    const text = paymentDescription(many);
    assert.ok(text.length <= 128, text);
    assert.match(text, /^Оплата ЖКУ, лицевые счета 00011000, 00011001, .* и ещё \d+$/);
  });

  it('reads the form by account: empty is 0, junk is named by the account, other ids are kept for the check', () => {
    const accounts = [{ id: 7, number: '00011008' }, { id: 9, number: '00011009' }];
    assert.deepEqual(readPostedParts({ 'part-7': '1 500,5', 'part-9': ' ', amount: '1' }, accounts), {
      parts: [{ accountId: 7, amountKopecks: 150_050 }, { accountId: 9, amountKopecks: 0 }], errors: [],
    });
    assert.deepEqual(readPostedParts({ 'part-7': 'много' }, accounts).errors, [{ field: 'part-7', message: 'Лицевой счёт 00011008: укажите сумму в рублях, например 1500,50' }]);
    assert.deepEqual(readPostedParts({ 'part-12': '100' }, accounts).parts.map((p) => p.accountId), [7, 9, 12]);
  });
});
