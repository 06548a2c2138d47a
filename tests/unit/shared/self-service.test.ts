// The self-service forms without a database: the registration form for each mode, the receipt
// amount an account in advance is matched with, the passport's keyed hash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskPassport, passportHash } from '../../../shared/access/passport.ts';
import { CONSENT_REQUIRED_MESSAGE as CONSENT_REQUIRED } from '../../../shared/access/consent.ts';
import { receiptAmount, registrationFormSchema } from '../../../shared/access/register.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';

describe('registration form', () => {
  const amountForm = registrationFormSchema('receipt_amount');

  it('reads the amount with a decimal comma or point and group spaces, the account number without spaces', () => {
    for (const [typed, kopecks] of [['1 234,56', 123_456], ['1234.56', 123_456], ['1\u00a0500', 150_000], ['0,5', 50]] as const) {
      const parsed = amountForm.parse({ account_number: ' 0001 1008 ', amount: typed, email: 'A@Example.ru', consent: '1' });
      assert.deepEqual(parsed, { accountNumber: '00011008', email: 'a@example.ru', proof: { kind: 'receipt_amount', kopecks } }, typed);
    }
  });

  it('names every bad field, consent included', () => {
    const result = amountForm.safeParse({ account_number: '12', amount: 'тысяча', email: 'nobody' });
    assert.ok(!result.success);
    assert.deepEqual(fieldErrorsOf(result.error).map((e) => e.field), ['account_number', 'amount', 'email', 'consent']);
    assert.equal(fieldErrorsOf(result.error).at(-1)?.message, CONSENT_REQUIRED);
  });

  it('in passport mode takes the series and number as typed and ignores an amount', () => {
    const parsed = registrationFormSchema('passport').parse({ account_number: '00011008', passport: '66 04 №123456', amount: '1500', email: 'a@b.ru', consent: 'on' });
    assert.deepEqual(parsed.proof, { kind: 'passport', passport: '6604123456' });
  });
});

describe('matching data', () => {
  it('asks for the amount due, or the charge when nothing is due', () => {
    assert.equal(receiptAmount(150_000, 100_000), 150_000);
    assert.equal(receiptAmount(0, 100_000), 100_000);
    assert.equal(receiptAmount(-20_000, 100_000), 100_000);
  });

  it('hashes the passport with the key, whatever the spacing, and masks it', () => {
    const key = 'k'.repeat(32);
    assert.equal(passportHash(key, '66 04 123456'), passportHash(key, '6604123456'));
    assert.notEqual(passportHash(key, '6604123456'), passportHash('j'.repeat(32), '6604123456'));
    assert.match(passportHash(key, '6604123456'), /^[0-9a-f]{64}$/);
    assert.equal(maskPassport('6604123456'), '66 ** ****56');
  });
});
