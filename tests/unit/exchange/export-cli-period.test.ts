import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodOfWord } from '../../../cli/export.ts';

test('previous and current name months in the company\'s zone; other values pass through for the schema', () => {
  // 31 December 2026, 21:30 UTC: already 1 January 2027 in Moscow, still 31 December in Kaliningrad.
  const newYear = Date.UTC(2026, 11, 31, 21, 30);
  assert.equal(periodOfWord('current', newYear, 'Europe/Moscow'), '2027-01');
  assert.equal(periodOfWord('previous', newYear, 'Europe/Moscow'), '2026-12');
  assert.equal(periodOfWord('previous', newYear, 'Europe/Kaliningrad'), '2026-11');
  assert.equal(periodOfWord('2026-05', newYear, 'Europe/Moscow'), '2026-05');
  assert.equal(periodOfWord('next', newYear, 'Europe/Moscow'), 'next');
});
