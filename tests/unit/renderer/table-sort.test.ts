// Sorting a whole table in the page: Russian collation, numbers as numbers, empty cells last
// both ways, ties in the order the rows came.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortRows } from '../../../desktop/renderer/src/table-sort.ts';

const rows = [
  { name: 'ёлкин', n: 10 },
  { name: 'Абрамов', n: 2 },
  { name: null, n: 3 },
  { name: 'Елисеев', n: null },
  { name: 'абрамов', n: 1 },
];
const cells = { name: (r: (typeof rows)[number]) => r.name, n: (r: (typeof rows)[number]) => r.n };

describe('table sort', () => {
  it('orders text the Russian way and numbers by value, empty cells last in both directions', () => {
    assert.deepEqual(sortRows(rows, { by: 'name', dir: 'asc' }, cells).map((r) => r.name), ['Абрамов', 'абрамов', 'Елисеев', 'ёлкин', null]);
    assert.deepEqual(sortRows(rows, { by: 'name', dir: 'desc' }, cells).map((r) => r.name), ['ёлкин', 'Елисеев', 'Абрамов', 'абрамов', null]);
    assert.deepEqual(sortRows(rows, { by: 'n', dir: 'asc' }, cells).map((r) => r.n), [1, 2, 3, 10, null]);
    assert.deepEqual(sortRows(rows, { by: 'n', dir: 'desc' }, cells).map((r) => r.n), [10, 3, 2, 1, null]);
  });

  it('leaves the rows as they came without a sort or for an unknown column', () => {
    assert.deepEqual(sortRows(rows, undefined, cells), rows);
    assert.deepEqual(sortRows(rows, { by: 'other', dir: 'asc' }, cells), rows);
  });
});
