import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertedId } from '../../../db/dialect/inserted-id.ts';

describe('insertedId', () => {
  it('reads every shape knex gives for an inserted row', () => {
    assert.equal(insertedId({ id: 7 }), 7);
    assert.equal(insertedId({ id: '12' }), 12); // bigint as text
    assert.equal(insertedId(5), 5); // SQLite without returning
  });

  it('refuses a result that names no row', () => {
    for (const bad of [undefined, null, {}, { id: null }, 0, 'x', 1.5]) assert.throws(() => insertedId(bad), /insert returned no id/);
  });
});
