import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CONSENT_REQUIRED_MESSAGE, consentFieldSchema } from '../../../shared/access/consent.ts';
import { hashPassport, maskPassport, passportFields, personalDataKey } from '../../../shared/access/passport.ts';

const schema = z.object(passportFields);
const secret = { appSecret: 'a-secret-of-at-least-thirty-two-characters', env: 'test' as const };

describe('passport fields', () => {
  test('accepts the ways people write them and keeps digits only', () => {
    assert.deepEqual(schema.parse({ passportSeries: '66 12', passportNumber: '345 678' }), { passportSeries: '6612', passportNumber: '345678' });
    assert.deepEqual(schema.parse({ passportSeries: '66-12', passportNumber: '№345678' }), { passportSeries: '6612', passportNumber: '345678' });
  });

  test('refuses wrong lengths, letters and missing values with Russian messages', () => {
    const messages = (input: unknown) => schema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.deepEqual(messages({ passportSeries: '661', passportNumber: '34567' }), [
      'passportSeries: Серия паспорта — 4 цифры, например 66 12',
      'passportNumber: Номер паспорта — 6 цифр, например 345678',
    ]);
    assert.deepEqual(messages({}), ['passportSeries: Укажите серию паспорта', 'passportNumber: Укажите номер паспорта']);
    assert.deepEqual(messages({ passportSeries: '66АБ', passportNumber: ['1', '2'] }), [
      'passportSeries: Серия паспорта — 4 цифры, например 66 12',
      'passportNumber: Номер паспорта — 6 цифр, например 345678',
    ]);
  });
});

describe('passport hash and mask', () => {
  const p = { series: '6612', number: '345678' };

  test('the mask shows the first two digits of the series and the last two of the number', () => {
    assert.equal(maskPassport(p), '66 ** ****78');
  });

  test('the hash is keyed: 64 hex characters, stable for one key, different for another key or passport', () => {
    const h = hashPassport(p, secret);
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(hashPassport({ ...p }, secret), h);
    assert.notEqual(hashPassport(p, { appSecret: `${secret.appSecret}!`, env: 'test' }), h);
    assert.notEqual(hashPassport({ ...p, number: '345679' }, secret), h);
    assert.ok(!h.includes('345678'));
  });

  test('without APP_SECRET a development key is used, but never in production', () => {
    assert.ok(personalDataKey({ appSecret: undefined, env: 'development' }).length > 20);
    assert.throws(() => personalDataKey({ appSecret: undefined, env: 'production' }), /APP_SECRET/);
  });
});

describe('consent field', () => {
  test('a ticked checkbox or true is consent; anything else is refused with the message', () => {
    for (const v of ['on', true, '1']) assert.equal(consentFieldSchema.parse(v), true);
    for (const v of [undefined, '', 'off', false, ['on', 'on']]) {
      const r = consentFieldSchema.safeParse(v);
      assert.equal(r.success, false);
      assert.equal(r.error?.issues[0]?.message, CONSENT_REQUIRED_MESSAGE);
    }
  });
});
