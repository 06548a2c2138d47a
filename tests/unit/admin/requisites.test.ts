import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bicError, correspondentAccountError, innError, kppError, ogrnError, requisite, settlementAccountError,
} from '../../../shared/requisites.ts';

/** Every copy of `value` with one digit changed: a check digit must catch each of them. */
function oneDigitTypos(value: string): string[] {
  const typos: string[] = [];
  for (let i = 0; i < value.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) !== value[i]) typos.push(value.slice(0, i) + d + value.slice(i + 1));
    }
  }
  return typos;
}

describe('ИНН', () => {
  test('accepts real organisations’ and persons’ numbers', () => {
    for (const inn of ['7707083893', '7736207543', '500100732259']) assert.equal(innError(inn), null, inn);
  });
  test('refuses a wrong check digit', () => {
    assert.equal(innError('7707083894'), 'ИНН указан с ошибкой: не сходится контрольная цифра');
    assert.equal(innError('500100732258'), 'ИНН указан с ошибкой: не сходится контрольная цифра');
    assert.equal(innError('500100732269'), 'ИНН указан с ошибкой: не сходится контрольная цифра', 'the 11th digit is checked too');
  });
  test('refuses other lengths and letters', () => {
    for (const inn of ['770708389', '77070838931', '77070838a3', '']) {
      assert.equal(innError(inn), 'ИНН состоит из 10 цифр (организация) или 12 цифр (ИП)', inn);
    }
  });
});

describe('КПП', () => {
  test('4 digits, 2 digits or capital Latin letters, 3 digits', () => {
    assert.equal(kppError('773601001'), null);
    assert.equal(kppError('7736AB001'), null);
    for (const kpp of ['77360100', '7736ab001', '77360100X', '7736АБ001']) assert.match(kppError(kpp) ?? '', /^КПП состоит из 9 знаков/, kpp);
  });
});

describe('ОГРН', () => {
  test('13 digits for a company, 15 for a sole trader, with the check digit', () => {
    assert.equal(ogrnError('1027700132195'), null);
    assert.equal(ogrnError('304500116000157'), null);
    assert.equal(ogrnError('1027700132194'), 'ОГРН указан с ошибкой: не сходится контрольная цифра');
    assert.equal(ogrnError('304500116000158'), 'ОГРН указан с ошибкой: не сходится контрольная цифра');
    assert.equal(ogrnError('10277001321'), 'ОГРН состоит из 13 цифр (ОГРНИП — из 15)');
  });
});

describe('БИК', () => {
  test('9 digits starting with 04', () => {
    assert.equal(bicError('044525225'), null);
    assert.equal(bicError('04452522'), 'БИК состоит из 9 цифр');
    assert.equal(bicError('144525225'), 'БИК российского банка начинается с 04');
  });
});

describe('accounts against the BIC', () => {
  const bic = '044525225';
  const settlement = '40702810938000012345';
  const correspondent = '30101810400000000225';

  test('accepts a settlement account whose key agrees with the BIC', () => {
    assert.equal(settlementAccountError(settlement, bic), null);
  });
  test('catches every one-digit typo in a settlement account', () => {
    for (const typo of oneDigitTypos(settlement)) {
      assert.equal(settlementAccountError(typo, bic), 'Расчётный счёт не сходится с БИК банка: проверьте оба значения', typo);
    }
  });
  test('the same account does not fit another bank', () => {
    assert.notEqual(settlementAccountError(settlement, '044525226'), null);
  });
  test('accepts the bank’s real correspondent account and catches typos in it', () => {
    assert.equal(correspondentAccountError(correspondent, bic), null);
    assert.equal(correspondentAccountError('30101810200000000823', '044525823'), null);
    for (const typo of oneDigitTypos(correspondent).filter((t) => t.startsWith('30101'))) {
      assert.equal(correspondentAccountError(typo, bic), 'Корреспондентский счёт не сходится с БИК банка', typo);
    }
  });
  test('explains format problems before the key', () => {
    assert.equal(settlementAccountError('4070281093800001234', bic), 'Расчётный счёт состоит из 20 цифр');
    assert.match(settlementAccountError(settlement, '12') ?? '', /Сначала укажите правильный БИК/);
    assert.equal(correspondentAccountError(settlement, bic), 'Корреспондентский счёт банка начинается с 30101');
  });
});

describe('requisite()', () => {
  test('makes a zod string that trims and reports the message', () => {
    const schema = requisite(innError);
    assert.equal(schema.parse(' 7707083893 '), '7707083893');
    const result = schema.safeParse('7707083894');
    assert.equal(result.success, false);
    assert.equal(result.error?.issues[0]?.message, 'ИНН указан с ошибкой: не сходится контрольная цифра');
  });
});
