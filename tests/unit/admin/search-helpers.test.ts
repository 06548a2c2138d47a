import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { caseInsensitiveGlob, CYRILLIC_LOWER, CYRILLIC_UPPER, escapeLike, foldForSearch } from '../../../db/dialect/fold.ts';
import { postgresDialect } from '../../../db/dialect/postgres.ts';
import { sqliteDialect } from '../../../db/dialect/sqlite.ts';
import { digitPrefixRange, digitQuery, searchWords } from '../../../shared/admin/text-search.ts';
import { dayRange, startOfDay } from '../../../shared/admin/zoned-day.ts';

describe('folding for search', () => {
  test('the SQL alphabets are each other’s case', () => {
    assert.equal(CYRILLIC_UPPER.toLowerCase(), CYRILLIC_LOWER);
    assert.equal(CYRILLIC_UPPER.length, 33);
  });
  test('lower case with ё as е', () => {
    assert.equal(foldForSearch('ЁЛКИНА Пётр Smith'), 'елкина петр smith');
  });
  test('LIKE wildcards and the escape character are escaped', () => {
    assert.equal(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b');
  });
  test('a GLOB pattern with a class per letter, ё with е, wildcards literal', () => {
    assert.equal(caseInsensitiveGlob('ёлка 5b'), '*[еЕёЁ][лЛ][кК][аА] 5[bB]*');
    assert.equal(caseInsensitiveGlob('a*?[]'), '*[aA][*][?][[]]*');
  });
  test('each dialect gives a condition with the column and a pattern', () => {
    assert.deepEqual(sqliteDialect.containsFolded('a.address', 'ул'), { sql: '?? glob ?', bindings: ['a.address', '*[уУ][лЛ]*'] });
    const pg = postgresDialect.containsFolded('a.address', '50%');
    assert.match(pg.sql, /^translate\(lower\(\?\?\), '[А-ЯЁё]{34}', '[а-я]{34}'\) like \? escape '\\'$/);
    assert.deepEqual(pg.bindings, ['a.address', '%50\\%%']);
  });
});

describe('digit queries', () => {
  test('digits with spaces or dashes are a number; anything else is not', () => {
    assert.equal(digitQuery('0001 1008'), '00011008');
    assert.equal(digitQuery('000-11'), '00011');
    assert.equal(digitQuery('кв 12'), null);
  });
  test('a prefix becomes a half-open range', () => {
    assert.deepEqual(digitPrefixRange('0001'), { from: '0001', to: '0002' });
    assert.deepEqual(digitPrefixRange('0019'), { from: '0019', to: '002' });
    assert.deepEqual(digitPrefixRange('1099'), { from: '1099', to: '11' });
    assert.deepEqual(digitPrefixRange('99'), { from: '99', to: null });
  });
  test('words are folded and split on spaces, commas and dots', () => {
    assert.deepEqual(searchWords('ул. Строителей, д.6'), ['ул', 'строителей', 'д', '6']);
  });
});

describe('days in the company time zone', () => {
  test('a Moscow day starts at 21:00 UTC the day before', () => {
    assert.equal(startOfDay('2026-11-22', 'Europe/Moscow'), Date.parse('2026-11-21T21:00:00Z'));
    assert.equal(startOfDay('2026-11-22', 'UTC'), Date.parse('2026-11-22T00:00:00Z'));
    assert.equal(startOfDay('2026-01-01', 'Asia/Vladivostok'), Date.parse('2025-12-31T14:00:00Z'));
  });
  test('across a daylight-saving change', () => {
    assert.equal(startOfDay('2026-03-29', 'Europe/Berlin'), Date.parse('2026-03-28T23:00:00Z'));
    assert.equal(startOfDay('2026-03-30', 'Europe/Berlin'), Date.parse('2026-03-29T22:00:00Z'));
  });
  test('a range includes both end days', () => {
    assert.deepEqual(dayRange('2026-11-01', '2026-11-30', 'Europe/Moscow'), {
      start: Date.parse('2026-10-31T21:00:00Z'),
      end: Date.parse('2026-11-30T21:00:00Z'),
    });
    assert.deepEqual(dayRange(undefined, undefined, 'Europe/Moscow'), { start: undefined, end: undefined });
  });
});
