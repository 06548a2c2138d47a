// The account switcher's short address: the flat first, so two flats of one resident differ
// within the first words a phone shows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortAddress } from '../../../site/views/short-address.ts';

describe('short address', () => {
  it('puts the flat first and leaves out the postcode, region and town', () => {
    assert.equal(shortAddress('216400, Смоленская обл., г. Десногорск, 3-й мкр., д. 5, кв. 12'), 'кв. 12, 3-й мкр., д. 5');
    assert.equal(shortAddress('г. Десногорск, 1-й микрорайон, д. 1, кв. 7'), 'кв. 7, 1-й микрорайон, д. 1');
  });

  it('keeps an address without a flat as it is, less its town', () => {
    assert.equal(shortAddress('г. Десногорск, ул. Ясная, д. 7'), 'ул. Ясная, д. 7');
    assert.equal(shortAddress('ул. Ясная, д. 7, кв. 12а'), 'кв. 12а, ул. Ясная, д. 7');
  });
});
