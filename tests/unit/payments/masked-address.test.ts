// The address on the pay-by-link page: the house stays (so the payer sees it is the right one),
// the flat does not; postcode and region go.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskAddress } from '../../../shared/payments/masked-address.ts';

describe('maskAddress', () => {
  it('masks the flat with two stars whatever its length', () => {
    assert.equal(maskAddress('216400, Смоленская обл., г. Десногорск, ул. Ленина, д. 5, кв. 12'), 'г. Десногорск, ул. Ленина, д. 5, кв. **');
    assert.equal(maskAddress('ул. Ленина, д. 5, кв. 3'), 'ул. Ленина, д. 5, кв. **');
    assert.equal(maskAddress('ул. Ленина, д. 5, кв. 112а'), 'ул. Ленина, д. 5, кв. **');
    assert.equal(maskAddress('3-й мкр., д. 5 квартира 40'), '3-й мкр., д. 5 квартира **');
  });

  it('masks rooms too, and the house number where there is no flat', () => {
    assert.equal(maskAddress('ул. Мира, д. 1, кв. 7, комн. 2'), 'ул. Мира, д. 1, кв. **, комн. **');
    assert.equal(maskAddress('216400, г. Десногорск, ул. Садовая, д. 12'), 'г. Десногорск, ул. Садовая, д. **');
  });

  it('leaves words that merely start like a flat or house alone', () => {
    assert.equal(maskAddress('ул. Комсомольская, д. 3, кв. 9'), 'ул. Комсомольская, д. 3, кв. **');
    assert.equal(maskAddress('д. Ивановка, ул. Дорожная, дом 4'), 'д. Ивановка, ул. Дорожная, дом **');
  });
});
