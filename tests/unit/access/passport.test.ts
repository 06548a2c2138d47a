import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSENT_REQUIRED_MESSAGE, consentFieldSchema } from '../../../shared/access/consent.ts';
import { hashPassport, maskPassport, passportHash, passportSchema, personalDataKey } from '../../../shared/access/passport.ts';

const secret = { appSecret: 'a-secret-of-at-least-thirty-two-characters', env: 'test' as const };

describe('passport field', () => {
  test('accepts the ways people write it and keeps the ten digits', () => {
    for (const typed of ['66 04 123456', '6604 №123456', '66-04-123456', ' 6604123456 ']) assert.equal(passportSchema.parse(typed), '6604123456', typed);
  });

  test('refuses wrong lengths, letters, a missing or repeated value with Russian messages', () => {
    const messages = (input: unknown) => passportSchema.safeParse(input).error?.issues.map((i) => i.message);
    assert.deepEqual(messages(''), ['Укажите серию и номер паспорта']);
    assert.deepEqual(messages(undefined), ['Укажите серию и номер паспорта']);
    assert.deepEqual(messages('66 04 12345'), ['Серия и номер паспорта — 10 цифр, например 66 04 123456']);
    assert.deepEqual(messages('66АБ 123456'), ['Серия и номер паспорта — 10 цифр, например 66 04 123456']);
    assert.equal(passportSchema.safeParse(['6604123456', '6604123456']).success, false);
  });
});

describe('passport hash and mask', () => {
  const p = '6604123456';

  test('the mask shows the first two digits of the series and the last two of the number', () => {
    assert.equal(maskPassport(p), '66 ** ****56');
    assert.equal(maskPassport('66 04 123456'), '66 ** ****56');
  });

  test('the hash is keyed: 64 hex characters, stable for one key, different for another key or passport', () => {
    const h = hashPassport(p, secret);
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(passportHash(secret.appSecret, '66 04 123456'), h);
    assert.notEqual(hashPassport(p, { appSecret: `${secret.appSecret}!`, env: 'test' }), h);
    assert.notEqual(hashPassport('6604123457', secret), h);
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
