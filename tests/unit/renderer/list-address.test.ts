// A list's filter, sort and page in the address: written with only what differs from the
// defaults, read back to the same state, and whatever cannot be read left at its default.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listAddress, readListAddress } from '../../../desktop/renderer/src/list-address.ts';

const DEFAULTS = { status: 'open', overdueOnly: false, search: '', page: 1 };
const KEYS = ['created', 'address'] as const;

describe('list address', () => {
  it('writes only what differs from the defaults, and reads it back', () => {
    const filter = { status: 'all', overdueOnly: true, search: 'Ленина 5', page: 3 };
    const hash = listAddress('applications', filter, DEFAULTS, { by: 'address', dir: 'desc' });
    assert.equal(hash, '#/applications?status=all&overdueOnly=1&search=%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D0%B0+5&page=3&sort=-address');
    assert.deepEqual(readListAddress(hash, DEFAULTS, KEYS), { filter, sort: { by: 'address', dir: 'desc' } });
    assert.equal(listAddress('applications', DEFAULTS, DEFAULTS), '#/applications');
  });

  it('keeps the defaults for what it cannot read: a bad page, an unknown sort', () => {
    const read = readListAddress('#/applications?page=-2&sort=password&status=new&extra=1', DEFAULTS, KEYS);
    assert.deepEqual(read, { filter: { ...DEFAULTS, status: 'new' }, sort: undefined });
    assert.deepEqual(readListAddress('#/applications', DEFAULTS, KEYS), { filter: DEFAULTS, sort: undefined });
    assert.deepEqual(readListAddress('#/applications?sort=created', DEFAULTS, KEYS).sort, { by: 'created', dir: 'asc' });
  });
});
